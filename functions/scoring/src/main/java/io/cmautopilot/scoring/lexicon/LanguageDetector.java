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
        // words as runs of letters and digits, lower case; an apostrophe ends a word ("n'est" gives "n" and "est")
        StringBuilder word = new StringBuilder(16);
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if ("éèêàçùâîôûëïœ".indexOf(Character.toLowerCase(c)) >= 0) {
                fr++;
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
                continue;
            }
            if (!word.isEmpty()) {
                String w = word.toString();
                en += EN.contains(w) ? 1 : 0;
                fr += FR.contains(w) ? 1 : 0;
                word.setLength(0);
            }
        }
        if (en == fr) {
            return fallback;
        }
        return en > fr ? "en" : "fr";
    }
}
