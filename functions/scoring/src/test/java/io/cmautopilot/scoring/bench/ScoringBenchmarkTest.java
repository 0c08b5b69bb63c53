package io.cmautopilot.scoring.bench;

import io.cmautopilot.core.comment.Sentiment.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's loaders: the figures in docs/PERFORMANCE.md are only as good as the rows they read. */
class ScoringBenchmarkTest {
    @Test
    void readsPatternCsvWithQuotesLineBreaksAndABom() {
        String csv = "\uFEFF\"Un \"\"chef-d'oeuvre\"\", vraiment\",\"1\"\n\"Nul,\nvraiment nul\",\"-1\"\r\n";
        assertThat(ScoringBenchmark.csv(csv)).containsExactly(
                List.of("Un \"chef-d'oeuvre\", vraiment", "1"),
                List.of("Nul,\nvraiment nul", "-1"));
    }

    @Test
    void findsTheLabelInEitherColumn(@TempDir Path dir) throws IOException {
        Path textFirst = dir.resolve("fr.csv");
        Files.writeString(textFirst, "\"Génial\",\"1\"\n\"Décevant\",\"-1\"\n");
        Path labelFirst = dir.resolve("en.csv");
        Files.writeString(labelFirst, "\"-1\",\"dull \"\n\"1\",\"a gem\"\n");

        assertThat(ScoringBenchmark.load(textFirst, "fr")).containsExactly(
                new ScoringBenchmark.Example("Génial", Label.POSITIVE, "fr"),
                new ScoringBenchmark.Example("Décevant", Label.NEGATIVE, "fr"));
        assertThat(ScoringBenchmark.load(labelFirst, "en")).extracting(ScoringBenchmark.Example::gold)
                .containsExactly(Label.NEGATIVE, Label.POSITIVE);
    }

    @Test
    void refusesARowWithoutALabel(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "\"text\",\"5 stars\"\n");
        assertThatThrownBy(() -> ScoringBenchmark.load(bad, "en")).hasMessageContaining("no 1/-1 label");
    }

    @Test
    void halvesSplitOddAndEvenRowsCountedFromOne() {
        List<ScoringBenchmark.Example> rows = List.of(
                new ScoringBenchmark.Example("1", Label.POSITIVE, "en"), new ScoringBenchmark.Example("2", Label.POSITIVE, "en"),
                new ScoringBenchmark.Example("3", Label.POSITIVE, "en"));
        assertThat(ScoringBenchmark.half(rows, true)).extracting(ScoringBenchmark.Example::text).containsExactly("1", "3");
        assertThat(ScoringBenchmark.half(rows, false)).extracting(ScoringBenchmark.Example::text).containsExactly("2");
    }
}
