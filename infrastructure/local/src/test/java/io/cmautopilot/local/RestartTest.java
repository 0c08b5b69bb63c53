package io.cmautopilot.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping loses nothing: waiting queue messages and the platform settings survive a restart on the same data. */
class RestartTest {
    @TempDir
    Path data;

    @Test
    void queuedMessagesAndSettingsAreKeptAcrossARestart() {
        String token;
        try (LocalRuntime first = TestRuntimes.onTestTemplate(data).start()) {
            assertThat(first.settings().generated()).hasSize(5);
            token = first.settings().values().get("CM_META_VERIFY_TOKEN");
            first.queue("WorkDeadLetterQueue").send("{\"kept\":1}");
        }
        assertThat(data.resolve("queues/WorkDeadLetterQueue.log")).exists();

        try (LocalRuntime second = TestRuntimes.onTestTemplate(data).start()) {
            assertThat(second.queue("WorkDeadLetterQueue").bodies()).containsExactly("{\"kept\":1}");
            assertThat(second.settings().generated()).isEmpty();
            assertThat(second.settings().values()).containsEntry("CM_META_VERIFY_TOKEN", token);
        }
    }

    @Test
    void messagesSavedByAnOlderRuntimeAtCtrlCAreMovedIntoTheJournal() throws Exception {
        Files.createDirectories(data.resolve("queues"));
        Files.writeString(data.resolve("queues/WorkDeadLetterQueue.json"), "[{\"body\":\"{\\\"old\\\":1}\",\"receiveCount\":0}]");

        try (LocalRuntime runtime = TestRuntimes.onTestTemplate(data).start()) {
            assertThat(runtime.queue("WorkDeadLetterQueue").bodies()).containsExactly("{\"old\":1}");
            assertThat(Files.exists(data.resolve("queues/WorkDeadLetterQueue.json"))).isFalse();
        }
        try (LocalRuntime again = TestRuntimes.onTestTemplate(data).start()) {
            assertThat(again.queue("WorkDeadLetterQueue").bodies()).containsExactly("{\"old\":1}");
        }
    }
}
