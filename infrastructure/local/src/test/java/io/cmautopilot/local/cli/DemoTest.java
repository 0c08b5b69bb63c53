package io.cmautopilot.local.cli;

import io.cmautopilot.local.fixtures.contract.FakeSuite;
import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo script against tiny fake functions that speak the contract (src/test/.../fixtures/contract): every step
 * runs over HTTP through the real runtime, so the story, the waits and the failure messages are tested here; the
 * real functions are exercised the same way by {@code ./cm demo} and LocalLoopTest once merged.
 */
class DemoTest {
    @TempDir
    Path data;

    @BeforeEach
    void reset() {
        FakeSuite.reset();
    }

    static Path template(String name) {
        try {
            return Path.of(DemoTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    record Run(int status, String out, String err) {
    }

    Run demo(String template) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(List.of("--data", data.toString()), ProjectRoot.find(), template(template),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDemoTellsTheWholeStoryAndPrintsTheDigestPath() throws Exception {
        Run r = demo("demo-template.yaml");

        System.out.println(r.out());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Create the brand 'demo'", "published to", "PUBLISHED", "comments delivered",
                "refused: 401", "NEGATIVE", "12 flagged NEGATIVE", "\"⚠ Crisis alert: demo\" → ",
                "\"Daily digest: demo\" mailed to marketing@demo.example", "Digest: ");
        String digestLine = r.out().lines().filter(l -> l.startsWith("Digest: ")).findFirst().orElseThrow();
        Path digest = Path.of(digestLine.substring("Digest: ".length()));
        assertThat(digest).startsWith(data.resolve("outbox"));
        var delivered = java.util.regex.Pattern.compile("(\\d+) comments delivered").matcher(r.out());
        assertThat(delivered.find()).isTrue();
        assertThat(Files.readString(digest)).contains("<h1>demo</h1>").contains(delivered.group(1) + " comments");
        try (var sink = Files.list(data.resolve("sink"))) {
            assertThat(sink.filter(Files::isRegularFile).count()).as("the two posts").isEqualTo(2);
        }
        // the question was answered once, although the reply was asked twice with one Idempotency-Key
        assertThat(r.out()).contains("Reply to the open question", "(asked twice with one Idempotency-Key: one reply)",
                "the comment is now answered, reply PUBLISHED");
        try (var replies = Files.list(data.resolve("sink").resolve("replies"))) {
            assertThat(replies.count()).isEqualTo(1);
        }
    }

    @Test
    void aMissingFunctionStopsTheDemoWithTheStepAndTheRouteNamed() {
        Run r = demo("test-template.yaml");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("FAILED at step 1 (create the brand)")
                .contains("template.yaml does not declare POST /v1/brands yet");
    }
}
