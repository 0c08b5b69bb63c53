package io.cmautopilot.scoring.cli;

import io.cmautopilot.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return ScoreCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void scoresStdinOneJsonLinePerText() {
        int code = run("I love this!\nCe n'est pas bon du tout\n\n");

        assertThat(code).isZero();
        assertThat(lines()).hasSize(3);
        var first = Json.tree(lines().get(0));
        assertThat(first.get("label").asText()).isEqualTo("POSITIVE");
        assertThat(first.get("lang").asText()).isEqualTo("en");
        assertThat(first.get("scores").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("positive", "negative", "neutral", "mixed");
        var second = Json.tree(lines().get(1));
        assertThat(second.get("label").asText()).isEqualTo("NEGATIVE");
        assertThat(second.get("lang").asText()).isEqualTo("fr");
        assertThat(Json.tree(lines().get(2)).get("label").asText()).isEqualTo("NEUTRAL");
    }

    @Test
    void readsAFileAndForcesTheLanguage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("texts.txt");
        Files.writeString(file, "super\n");

        assertThat(run("", "--engine", "lexicon", "--lang", "fr", file.toString())).isZero();

        var line = Json.tree(lines().get(0));
        assertThat(line.get("lang").asText()).isEqualTo("fr");
        assertThat(line.get("label").asText()).isEqualTo("POSITIVE");
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run("", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: cm score");
    }

    @Test
    void badArgumentsExitWith2() {
        assertThat(run("", "--engine", "magic")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--engine must be lexicon, comprehend or hybrid");
        err.reset();
        assertThat(run("", "--lang", "de")).isEqualTo(2);
        assertThat(run("", "--verbose")).isEqualTo(2);
        assertThat(run("", "--engine")).isEqualTo(2);
        assertThat(run("", "/no/such/file.txt")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read /no/such/file.txt");
    }
}
