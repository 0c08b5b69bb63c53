package io.cmautopilot.scoring.comprehend;

import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.scoring.engine.SentimentEngine;
import io.cmautopilot.scoring.engine.TextInput;
import io.cmautopilot.scoring.engine.Toxicity;
import io.cmautopilot.scoring.engine.Verdict;
import io.cmautopilot.scoring.lexicon.LexiconEngine;
import software.amazon.awssdk.services.comprehend.ComprehendClient;
import software.amazon.awssdk.services.comprehend.model.BatchDetectDominantLanguageResponse;
import software.amazon.awssdk.services.comprehend.model.BatchDetectSentimentResponse;
import software.amazon.awssdk.services.comprehend.model.BatchItemError;
import software.amazon.awssdk.services.comprehend.model.DetectToxicContentResponse;
import software.amazon.awssdk.services.comprehend.model.DominantLanguage;
import software.amazon.awssdk.services.comprehend.model.TextSegment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Amazon Comprehend, batched:
 * <ul>
 *   <li>{@code BatchDetectDominantLanguage} for the texts the platform gave no language (25 per call);</li>
 *   <li>{@code BatchDetectSentiment} per language, 25 documents per call (the API's maximum);</li>
 *   <li>{@code DetectToxicContent} for English texts, 10 segments per call (the API's maximum; English only).</li>
 * </ul>
 * Every text is cut to its first 500 characters before it is sent: Comprehend "performs real-time sentiment analysis
 * on the first 500 characters of the input text and ignores any additional text" (DetectSentiment API reference), yet
 * bills every character sent (units of 100 characters, 3 units minimum per document), so the rest is paid for and
 * never read. A batch's {@code ErrorList} names the documents Comprehend refused (too long, unsupported language,
 * internal error on that item): those fall back to the lexicon engine, because such errors repeat on a retry and a
 * lexicon verdict beats a comment that is never scored. Texts in a language Comprehend cannot score go to the
 * lexicon directly. A whole-call failure (throttling, outage) throws, and the handler reports the batch's items for
 * an SQS retry.
 */
public final class ComprehendEngine implements SentimentEngine {
    static final int MAX_SENTIMENT_BATCH = 25;
    static final int MAX_TOXIC_SEGMENTS = 10;
    /** Comprehend's real-time sentiment reads only this many characters. */
    public static final int SCORED_CHARS = 500;
    /** A toxicity segment may not exceed 1 KB. */
    static final int TOXIC_SEGMENT_BYTES = 1000;
    static final Set<String> SENTIMENT_LANGUAGES = Set.of("en", "es", "fr", "de", "it", "pt", "ar", "hi", "ja", "ko",
            "zh", "zh-TW");

    private final ComprehendClient client;
    private final LexiconEngine fallback;
    private final AtomicLong sentimentCalls = new AtomicLong();
    private final AtomicLong languageCalls = new AtomicLong();
    private final AtomicLong toxicCalls = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong units = new AtomicLong();

    public ComprehendEngine(ComprehendClient client, LexiconEngine fallback) {
        this.client = client;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return "comprehend";
    }

    /** Calls made so far, per API, for the cost figures in docs/PERFORMANCE.md. */
    public Map<String, Long> calls() {
        return Map.of("BatchDetectSentiment", sentimentCalls.get(), "BatchDetectDominantLanguage", languageCalls.get(),
                "DetectToxicContent", toxicCalls.get());
    }

    /** Documents sent, all APIs together (each is billed on its own, whatever the batch). */
    public long documents() {
        return documents.get();
    }

    /** Billing units sent: units of 100 characters, at least 3 per document (Comprehend pricing). */
    public long billedUnits() {
        return units.get();
    }

    private void bill(List<String> texts) {
        for (String t : texts) {
            documents.incrementAndGet();
            units.addAndGet(unitsOf(t));
        }
    }

    /** The units one text sent as is costs: 100-character units, 3 minimum. */
    private static long unitsOf(String sent) {
        return Math.max(3, (sent.length() + 99) / 100);
    }

    /** The units DetectSentiment bills for {@code text}, cut to {@link #SCORED_CHARS} as this engine sends it. */
    public static long units(String text) {
        return unitsOf(truncate(text));
    }

    public long totalCalls() {
        return sentimentCalls.get() + languageCalls.get() + toxicCalls.get();
    }

    /** The first 500 characters, never cutting a surrogate pair. */
    public static String truncate(String text) {
        if (text.length() <= SCORED_CHARS) {
            return text;
        }
        int end = SCORED_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    static String truncateBytes(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    @Override
    public List<Verdict> score(List<TextInput> inputs) {
        int n = inputs.size();
        String[] texts = new String[n];
        String[] languages = new String[n];
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            texts[i] = truncate(inputs.get(i).text());
            languages[i] = normalise(inputs.get(i).language());
            if (languages[i] == null) {
                unknown.add(i);
            }
        }
        detectLanguages(texts, languages, unknown);

        Verdict[] out = new Verdict[n];
        Map<String, List<Integer>> byLanguage = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (texts[i].isBlank()) {
                out[i] = new Verdict(new Sentiment(Sentiment.Label.NEUTRAL, Map.of("positive", 0.0, "negative", 0.0,
                        "neutral", 1.0, "mixed", 0.0), name(), languages[i]), Toxicity.NONE, true);
            } else if (languages[i] != null && SENTIMENT_LANGUAGES.contains(languages[i])) {
                byLanguage.computeIfAbsent(languages[i], k -> new ArrayList<>()).add(i);
            } else {
                out[i] = fallback.score(inputs.get(i).text(), languages[i], inputs.get(i).languageHint());
            }
        }
        byLanguage.forEach((lang, indexes) -> {
            for (int from = 0; from < indexes.size(); from += MAX_SENTIMENT_BATCH) {
                sentiment(lang, indexes.subList(from, Math.min(indexes.size(), from + MAX_SENTIMENT_BATCH)), texts,
                        inputs, out);
            }
        });
        List<Integer> english = byLanguage.getOrDefault("en", List.of()).stream()
                .filter(i -> out[i] != null && "comprehend".equals(out[i].sentiment().engine())).toList();
        for (int from = 0; from < english.size(); from += MAX_TOXIC_SEGMENTS) {
            toxicity(english.subList(from, Math.min(english.size(), from + MAX_TOXIC_SEGMENTS)), texts, out);
        }
        return List.of(out);
    }

    private static String normalise(String language) {
        if (language == null) {
            return null;
        }
        if (language.equalsIgnoreCase("zh-tw")) {
            return "zh-TW";
        }
        String base = language.toLowerCase(Locale.ROOT);
        int dash = base.indexOf('-');
        return dash > 0 ? base.substring(0, dash) : base;
    }

    private void detectLanguages(String[] texts, String[] languages, List<Integer> unknown) {
        List<Integer> ask = unknown.stream().filter(i -> !texts[i].isBlank()).toList();
        for (int from = 0; from < ask.size(); from += MAX_SENTIMENT_BATCH) {
            List<Integer> chunk = ask.subList(from, Math.min(ask.size(), from + MAX_SENTIMENT_BATCH));
            List<String> batch = chunk.stream().map(i -> texts[i]).toList();
            languageCalls.incrementAndGet();
            bill(batch);
            BatchDetectDominantLanguageResponse r = client.batchDetectDominantLanguage(b -> b.textList(batch));
            r.resultList().forEach(item -> item.languages().stream()
                    .max(Comparator.comparing(DominantLanguage::score))
                    .ifPresent(l -> languages[chunk.get(item.index())] = normalise(l.languageCode())));
            logErrors("BatchDetectDominantLanguage", r.errorList());
        }
    }

    private void sentiment(String lang, List<Integer> chunk, String[] texts, List<TextInput> inputs, Verdict[] out) {
        List<String> batch = chunk.stream().map(i -> texts[i]).toList();
        sentimentCalls.incrementAndGet();
        bill(batch);
        BatchDetectSentimentResponse r = client.batchDetectSentiment(b -> b.languageCode(lang).textList(batch));
        r.resultList().forEach(item -> {
            int i = chunk.get(item.index());
            var s = item.sentimentScore();
            Map<String, Double> scores = new HashMap<>();
            scores.put("positive", value(s == null ? null : s.positive()));
            scores.put("negative", value(s == null ? null : s.negative()));
            scores.put("neutral", value(s == null ? null : s.neutral()));
            scores.put("mixed", value(s == null ? null : s.mixed()));
            out[i] = new Verdict(new Sentiment(Sentiment.Label.valueOf(item.sentimentAsString()), scores, name(), lang),
                    Toxicity.NONE, true);
        });
        logErrors("BatchDetectSentiment", r.errorList());
        for (BatchItemError e : r.errorList()) {
            int i = chunk.get(e.index());
            out[i] = fallback.score(inputs.get(i).text(), lang);
        }
        for (int i : chunk) {
            if (out[i] == null) {
                // Neither a result nor an error for this index: treat it like an item error.
                out[i] = fallback.score(inputs.get(i).text(), lang);
            }
        }
    }

    private void toxicity(List<Integer> chunk, String[] texts, Verdict[] out) {
        List<TextSegment> segments = chunk.stream()
                .map(i -> TextSegment.builder().text(truncateBytes(texts[i], TOXIC_SEGMENT_BYTES)).build()).toList();
        toxicCalls.incrementAndGet();
        bill(segments.stream().map(TextSegment::text).toList());
        DetectToxicContentResponse r = client.detectToxicContent(b -> b.languageCode("en").textSegments(segments));
        // ResultList matches the input list in size and order (DetectToxicContent API reference).
        for (int k = 0; k < r.resultList().size() && k < chunk.size(); k++) {
            var result = r.resultList().get(k);
            List<String> labels = result.labels().stream().filter(l -> value(l.score()) >= 0.5)
                    .map(l -> l.nameAsString()).toList();
            int i = chunk.get(k);
            out[i] = new Verdict(out[i].sentiment(), new Toxicity(value(result.toxicity()), labels), true);
        }
    }

    private static double value(Float f) {
        return f == null ? 0 : Math.round(f * 10_000) / 10_000.0;
    }

    private static void logErrors(String api, List<BatchItemError> errors) {
        for (BatchItemError e : errors) {
            Log.warn("comprehend item error, lexicon fallback", "api", api, "index", e.index(), "code", e.errorCode());
        }
    }
}
