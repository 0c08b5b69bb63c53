package io.cmautopilot.scoring.lexicon;

import io.cmautopilot.scoring.engine.Toxicity;

import java.util.List;

/**
 * What the rules saw in one text ({@link LexiconEngine#analyse}): the tokens and which tokens are negations, the valence each rated token got
 * after negation, degree adverbs, caps, sarcasm and contrast; the sums and VADER's compound score; the counts of
 * cues; the words as the insult filter reads them; and the insult lists' toxicity. The rules' verdict and the trained models' features are both read from it.
 */
public record Analysis(String text, String language, List<Token> tokens, double[] valence, boolean[] rated,
                       boolean[] negationWord, double compound, double sum, double posSum, double negSum, int hits,
                       int posHits, int negHits, int neutralCount, int negations, int boosters, int shoutedWords,
                       boolean contrast, double emphasis, boolean mixedCues, int complaints, boolean sarcasm,
                       boolean sarcasmMarker, List<String> insultWords, Toxicity toxicity) {
}
