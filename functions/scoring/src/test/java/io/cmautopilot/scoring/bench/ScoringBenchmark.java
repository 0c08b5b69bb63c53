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
import io.cmautopilot.scoring.flags.Flagger;
import io.cmautopilot.scoring.lexicon.LexiconEngine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
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

    /** A labelled offensive-language text: TSV {@code OFFENSIVE|NOT_OFFENSIVE TAB text}. */
    record Offence(String text, boolean offensive, String language) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ScoringBenchmark <file.json|file.tsv|file.csv>:<en|fr>[:odd|:even] ...");
            System.exit(2);
        }
        LexiconEngine engine = LexiconEngine.standard();
        LexiconEngine rules = LexiconEngine.rulesOnly();
        List<Example> all = new ArrayList<>();
        List<Example> tweets = new ArrayList<>();
        Set<String> trained = new HashSet<>();
        int whole = 0;
        for (String arg : args) {
            if (arg.startsWith("trained=")) {
                // the models' training files: a scored text that also occurs in one is left out and counted
                for (String line : Files.readAllLines(Path.of(arg.substring("trained=".length())))) {
                    int tab = line.indexOf('\t');
                    trained.add(line.substring(tab + 1));
                }
                continue;
            }
            String[] parts = arg.split(":");
            if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].matches("odd|even"))) {
                System.err.println("not <file>:<lang>[:odd|:even]: " + arg);
                System.exit(2);
            }
            Path file = Path.of(parts[0]);
            String lang = parts[1];
            if (isToxicitySet(file)) {
                List<Offence> offences = loadOffences(file, lang).stream().filter(o -> !trained.contains(o.text()))
                        .toList();
                reportToxicity(file.getFileName() + " (" + lang + ", " + offences.size() + " texts)", offences, rules,
                        engine);
                continue;
            }
            List<Example> loaded = load(file, lang);
            List<Example> examples = loaded.stream().filter(e -> !trained.contains(e.text())).toList();
            if (examples.size() < loaded.size()) {
                System.out.printf(Locale.ROOT, "%n%s: %d of its %d texts are in a training file and are left out%n",
                        file.getFileName(), loaded.size() - examples.size(), loaded.size());
            }
            String half = parts.length == 3 ? parts[2] : null;
            if (half == null) {
                all.addAll(examples);
                whole++;
                if (examples.stream().anyMatch(e -> e.gold() == Label.NEUTRAL)) {
                    tweets.addAll(examples);
                }
            } else {
                examples = half(examples, half.equals("odd"));
            }
            String title = file.getFileName() + (half == null ? "" : ", " + half + " rows") + " (" + lang + ", "
                    + examples.size() + " texts)";
            report(title + ", rules only", examples, rules);
            report(title + ", rules + trained model", examples, engine);
            if (examples.stream().anyMatch(e -> e.gold() == Label.NEUTRAL)) {
                hybrid(title, examples, rules, engine);
            }
        }
        if (whole > 1) {
            report("all whole sets (" + all.size() + " texts), rules + trained model", all, engine);
        }
        List<Example> comments = all.stream().filter(e -> e.text().length() <= COMMENT_LENGTH).toList();
        throughput("rules + trained model, all comment-sized texts", comments, engine);
        if (!tweets.isEmpty()) {
            throughput("rules + trained model, the 3-class social sets", tweets, engine);
            throughput("rules only, the 3-class social sets", tweets, rules);
        }
        calls(comments, engine);
    }

    static boolean isToxicitySet(Path file) throws IOException {
        if (!file.toString().endsWith(".tsv")) {
            return false;
        }
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                return line.startsWith("OFFENSIVE\t") || line.startsWith("NOT_OFFENSIVE\t");
            }
        }
        return false;
    }

    static List<Offence> loadOffences(Path file, String lang) throws IOException {
        List<Offence> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int tab = line.indexOf('\t');
            if (tab > 0 && !line.startsWith("#")) {
                String label = line.substring(0, tab).trim();
                if (!label.equals("OFFENSIVE") && !label.equals("NOT_OFFENSIVE")) {
                    throw new IllegalArgumentException(file + ": label must be OFFENSIVE or NOT_OFFENSIVE: " + label);
                }
                out.add(new Offence(line.substring(tab + 1), label.equals("OFFENSIVE"), lang));
            }
        }
        return out;
    }

    /** The TOXIC flag (toxicity at or above Flagger.TOXIC_MIN) against OFFENSIVE: 2-class macro-F1. */
    static void reportToxicity(String title, List<Offence> offences, LexiconEngine rules, LexiconEngine engine) {
        System.out.printf(Locale.ROOT, "%n## toxicity: %s%n", title);
        for (LexiconEngine e : List.of(rules, engine)) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            int tn = 0;
            for (Offence o : offences) {
                boolean flagged = e.score(o.text(), o.language()).toxicity().score() >= Flagger.TOXIC_MIN;
                if (flagged && o.offensive()) {
                    tp++;
                } else if (flagged) {
                    fp++;
                } else if (o.offensive()) {
                    fn++;
                } else {
                    tn++;
                }
            }
            double f1Off = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            double f1Not = tn == 0 ? 0 : 2.0 * tn / (2.0 * tn + fn + fp);
            System.out.printf(Locale.ROOT, "  %-22s macro-F1 %.3f; OFFENSIVE precision %.3f recall %.3f F1 %.3f;"
                            + " NOT_OFFENSIVE F1 %.3f%n", e == rules ? "insult lists only" : "lists + trained model",
                    (f1Off + f1Not) / 2, tp + fp == 0 ? 0 : (double) tp / (tp + fp), tp + fn == 0 ? 0 : (double) tp / (tp + fn),
                    f1Off, f1Not);
        }
    }

    /**
     * Hybrid mode on a 3-class set: the share of texts each engine keeps local (confident), how often those local
     * answers are right, and the Comprehend units the rest would cost (DetectSentiment: 100-character units, 3
     * minimum, text cut to 500 characters), against sending every text.
     */
    static void hybrid(String title, List<Example> examples, LexiconEngine rules, LexiconEngine engine) {
        long allUnits = examples.stream().mapToLong(e -> ComprehendEngine.units(e.text())).sum();
        System.out.printf(Locale.ROOT, "  hybrid on %s: sending every text costs %d units%n", title, allUnits);
        for (LexiconEngine e : List.of(rules, engine)) {
            int kept = 0;
            int right = 0;
            long sent = 0;
            for (Example x : examples) {
                Verdict v = e.score(x.text(), x.language());
                if (v.confident()) {
                    kept++;
                    right += v.sentiment().label() == x.gold() ? 1 : 0;
                } else {
                    sent += ComprehendEngine.units(x.text());
                }
            }
            System.out.printf(Locale.ROOT, "    %-22s keeps %.1f%% local, right on %.3f of them; sends %d units (%.1f%% saved)%n",
                    e == rules ? "rules (before)" : "rules + trained model", 100.0 * kept / examples.size(),
                    kept == 0 ? 0 : (double) right / kept, sent, 100.0 * (allUnits - sent) / allUnits);
        }
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

    static void report(String title, List<Example> examples, SentimentEngine engine) {
        LexiconEngine lexicon = (LexiconEngine) engine;
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

    /**
     * Comments per second of CPU time on one thread (ThreadMXBean), so the figure does not depend on what else the
     * machine runs; wall-clock rate shown too. 5 s of warm-up, then 10 s of CPU time measured.
     */
    static void throughput(String title, List<Example> examples, LexiconEngine lexicon) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        List<String> texts = examples.stream().map(Example::text).toList();
        long sink = 0;
        long warmEnd = cpu.getCurrentThreadCpuTime() + 5_000_000_000L;
        while (cpu.getCurrentThreadCpuTime() < warmEnd) {
            for (String t : texts) {
                sink += lexicon.score(t, null).sentiment().label().ordinal();
            }
        }
        long n = 0;
        long start = cpu.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long end = start + 10_000_000_000L;
        while (cpu.getCurrentThreadCpuTime() < end) {
            for (String t : texts) {
                sink += lexicon.score(t, null).sentiment().label().ordinal();
                n++;
            }
        }
        double seconds = (cpu.getCurrentThreadCpuTime() - start) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        System.out.printf(Locale.ROOT, "%n## throughput: %s (%d texts of at most %d characters)%n"
                        + "%.0f comments per CPU second on one thread (%d texts in %.1f s of CPU, %.1f s of wall clock:"
                        + " %.0f/s; language auto-detected; checksum %d)%n",
                title, texts.size(), COMMENT_LENGTH, n / seconds, n, seconds, wall, n / wall, sink % 10);
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
