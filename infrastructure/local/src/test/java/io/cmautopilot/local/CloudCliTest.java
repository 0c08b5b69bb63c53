package io.cmautopilot.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --aws-endpoint} on the command line: a bad URL is a usage error, an endpoint that does not answer is 3. */
class CloudCliTest {
    record Run(int status, String out, String err) {
    }

    static Run cm(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadEndpointIsRefusedBeforeAnythingStarts(@TempDir Path data) {
        Run up = cm("up", "--port", "0", "--data", data.toString(), "--aws-endpoint", "ftp://127.0.0.1:21");
        assertThat(up.status()).isEqualTo(2);
        assertThat(up.err()).contains("--aws-endpoint 'ftp://127.0.0.1:21' must start with http:// or https://");

        Run demo = cm("demo", "--data", data.toString(), "--aws-endpoint", "http://127.0.0.1:1/path");
        assertThat(demo.status()).isEqualTo(2);
        assertThat(demo.err()).contains("no path");

        assertThat(cm("up", "--help").out()).contains("--aws-endpoint URL");
        assertThat(cm("demo", "--help").out()).contains("--aws-endpoint URL");
    }

    @Test
    void anEndpointThatDoesNotAnswerExitsWithThreeAndSaysHowToStartOne(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run up = cm("up", "--port", "0", "--data", data.toString(), "--aws-endpoint", "http://127.0.0.1:" + port);
        assertThat(up.status()).isEqualTo(3);
        assertThat(up.err()).contains("does not answer").contains("moto_server");
    }
}
