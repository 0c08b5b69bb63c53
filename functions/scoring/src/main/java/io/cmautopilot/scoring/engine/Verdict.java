package io.cmautopilot.scoring.engine;

import io.cmautopilot.core.comment.Sentiment;

/**
 * An engine's answer for one text. {@code confident} is the lexicon's own judgement of its verdict (the hybrid engine
 * asks Comprehend only when it is false); engines that call Comprehend always report true.
 */
public record Verdict(Sentiment sentiment, Toxicity toxicity, boolean confident) {
    public Verdict {
        toxicity = toxicity == null ? Toxicity.NONE : toxicity;
    }
}
