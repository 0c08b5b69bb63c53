package io.cmautopilot.scoring.lexicon;

import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.scoring.engine.Toxicity;
import io.cmautopilot.scoring.engine.Verdict;

import java.util.Map;

/**
 * The trained three-class sentiment model of one language ({@code /model/sentiment-<lang>.bin}): NEGATIVE, NEUTRAL,
 * POSITIVE probabilities from {@link Features}. The label is the most probable class after the calibrated offsets
 * (the NEUTRAL band); the verdict is confident (hybrid mode keeps it local) when that probability reaches the
 * threshold chosen on held-out training data.
 */
public final class SentimentModel {
    /**
     * Complaint and sarcasm cues are nearly absent from the training tweets (14 of 1,839 English, 3 of 1,833 French),
     * so the model cannot weigh them; each cue (complaint patterns, up to two, and sarcasm) adds this much to the
     * NEGATIVE logit, a rule checked on the service-language check set (src/test/resources/sentiment/service-check.tsv).
     */
    static final double SERVICE_CUE_LOGIT = 2.0;
    static final Sentiment.Label[] CLASSES = {Sentiment.Label.NEGATIVE, Sentiment.Label.NEUTRAL, Sentiment.Label.POSITIVE};

    final LinearModel model;

    SentimentModel(LinearModel model) {
        if (model.classes != CLASSES.length) {
            throw new IllegalArgumentException("a sentiment model has 3 classes, not " + model.classes);
        }
        this.model = model;
    }

    public static SentimentModel load(String language) {
        return new SentimentModel(LinearModel.resource("sentiment-" + language + ".bin"));
    }

    double[] probabilities(Analysis a) {
        double[] z = model.logits(Features.extract(a, model.config));
        for (int c = 0; c < z.length; c++) {
            z[c] += model.offset[c];
        }
        int cues = Math.min(a.complaints(), 2) + (a.sarcasm() ? 1 : 0);
        z[0] += SERVICE_CUE_LOGIT * cues;
        return LinearModel.softmax(z);
    }

    /**
     * The model's verdict, unless the model is unsure (top probability below its confidence threshold) while the rules
     * are confident (a rated cue, abs(compound) at least 0.5, no strong cues of both signs): then the rules' verdict.
     * Out of fold, the model's unsure answers are right about half the time and the rules' confident ones about 70%;
     * the fallback also carries the lexicons' knowledge into words and emoji the training tweets never used ("J'adore
     * la nouvelle collection 😍"). Such a verdict stays unsure for hybrid mode, which goes by the model's calibrated
     * confidence alone. {@code rules} is the rules' verdict for the same analysis.
     */
    Verdict verdict(Analysis a, Verdict rules, Toxicity toxicity, String engine) {
        double[] p = probabilities(a);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        boolean confident = p[best] >= model.confidence;
        if (!confident && rules.confident()) {
            // still unsure for hybrid mode: out of fold, these answers are right less often than the threshold's
            return new Verdict(rules.sentiment(), toxicity, false);
        }
        Map<String, Double> scores = Map.of("negative", round(p[0]), "neutral", round(p[1]),
                "positive", round(p[2]), "mixed", 0.0);
        return new Verdict(new Sentiment(CLASSES[best], scores, engine, a.language()), toxicity, confident);
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }
}
