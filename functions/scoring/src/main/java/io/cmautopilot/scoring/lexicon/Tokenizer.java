package io.cmautopilot.scoring.lexicon;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Splits a comment into words, emoji and emoticons. A whitespace-separated chunk that the lexicon knows as a whole
 * (":)", ":-(", "<3", "xD") is one emoticon token; otherwise the chunk is cut into runs of letters, digits, hyphens
 * and apostrophes, and every pictographic code point is its own token. French elisions ("n'est", "j'adore",
 * "c'est") are split at the apostrophe so the negation particle and the verb are seen apart.
 */
final class Tokenizer {
    private Tokenizer() {
    }

    static List<Token> tokens(String text, boolean splitElisions, Predicate<String> knownChunk) {
        List<Token> out = new ArrayList<>();
        String normalised = text.replace('\u2019', '\'').replace('\u02bc', '\'');
        for (String chunk : normalised.split("\\s+")) {
            if (chunk.isEmpty()) {
                continue;
            }
            int before = out.size();
            chunkTokens(chunk, splitElisions, knownChunk, out);
            if (out.size() > before && endsClause(chunk)) {
                out.set(out.size() - 1, out.get(out.size() - 1).endingClause());
            }
        }
        return out;
    }

    /** "arrived." or "nul," or "wow!)" end a clause; an emoticon such as ":-(" or ";)" does not. */
    private static boolean endsClause(String chunk) {
        String c = chunk.replaceAll("[\"»«)\\]']+$", "");
        int end = c.length();
        while (end > 0 && ".!?;:,".indexOf(c.charAt(end - 1)) >= 0) {
            end--;
        }
        return end < c.length() && end > 0 && Character.isLetterOrDigit(c.codePointBefore(end));
    }

    private static void chunkTokens(String chunk, boolean splitElisions, Predicate<String> knownChunk, List<Token> out) {
        String trimmedChunk = stripEdgePunctuation(chunk);
        if (!trimmedChunk.isEmpty() && !isWordy(trimmedChunk) && knownChunk.test(trimmedChunk.toLowerCase(java.util.Locale.ROOT))) {
            out.add(Token.symbol(trimmedChunk));
            return;
        }
        if (!isWordy(chunk) && knownChunk.test(chunk.toLowerCase(java.util.Locale.ROOT))) {
            out.add(Token.symbol(chunk));
            return;
        }
        split(chunk, splitElisions, out);
    }

    private static void split(String chunk, boolean splitElisions, List<Token> out) {
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < chunk.length()) {
            int cp = chunk.codePointAt(i);
            int len = Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || ((cp == '\'' || cp == '-') && !word.isEmpty())) {
                if (cp == '\'' && splitElisions) {
                    word.append('\'');
                    flush(word, out);
                } else {
                    word.appendCodePoint(cp);
                }
            } else {
                flush(word, out);
                if (isPictograph(cp)) {
                    out.add(Token.symbol(new String(Character.toChars(cp))));
                }
            }
            i += len;
        }
        flush(word, out);
    }

    private static void flush(StringBuilder word, List<Token> out) {
        if (word.isEmpty()) {
            return;
        }
        String w = word.toString();
        while (w.endsWith("'") || w.endsWith("-")) {
            w = w.substring(0, w.length() - 1);
        }
        if (!w.isEmpty()) {
            out.add(Token.word(w));
        }
        word.setLength(0);
    }

    private static boolean isWordy(String chunk) {
        return chunk.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp) || cp == '\'' || cp == '-');
    }

    private static String stripEdgePunctuation(String chunk) {
        int start = 0;
        int end = chunk.length();
        while (end > start && ".,;!?\"»«".indexOf(chunk.charAt(end - 1)) >= 0) {
            end--;
        }
        while (start < end && "\"«»".indexOf(chunk.charAt(start)) >= 0) {
            start++;
        }
        return chunk.substring(start, end);
    }

    static boolean isPictograph(int cp) {
        int type = Character.getType(cp);
        return type == Character.OTHER_SYMBOL || (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF);
    }
}
