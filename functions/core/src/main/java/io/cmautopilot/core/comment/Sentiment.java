package io.cmautopilot.core.comment;

import java.util.Map;
import java.util.Objects;

/**
 * A sentiment verdict: the label, the four scores (0..1, as Comprehend reports them), the engine that decided and
 * the language it scored in.
 */
public record Sentiment(Label label, Map<String, Double> scores, String engine, String language) {
    public enum Label { POSITIVE, NEGATIVE, NEUTRAL, MIXED }

    public Sentiment {
        Objects.requireNonNull(label, "label");
        scores = scores == null ? Map.of() : Map.copyOf(scores);
    }
}
