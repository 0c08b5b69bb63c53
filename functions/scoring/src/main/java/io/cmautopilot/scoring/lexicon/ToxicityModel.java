package io.cmautopilot.scoring.lexicon;

import io.cmautopilot.scoring.engine.Toxicity;

import java.util.ArrayList;
import java.util.List;

/**
 * The trained two-class offensive-language model of one language ({@code /model/toxicity-<lang>.bin}; English,
 * trained on TweetEval offensive). Its probability is mapped onto the flag scale so that the threshold chosen on
 * held-out training data lands on {@code Flagger.TOXIC_MIN} (0.5), and a text the model alone finds offensive stays
 * below {@code Flagger.TOXIC_HIGH}: only the rules' aimed insults and threats page a team or auto-hide a comment.
 */
public final class ToxicityModel {
    /** The highest score the model alone gives: MEDIUM at most, never HIGH. */
    static final double MODEL_MAX = 0.85;

    final LinearModel model;

    ToxicityModel(LinearModel model) {
        if (model.classes != 2) {
            throw new IllegalArgumentException("a toxicity model has 2 classes, not " + model.classes);
        }
        this.model = model;
    }

    public static ToxicityModel load(String language) {
        return new ToxicityModel(LinearModel.resource("toxicity-" + language + ".bin"));
    }

    double probability(Analysis a) {
        return model.probabilities(Features.extract(a, model.config))[1];
    }

    Toxicity toxicity(Analysis a) {
        double p = probability(a);
        double t = model.threshold;
        double score = p >= t ? 0.5 + (MODEL_MAX - 0.5) * (p - t) / (1 - t) : 0.5 * p / t;
        Toxicity rules = a.toxicity();
        boolean aimedOrThreat = rules.labels().contains("INSULT") || rules.labels().contains("VIOLENCE_OR_THREAT");
        if (aimedOrThreat) {
            return rules.score() >= score ? rules : new Toxicity(score, rules.labels());
        }
        if (score < 0.5) {
            return score == 0 ? Toxicity.NONE : new Toxicity(round(score), List.of());
        }
        List<String> labels = new ArrayList<>(rules.labels());
        if (labels.isEmpty()) {
            labels.add("HARASSMENT_OR_ABUSE");
        }
        return new Toxicity(round(score), labels);
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }
}
