package io.cmautopilot.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.local.cli.Demo;
import io.cmautopilot.testing.MotoExtension;
import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./cm demo --aws-endpoint URL} against moto: exits 0 with the alert and the digest in moto's SES store. */
class CloudDemoTest {
    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    @Test
    void theDemoRunsTheWholeLoopThroughMotoAndItsMailIsInMotosSesStore(@TempDir Path data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(List.of("--aws-endpoint", moto.endpoint().toString(), "--data", data.toString()),
                ProjectRoot.find(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String story = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(story + err.toString(StandardCharsets.UTF_8)).isZero();
        List<JsonNode> mail = moto.sentMail();
        assertThat(mail).anySatisfy(m -> {
            assertThat(m.path("destinations").toString()).contains("cm@demo.example");
            assertThat(m.path("subject").asText()).contains("possible crisis");
        });
        assertThat(mail).anySatisfy(m -> {
            assertThat(m.path("destinations").toString()).contains("marketing@demo.example");
            assertThat(m.path("subject").asText()).contains("daily digest");
        });
        assertThat(mail).allSatisfy(m -> assertThat(m.path("source").asText()).isEqualTo("digest@example.com"));
        // The digest path the demo prints is the copy of the message moto holds.
        String digest = story.lines().filter(l -> l.startsWith("Digest: ")).findFirst().orElseThrow().substring(8);
        assertThat(Path.of(digest).getFileName().toString()).startsWith("ses-");
        assertThat(Files.readString(Path.of(digest))).contains("<html");
    }
}
