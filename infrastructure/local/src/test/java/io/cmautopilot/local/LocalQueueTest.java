package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.sqs.LocalQueue;
import io.cmautopilot.local.sqs.QueuePoller;
import io.cmautopilot.local.template.Wiring.QueueSourceSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** SQS semantics the functions rely on: batches, visibility, partial batch failures, redrive to the DLQ. */
class LocalQueueTest {
    final LocalQueue dlq = new LocalQueue("Dlq", Clock.systemUTC(), null, 0);
    final LocalQueue queue = new LocalQueue("Work", Clock.systemUTC(), dlq, 3);
    final List<List<String>> batches = new ArrayList<>();

    QueuePoller poller(boolean reportFailures, Function<JsonNode, JsonNode> function) {
        return new QueuePoller(new QueueSourceSpec("Worker.Work", "Worker", "Work", 3, 0, reportFailures, true), queue,
                event -> {
                    List<String> bodies = new ArrayList<>();
                    event.path("Records").forEach(r -> bodies.add(r.path("body").asText()));
                    batches.add(bodies);
                    return function.apply(event);
                }, 60_000, 0, new Activity(), line -> { });
    }

    static JsonNode failing(JsonNode event, String marker) {
        var out = Json.object();
        var failures = out.putArray("batchItemFailures");
        event.path("Records").forEach(r -> {
            if (r.path("body").asText().contains(marker)) {
                failures.addObject().put("itemIdentifier", r.path("messageId").asText());
            }
        });
        return out;
    }

    @Test
    void messagesGoOutInBatchesOfAtMostBatchSizeAndAreDeletedOnSuccess() {
        for (int i = 1; i <= 7; i++) {
            queue.send("m" + i);
        }
        QueuePoller p = poller(true, e -> Json.object().putArray("batchItemFailures"));

        while (p.pollOnce() > 0) {
            // drain
        }

        assertThat(batches).containsExactly(List.of("m1", "m2", "m3"), List.of("m4", "m5", "m6"), List.of("m7"));
        assertThat(queue.size()).isZero();
    }

    @Test
    void theRecordsCarryTheSqsEventFields() {
        queue.send("{\"hello\":1}");
        List<JsonNode> seen = new ArrayList<>();
        poller(false, e -> {
            seen.add(e);
            return null;
        }).pollOnce();

        JsonNode r = seen.get(0).path("Records").get(0);
        assertThat(r.path("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(r.path("eventSourceARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:Work");
        assertThat(r.path("attributes").path("ApproximateReceiveCount").asText()).isEqualTo("1");
        assertThat(r.path("md5OfBody").asText()).hasSize(32);
        assertThat(r.path("body").asText()).isEqualTo("{\"hello\":1}");
    }

    @Test
    void reportedFailuresAloneComeBackAndMoveToTheDeadLetterQueueAfterMaxReceiveCount() {
        queue.send("ok-1");
        queue.send("poison");
        queue.send("ok-2");
        QueuePoller p = poller(true, e -> failing(e, "poison"));

        p.pollOnce();
        assertThat(queue.bodies()).containsExactly("poison");
        p.pollOnce();
        p.pollOnce();

        assertThat(batches).containsExactly(List.of("ok-1", "poison", "ok-2"), List.of("poison"), List.of("poison"));
        assertThat(queue.size()).isZero();
        assertThat(dlq.bodies()).containsExactly("poison");
    }

    @Test
    void aFunctionThatThrowsFailsTheWholeBatch() {
        queue.send("a");
        queue.send("b");
        QueuePoller p = poller(true, e -> {
            throw new IllegalStateException("down");
        });

        p.pollOnce();

        assertThat(queue.bodies()).containsExactly("a", "b");
        assertThat(dlq.size()).isZero();
    }

    @Test
    void withoutReportBatchItemFailuresTheResponseIsIgnored() {
        queue.send("poison");
        poller(false, e -> failing(e, "poison")).pollOnce();

        assertThat(queue.size()).isZero();
    }

    @Test
    void anUnknownItemIdentifierFailsTheWholeBatchAsLambdaDoes() {
        queue.send("a");
        queue.send("b");
        poller(true, e -> {
            var out = Json.object();
            out.putArray("batchItemFailures").addObject().put("itemIdentifier", "not-in-this-batch");
            return out;
        }).pollOnce();

        assertThat(queue.bodies()).containsExactly("a", "b");
    }

    @Test
    void aReceivedMessageStaysInvisibleUntilSettledOrItsVisibilityPasses() {
        queue.send("x");
        var first = queue.receive(10, 60_000);
        assertThat(first).hasSize(1);
        assertThat(queue.receive(10, 60_000)).isEmpty();

        queue.release(first.get(0).id(), 0);
        var again = queue.receive(10, 60_000);
        assertThat(again).extracting(LocalQueue.Message::receiveCount).containsExactly(2);
    }

    @Test
    void aSnapshotRestoresTheMessagesAfterARestart() {
        queue.send("kept-1");
        queue.send("kept-2");
        LocalQueue restarted = new LocalQueue("Work", Clock.systemUTC(), dlq, 3);

        restarted.restore(queue.snapshot());

        assertThat(restarted.bodies()).containsExactly("kept-1", "kept-2");
    }
}
