package io.cmautopilot.scoring.lexicon;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text folding shared by the lexicon engine, the flags and the watch-list: lower case, accents removed. */
public final class Text {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Text() {
    }

    /** Lower case without diacritics, so "Intoxication", "INTOXICATION" and "intoxicatión" all match. */
    public static String fold(String s) {
        // most comment text is plain ASCII: no decomposition needed (Normalizer is the costly part of scoring)
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
