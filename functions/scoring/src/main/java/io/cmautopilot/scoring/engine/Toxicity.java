package io.cmautopilot.scoring.engine;

import java.util.List;

/**
 * How toxic a text is: an overall score in 0..1 and the labels that fired, named as Comprehend's
 * {@code DetectToxicContent} names them (GRAPHIC, HARASSMENT_OR_ABUSE, HATE_SPEECH, INSULT, PROFANITY, SEXUAL,
 * VIOLENCE_OR_THREAT), so flags read the same whichever engine decided.
 */
public record Toxicity(double score, List<String> labels) {
    public static final Toxicity NONE = new Toxicity(0, List.of());

    public Toxicity {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
