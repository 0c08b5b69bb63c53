package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.cli.ClientCommands;
import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing on the REAL template through the local runtime and the CLI: a post with a first comment, the brand
 * paused, the publish schedule fired at the post's time (fire?at=) publishes nothing; resumed, the next tick
 * publishes the post and its first comment to the local sink.
 */
class LocalPublishingTest {
    @TempDir
    static Path data;
    static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.builder(ProjectRoot.find(), data).port(0).fireSchedules(false).environment(Map.of())
                .log(System.out::println).start();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Runs {@code ./cm <group> <args...>} against the runtime; returns the printed JSON. */
    static JsonNode cm(String group, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("--endpoint");
        argv.add(runtime.baseUrl());
        int status = ClientCommands.run(group, argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("./cm %s %s: %s %s", group, String.join(" ", args), out, err).isZero();
        return Json.tree(out.toString(StandardCharsets.UTF_8));
    }

    static JsonNode fire(Instant at) throws Exception {
        String fn = runtime.wiring().schedules().stream().map(s -> s.functionId())
                .filter(f -> f.toLowerCase().contains("publish")).findFirst().orElseThrow();
        var http = java.net.http.HttpClient.newHttpClient();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(runtime.baseUrl()
                        + "/_local/schedules/" + fn + "/fire?at=" + at)).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.tree(answer.body());
    }

    @Test
    void a_paused_brand_holds_its_post_and_resumed_publishes_it_with_its_first_comment() throws Exception {
        cm("brands", "create", "--id", "pausy", "--name", "Pausy", "--timezone", "Europe/Paris");
        String account = cm("accounts", "add", "--brand", "pausy", "--network", "local", "--handle", "sink",
                "--external-id", "sink").path("id").asText();
        Instant at = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String post = cm("posts", "create", "--brand", "pausy", "--text", "Winter menu #soup", "--account", account,
                "--at", at.toString(), "--first-comment", "Full menu: https://pausy.example/menu").path("id").asText();

        JsonNode paused = cm("publishing", "pause", "--brand", "pausy", "--reason", "recall");
        assertThat(paused.path("paused").asBoolean()).isTrue();
        fire(at.plusSeconds(60));
        assertThat(cm("posts", "get", "--brand", "pausy", post).path("status").asText()).isEqualTo("SCHEDULED");
        assertThat(cm("publishing", "status", "--brand", "pausy").path("held").asInt()).isEqualTo(1);

        JsonNode resumed = cm("publishing", "resume", "--brand", "pausy");
        assertThat(resumed.path("released").asInt()).isEqualTo(1);
        fire(at.plusSeconds(120));

        JsonNode done = cm("posts", "get", "--brand", "pausy", post);
        assertThat(done.path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(done.path("targets").get(0).path("firstComment").path("status").asText()).isEqualTo("POSTED");
        assertThat(cm("brands", "list").path("items")).anySatisfy(b -> assertThat(b.path("id").asText()).isEqualTo("pausy"));
    }
}
