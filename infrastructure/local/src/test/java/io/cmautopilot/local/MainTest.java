package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ./cm commands as a user meets them: help, bad arguments, an unreachable endpoint, a busy port, real calls. */
class MainTest {
    @TempDir
    static Path data;
    static LocalRuntime runtime;

    record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.onTestTemplate(data).start();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static Run cm(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasItsOwn() {
        Run help = cm("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("up [--port 3000]", "demo", "score", "posts create|list|get|cancel", "digest preview");

        for (String[] command : List.of(new String[]{"up", "--help"}, new String[]{"demo", "--help"},
                new String[]{"brands", "create", "--help"}, new String[]{"brands", "get", "--help"},
                new String[]{"accounts", "add", "--help"}, new String[]{"accounts", "list", "--help"},
                new String[]{"posts", "create", "--help"}, new String[]{"posts", "list", "--help"},
                new String[]{"posts", "get", "--help"}, new String[]{"posts", "cancel", "--help"},
                new String[]{"comments", "list", "--help"}, new String[]{"subscriptions", "add", "--help"},
                new String[]{"subscriptions", "list", "--help"}, new String[]{"digest", "preview", "--help"})) {
            Run r = cm(command);
            assertThat(r.status()).as(String.join(" ", command)).isZero();
            assertThat(r.out()).as(String.join(" ", command)).startsWith("usage: ./cm " + command[0]);
        }
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhatIsWrong() {
        Run unknown = cm("frobnicate");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");

        Run missing = cm("posts", "create", "--brand", "b", "--endpoint", runtime.baseUrl());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("--text is required").contains("usage: ./cm posts create");

        Run typo = cm("comments", "list", "--brand", "b", "--sentimnet", "NEGATIVE");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option --sentimnet");

        Run port = cm("up", "--port", "http");
        assertThat(port.status()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be a whole number");
    }

    @Test
    void anUnreachableEndpointExitsWithThreeAndSuggestsStartingTheRuntime() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run r = cm("brands", "get", "demo", "--endpoint", "http://127.0.0.1:" + closed);

        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach http://127.0.0.1:" + closed).contains("./cm up");
    }

    @Test
    void upOnABusyPortSaysSoAndExitsWithSix() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = cm("up", "--port", Integer.toString(busy.getLocalPort()), "--data", data.resolve("busy").toString());

            assertThat(r.status()).isEqualTo(6);
            assertThat(r.err()).contains("port " + busy.getLocalPort()).contains("already in use").contains("--port");
        }
    }

    @Test
    void clientCommandsCallTheContractsRoutesAndPrintTheAnswer() throws Exception {
        Run r = cm("brands", "get", "my brand", "--endpoint", runtime.baseUrl());

        assertThat(r.status()).as(r.err()).isZero();
        JsonNode echoed = Json.tree(r.out());
        assertThat(echoed.path("routeKey").asText()).isEqualTo("GET /v1/brands/{brand}");
        assertThat(echoed.path("pathParameters").path("brand").asText()).isEqualTo("my brand");
    }

    @Test
    void anErrorAnswerIsPrintedInOneLineWithExitOne() {
        Run r = cm("posts", "list", "--brand", "b", "--endpoint", runtime.baseUrl());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("cm: 404 not_found: no route GET /v1/brands/b/posts");
    }

    @Test
    void digestPreviewWritesTheHtmlToAFile() throws Exception {
        Path file = data.resolve("preview.html");
        Run r = cm("digest", "preview", "--brand", "demo", "--out", file.toString(), "--endpoint", runtime.baseUrl());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(Files.readString(file)).contains("digest of demo");
    }

    @Test
    void scoreWithoutTheScoringCliSaysWhatIsMissing() {
        boolean present;
        try {
            Class.forName("io.cmautopilot.scoring.cli.ScoreCli");
            present = true;
        } catch (ClassNotFoundException e) {
            present = false;
        }
        if (present) {
            Run r = cm("score", "--help");
            assertThat(r.status()).isZero();
        } else {
            Run r = cm("score");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("io.cmautopilot.scoring.cli.ScoreCli");
        }
    }
}
