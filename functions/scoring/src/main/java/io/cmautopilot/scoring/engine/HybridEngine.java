package io.cmautopilot.scoring.engine;

import io.cmautopilot.scoring.lexicon.LexiconEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * The offline engine first; Comprehend only for the texts it is not confident about. For English and French the
 * offline engine is confident when its trained model's top class probability reaches the threshold calibrated on
 * held-out training data (the probability at which its answers are right as often as the rules' confident answers
 * were); for other languages, when the rules found a rated cue, a compound score at least
 * {@link LexiconEngine#CONFIDENT_MARGIN} from zero and no strong cues of both signs (docs/SCORING.md, hybrid).
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
