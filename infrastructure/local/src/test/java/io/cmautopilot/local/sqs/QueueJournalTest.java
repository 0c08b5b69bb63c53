package io.cmautopilot.local.sqs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A journaled queue reopened as after a kill -9: what was sent and not deleted is there, with its receive count. */
class QueueJournalTest {
    @TempDir
    Path dir;

    private LocalQueue open(String name, LocalQueue dlq, int maxReceives) {
        return new LocalQueue(name, Clock.systemUTC(), dlq, maxReceives, dir.resolve(name + ".log"), 0);
    }

    @Test
    void a_sent_message_is_there_after_a_reopen_without_close_and_a_deleted_one_is_not() {
        LocalQueue q = open("Work", null, 0);
        q.send("{\"n\":1}");
        q.send("{\"n\":2}");
        String first = q.receive(1, 60_000).get(0).id();
        q.delete(first);
        // no close(): the process was killed

        LocalQueue after = open("Work", null, 0);

        assertThat(after.bodies()).containsExactly("{\"n\":2}");
    }

    @Test
    void a_message_in_flight_at_the_kill_comes_back_with_its_receive_count_and_is_redriven_on_time() {
        LocalQueue dlq = open("Dlq", null, 0);
        LocalQueue q = open("Work", dlq, 2);
        q.send("poison");
        assertThat(q.receive(1, 60_000)).singleElement().satisfies(m -> assertThat(m.receiveCount()).isEqualTo(1));

        LocalQueue dlqAfter = open("Dlq", null, 0);
        LocalQueue after = open("Work", dlqAfter, 2);
        List<LocalQueue.Message> again = after.receive(1, 60_000);
        assertThat(again).singleElement().satisfies(m -> assertThat(m.receiveCount()).isEqualTo(2));
        after.release(again.get(0).id(), 0);

        assertThat(after.size()).isZero();
        assertThat(dlqAfter.bodies()).containsExactly("poison");
        assertThat(open("Dlq", null, 0).bodies()).as("the dead letter is durable too").containsExactly("poison");
        assertThat(open("Work", null, 0).size()).isZero();
    }

    @Test
    void a_last_line_cut_short_by_the_kill_is_ignored() throws Exception {
        LocalQueue q = open("Work", null, 0);
        q.send("kept");
        Files.writeString(dir.resolve("Work.log"), "{\"op\":\"S\",\"id\":\"x\",\"bo", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertThat(open("Work", null, 0).bodies()).containsExactly("kept");
    }

    @Test
    void the_journal_is_compacted_to_the_live_messages() throws Exception {
        LocalQueue q = open("Work", null, 0);
        for (int i = 0; i < 6_000; i++) {
            q.send("m" + i);
            q.delete(q.receive(1, 60_000).get(0).id());
        }
        q.send("last");

        assertThat(Files.readAllLines(dir.resolve("Work.log")).size()).as("lines after compaction").isLessThan(8_000);
        assertThat(open("Work", null, 0).bodies()).containsExactly("last");
    }
}
