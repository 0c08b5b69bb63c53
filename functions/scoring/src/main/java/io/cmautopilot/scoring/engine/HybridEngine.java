package io.cmautopilot.scoring.engine;

import io.cmautopilot.scoring.lexicon.LexiconEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexicon first; Comprehend only for the texts the lexicon is not confident about. The lexicon is confident when it
 * found at least one rated word, emoji or emoticon, its compound score is at least
 * {@link LexiconEngine#CONFIDENT_MARGIN} away from zero, and it saw no strong cues of both signs (docs/SCORING.md).
 * Short neutral texts, sarcasm-prone mixed texts and texts in words the lexicon does not know go to Comprehend;
 * "Love it ❤️" and "worst service ever!!!" do not.
 */
public final class HybridEngine implements SentimentEngine {
    private final LexiconEngine lexicon;
    private final SentimentEngine comprehend;

    public HybridEngine(LexiconEngine lexicon, SentimentEngine comprehend) {
        this.lexicon = lexicon;
        this.comprehend = comprehend;
    }

    @Override
    public String name() {
        return "hybrid";
    }

    @Override
    public List<Verdict> score(List<TextInput> inputs) {
        List<Verdict> out = new ArrayList<>(lexicon.score(inputs));
        List<Integer> unsure = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (!out.get(i).confident()) {
                unsure.add(i);
            }
        }
        if (unsure.isEmpty()) {
            return out;
        }
        List<Verdict> second = comprehend.score(unsure.stream().map(inputs::get).toList());
        for (int k = 0; k < unsure.size(); k++) {
            out.set(unsure.get(k), second.get(k));
        }
        return out;
    }
}
