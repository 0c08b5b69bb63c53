package io.cmautopilot.scoring.lexicon;

import java.util.Set;

/**
 * A small English/French detector for the lexicon engine's {@code auto} mode: counts each language's most frequent
 * function words (and French diacritics), which is reliable from a handful of words on and needs no model. Short or
 * ambiguous texts get the fallback (the brand's language).
 */
public final class LanguageDetector {
    private static final Set<String> EN = Set.of("the", "and", "is", "are", "was", "were", "you", "your", "it", "this",
            "that", "of", "to", "for", "with", "my", "i", "not", "have", "has", "but", "so", "very", "what", "why",
            "how", "when", "will", "can", "do", "does", "did", "be", "been", "at", "on", "in", "just", "they", "we",
            "me", "no", "an", "a", "or", "from", "its", "it's", "i'm", "don't", "all", "get", "got", "again");
    private static final Set<String> FR = Set.of("le", "la", "les", "et", "est", "sont", "vous", "votre", "vos", "tu",
            "je", "j", "c", "ce", "cette", "de", "des", "du", "pour", "avec", "mon", "ma", "mes", "pas", "ne", "n",
            "mais", "très", "trop", "que", "qui", "quoi", "pourquoi", "comment", "quand", "un", "une", "au", "aux",
            "sur", "dans", "il", "elle", "ils", "nous", "on", "moi", "toujours", "encore", "rien", "ça", "ca", "été",
            "suis", "ai", "avez", "fait", "plus", "merci", "bonjour", "svp");

    private LanguageDetector() {
    }

    public static String detect(String text, String fallback) {
        int en = 0;
        int fr = 0;
        for (Token t : Tokenizer.tokens(text, true, s -> false)) {
            if (EN.contains(t.lower())) {
                en++;
            }
            if (FR.contains(t.lower())) {
                fr++;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            if ("éèêàçùâîôûëïœ".indexOf(Character.toLowerCase(text.charAt(i))) >= 0) {
                fr++;
            }
        }
        if (en == fr) {
            return fallback;
        }
        return en > fr ? "en" : "fr";
    }
}
