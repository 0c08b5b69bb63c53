package io.cmautopilot.scoring.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.scoring.engine.Engines;
import io.cmautopilot.scoring.engine.SentimentEngine;
import io.cmautopilot.scoring.engine.TextInput;
import io.cmautopilot.scoring.engine.Verdict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ./cm score [--engine lexicon|comprehend|hybrid] [--lang en|fr|auto] [FILE]} (docs/LOCAL.md): one text per
 * line, from FILE or stdin, one JSON line per text. Lines are scored in batches of 25, the Comprehend batch size, so
 * the comprehend and hybrid engines make as few calls as the Lambda does.
 */
public final class ScoreCli {
    static final String USAGE = """
            usage: cm score [--engine lexicon|comprehend|hybrid] [--lang en|fr|auto] [FILE]
              Scores one text per line (stdin when no FILE) and prints one JSON line per text:
              {"label":"POSITIVE|NEGATIVE|NEUTRAL|MIXED","scores":{...},"lang":..}
              --engine  lexicon (default; embedded, no network: rules and trained models, en and fr),
                        comprehend (Amazon Comprehend, AWS credentials from the default chain),
                        hybrid (lexicon first, Comprehend when its calibrated confidence is too low)
              --lang    en, fr, or auto (default: detected per line)
            """;
    private static final Set<String> ENGINES = Set.of("lexicon", "comprehend", "hybrid");
    private static final Set<String> LANGS = Set.of("en", "fr", "auto");
    private static final int BATCH = 25;

    private ScoreCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String engineName = "lexicon";
        String lang = "auto";
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--engine", "--lang" -> {
                    if (i + 1 >= args.length) {
                        err.println("cm score: " + a + " needs a value");
                        err.print(USAGE);
                        return 2;
                    }
                    String v = args[++i];
                    if (a.equals("--engine")) {
                        engineName = v;
                    } else {
                        lang = v;
                    }
                }
                default -> {
                    if (a.startsWith("--engine=")) {
                        engineName = a.substring("--engine=".length());
                    } else if (a.startsWith("--lang=")) {
                        lang = a.substring("--lang=".length());
                    } else if (a.startsWith("-") && !a.equals("-")) {
                        err.println("cm score: unknown option " + a);
                        err.print(USAGE);
                        return 2;
                    } else if (file != null) {
                        err.println("cm score: only one FILE, got " + file + " and " + a);
                        return 2;
                    } else {
                        file = a;
                    }
                }
            }
        }
        if (!ENGINES.contains(engineName)) {
            err.println("cm score: --engine must be lexicon, comprehend or hybrid, not " + engineName);
            return 2;
        }
        if (!LANGS.contains(lang)) {
            err.println("cm score: --lang must be en, fr or auto, not " + lang);
            return 2;
        }
        if (file != null && !file.equals("-") && !Files.isReadable(Path.of(file))) {
            err.println("cm score: cannot read " + file);
            return 2;
        }
        SentimentEngine engine;
        try {
            engine = Engines.create(engineName, Env.system());
        } catch (RuntimeException e) {
            err.println("cm score: cannot start the " + engineName + " engine: " + e.getMessage());
            return 1;
        }
        String language = lang.equals("auto") ? null : lang;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                file == null || file.equals("-") ? in : Files.newInputStream(Path.of(file)), StandardCharsets.UTF_8))) {
            List<TextInput> batch = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                batch.add(new TextInput(line, language));
                if (batch.size() == BATCH) {
                    print(engine, batch, out);
                    batch.clear();
                }
            }
            print(engine, batch, out);
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("cm score: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("cm score: scoring failed: " + e.getMessage());
            return 1;
        }
    }

    private static void print(SentimentEngine engine, List<TextInput> batch, PrintStream out) {
        if (batch.isEmpty()) {
            return;
        }
        List<Verdict> verdicts = engine.score(batch);
        for (Verdict v : verdicts) {
            ObjectNode line = Json.object().put("label", v.sentiment().label().name());
            ObjectNode scores = line.putObject("scores");
            new java.util.TreeMap<>(v.sentiment().scores()).forEach(scores::put);
            line.put("lang", v.sentiment().language()).put("engine", v.sentiment().engine());
            if (!v.toxicity().labels().isEmpty()) {
                line.putObject("toxicity").put("score", v.toxicity().score())
                        .set("labels", Json.MAPPER.valueToTree(v.toxicity().labels()));
            }
            out.println(Json.write(line));
        }
    }
}
