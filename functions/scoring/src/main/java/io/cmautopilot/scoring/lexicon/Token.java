package io.cmautopilot.scoring.lexicon;

/**
 * One token: its original spelling (for the ALL CAPS cue), lower case, folded (accent-free) form, and whether it is
 * an emoji or emoticon rather than a word, and whether punctuation ends a clause right after it (negations and
 * intensifiers do not reach across ".", "!", "?", ";", ":" or ",").
 */
public record Token(String raw, String lower, String folded, boolean symbol, boolean endsClause) {
    static Token word(String raw) {
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        return new Token(raw, lower, Text.fold(lower), false, false);
    }

    static Token symbol(String raw) {
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        return new Token(raw, lower, lower, true, false);
    }

    Token endingClause() {
        return new Token(raw, lower, folded, symbol, true);
    }

    /** A shouted word: at least two letters, all upper case. */
    boolean shouted() {
        if (symbol || raw.length() < 2) {
            return false;
        }
        boolean letters = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isLetter(c)) {
                letters = true;
                if (!Character.isUpperCase(c)) {
                    return false;
                }
            }
        }
        return letters;
    }
}
