package io.cmautopilot.scoring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.cmautopilot.core.comment.Sentiment.Label;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.scoring.comprehend.ComprehendEngine;
import io.cmautopilot.scoring.comprehend.ComprehendStub;
import io.cmautopilot.scoring.engine.HybridEngine;
import io.cmautopilot.scoring.engine.SentimentEngine;
import io.cmautopilot.scoring.engine.TextInput;
import io.cmautopilot.scoring.engine.Verdict;
import io.cmautopilot.scoring.lexicon.LexiconEngine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The figures of docs/PERFORMANCE.md, section Scoring (run with functions/scoring/tools/benchmark.sh):
 * <ol>
 *   <li>accuracy and per-class F1 of the lexicon engine on labelled sets: JSON arrays of {@code {text, class}}
 *   (class 1 positive, 0 negative; the UCI "Sentiment Labelled Sentences" as shipped in npm sentiment@5.0.2), or
 *   TSV files {@code label TAB text} (label positive/negative/neutral), or the polarity CSV files of the Pattern
 *   library's test corpora ({@code "text","label"} or {@code "label","text"}, label 1 or -1; RFC 4180 quoting, fields
 *   may span lines), each with its language;</li>
 *   <li>lexicon throughput on one core (one thread, after warm-up);</li>
 *   <li>Comprehend calls per 1,000 comments in each mode, against a WireMock server speaking Comprehend's JSON 1.1
 *   protocol, in batches of 25 as the handler sends them.</li>
 * </ol>
 * Usage: {@code ScoringBenchmark <file>:<lang>[:odd|:even] ...}; a half ({@code odd} or {@code even} rows, counted
 * from 1) is reported on its own and left out of the "all whole sets" line.
 */
public final class ScoringBenchmark {
    record Example(String text, Label gold, String language) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ScoringBenchmark <file.json|file.tsv|file.csv>:<en|fr>[:odd|:even] ...");
            System.exit(2);
        }
        LexiconEngine lexicon = LexiconEngine.standard();
        List<Example> all = new ArrayList<>();
        int whole = 0;
        for (String arg : args) {
            String[] parts = arg.split(":");
            if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].matches("odd|even"))) {
                System.err.println("not <file>:<lang>[:odd|:even]: " + arg);
                System.exit(2);
            }
            Path file = Path.of(parts[0]);
            String lang = parts[1];
            List<Example> examples = load(file, lang);
            String half = parts.length == 3 ? parts[2] : null;
            if (half == null) {
                all.addAll(examples);
                whole++;
            } else {
                examples = half(examples, half.equals("odd"));
            }
            report(file.getFileName() + (half == null ? "" : ", " + half + " rows") + " (" + lang + ", "
                    + examples.size() + " texts)", examples, lexicon);
        }
        if (whole > 1) {
            report("all whole sets (" + all.size() + " texts)", all, lexicon);
        }
        List<Example> comments = all.stream().filter(e -> e.text().length() <= COMMENT_LENGTH).toList();
        throughput(comments, lexicon);
        calls(comments, lexicon);
    }

    /** Throughput and Comprehend calls are measured on comment-sized texts only; long reviews would skew both. */
    static final int COMMENT_LENGTH = 500;

    /** The odd (1st, 3rd, ...) or even rows of a set: one half for error analysis, the other held out. */
    static List<Example> half(List<Example> examples, boolean odd) {
        List<Example> out = new ArrayList<>();
        for (int i = odd ? 0 : 1; i < examples.size(); i += 2) {
            out.add(examples.get(i));
        }
        return out;
    }

    static List<Example> load(Path file, String lang) throws IOException {
        List<Example> out = new ArrayList<>();
        if (file.toString().endsWith(".json")) {
            for (JsonNode n : Json.tree(Files.readString(file))) {
                out.add(new Example(n.get("text").asText(), n.get("class").asInt() == 1 ? Label.POSITIVE : Label.NEGATIVE, lang));
            }
        } else if (file.toString().endsWith(".csv")) {
            for (List<String> row : csv(Files.readString(file))) {
                if (row.size() != 2) {
                    throw new IllegalArgumentException(file + ": a row has " + row.size() + " fields, expected 2");
                }
                boolean labelFirst = isPolarity(row.get(0));
                String label = labelFirst ? row.get(0) : row.get(1);
                if (!isPolarity(label)) {
                    throw new IllegalArgumentException(file + ": no 1/-1 label in row " + row);
                }
                String text = labelFirst ? row.get(1) : row.get(0);
                out.add(new Example(text.strip(), label.strip().equals("1") ? Label.POSITIVE : Label.NEGATIVE, lang));
            }
        } else {
            for (String line : Files.readAllLines(file)) {
                int tab = line.indexOf('\t');
                if (tab > 0 && !line.startsWith("#")) {
                    out.add(new Example(line.substring(tab + 1), Label.valueOf(line.substring(0, tab).trim().toUpperCase(Locale.ROOT)), lang));
                }
            }
        }
        return out;
    }

    private static boolean isPolarity(String field) {
        String f = field.strip();
        return f.equals("1") || f.equals("-1");
    }

    /** RFC 4180 rows: quoted fields with doubled quotes, line breaks inside quotes kept; a leading BOM dropped. */
    public static List<List<String>> csv(String content) {
        String s = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (any || !field.isEmpty()) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (any || !field.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    static void report(String title, List<Example> examples, LexiconEngine lexicon) {
        Map<Label, int[]> counts = new EnumMap<>(Label.class); // tp, fp, fn
        for (Label l : Label.values()) {
            counts.put(l, new int[3]);
        }
        int correct = 0;
        int undecided = 0;
        Map<Label, Integer> predicted = new EnumMap<>(Label.class);
        for (Example e : examples) {
            Label p = lexicon.score(e.text(), e.language()).sentiment().label();
            predicted.merge(p, 1, Integer::sum);
            if (p == e.gold()) {
                correct++;
                counts.get(p)[0]++;
            } else {
                counts.get(p)[1]++;
                counts.get(e.gold())[2]++;
            }
            if (p == Label.NEUTRAL || p == Label.MIXED) {
                undecided++;
            }
        }
        System.out.printf(Locale.ROOT, "%n## %s%naccuracy %.3f; predicted %s; neutral or mixed on %.1f%% of texts%n",
                title, (double) correct / examples.size(), predicted, 100.0 * undecided / examples.size());
        double f1Sum = 0;
        int classes = 0;
        for (Label l : Label.values()) {
            int[] c = counts.get(l);
            boolean inGold = examples.stream().anyMatch(e -> e.gold() == l);
            if (!inGold) {
                continue;
            }
            double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            classes++;
            System.out.printf(Locale.ROOT, "  %-8s precision %.3f recall %.3f F1 %.3f%n", l, precision, recall, f1);
        }
        System.out.printf(Locale.ROOT, "  macro-F1 %.3f (over the %d gold classes)%n", f1Sum / classes, classes);
    }

    static void throughput(List<Example> examples, LexiconEngine lexicon) {
        List<String> texts = examples.stream().map(Example::text).toList();
        long sink = 0;
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (String t : texts) {
                sink += lexicon.score(t, null).sentiment().label().ordinal();
            }
        }
        long n = 0;
        long start = System.nanoTime();
        long end = start + 10_000_000_000L;
        while (System.nanoTime() < end) {
            for (String t : texts) {
                sink += lexicon.score(t, null).sentiment().label().ordinal();
                n++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%n## lexicon throughput (%d texts of at most %d characters)%n"
                        + "%.0f comments/s on one thread (%d texts in %.1f s, language auto-detected; checksum %d)%n",
                texts.size(), COMMENT_LENGTH, n / seconds, n, seconds, sink % 10);
    }

    static void calls(List<Example> examples, LexiconEngine lexicon) {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new ComprehendStub()));
        server.start();
        try {
            server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withTransformers(ComprehendStub.NAME)));
            URI endpoint = URI.create(server.baseUrl());
            List<Example> sample = examples.size() > 1000 ? spread(examples, 1000) : examples;
            System.out.printf(Locale.ROOT, "%n## Comprehend calls per 1,000 comments (%d texts, batches of 25)%n", sample.size());
            for (boolean languageKnown : new boolean[]{true, false}) {
                List<TextInput> inputs = sample.stream()
                        .map(e -> new TextInput(e.text(), languageKnown ? e.language() : null)).toList();
                ComprehendEngine c1 = new ComprehendEngine(ComprehendStub.client(endpoint), lexicon);
                run(c1, inputs);
                ComprehendEngine c2 = new ComprehendEngine(ComprehendStub.client(endpoint), lexicon);
                HybridEngine hybrid = new HybridEngine(lexicon, c2);
                run(hybrid, inputs);
                double scale = 1000.0 / inputs.size();
                System.out.printf(Locale.ROOT, "platform language %s:%n", languageKnown ? "given" : "absent");
                System.out.printf(Locale.ROOT, "  comprehend %.0f calls %s; %.0f documents, %.0f billed units%n",
                        c1.totalCalls() * scale, scaled(c1.calls(), scale), c1.documents() * scale, c1.billedUnits() * scale);
                System.out.printf(Locale.ROOT, "  hybrid     %.0f calls %s; %.0f documents, %.0f billed units (%.0f%% fewer calls, %.0f%% fewer units)%n",
                        c2.totalCalls() * scale, scaled(c2.calls(), scale), c2.documents() * scale, c2.billedUnits() * scale,
                        100.0 * (1 - (double) c2.totalCalls() / c1.totalCalls()),
                        100.0 * (1 - (double) c2.billedUnits() / c1.billedUnits()));
                System.out.println("  lexicon    0 calls");
            }
            long unsure = sample.stream().filter(e -> !lexicon.score(e.text(), e.language()).confident()).count();
            System.out.printf(Locale.ROOT, "hybrid sends %.1f%% of the texts to Comprehend (the lexicon is confident on %.1f%%)%n",
                    100.0 * unsure / sample.size(), 100.0 * (sample.size() - unsure) / sample.size());
        } finally {
            server.stop();
        }
    }

    private static List<Example> spread(List<Example> all, int n) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    private static void run(SentimentEngine engine, List<TextInput> inputs) {
        for (int from = 0; from < inputs.size(); from += 25) {
            List<Verdict> ignored = engine.score(inputs.subList(from, Math.min(inputs.size(), from + 25)));
            if (ignored.size() != Math.min(25, inputs.size() - from)) {
                throw new IllegalStateException("engine lost verdicts");
            }
        }
    }

    private static String scaled(Map<String, Long> calls, double scale) {
        StringBuilder b = new StringBuilder("(");
        new java.util.TreeMap<>(calls).forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append(' ')
                .append(Math.round(v * scale)));
        return b.append(')').toString();
    }
}
