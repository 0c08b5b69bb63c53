package io.cmautopilot.core.text;

/**
 * The one escaper for user text placed in HTML (digest mail, digest pages, alert mail): the five characters that
 * could open markup or leave an attribute become entities, and the Unicode bidirectional controls that could make
 * the text read differently from what it is are removed (see {@link #stripBidiControls}). Templates reach it through
 * {@link HtmlOutput}, which also applies {@link #safeLink} to link attributes.
 */
public final class Html {
    private Html() {
    }

    /** Escapes for HTML text and double- or single-quoted attribute values, without bidirectional controls. */
    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (!isBidiControl(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Removes the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). Each opens a
     * directional scope that runs until its terminator or the end of the paragraph, so a commenter's unterminated
     * U+202E would reverse the rest of the line it is shown in: our own words, a link label, the next comment
     * ("Trojan Source", CVE-2021-42574). Removing them cannot change what the text says, only how it is drawn; the
     * reader's renderer still orders Arabic and Hebrew by the Unicode bidirectional algorithm (UAX #9).
     * <p>
     * The marks U+200E (LRM), U+200F (RLM) and U+061C (ALM) are kept: they are invisible strong characters with no
     * scope (they only settle the direction of the neutral characters next to them), writers of right-to-left text
     * type them on purpose, and removing them would reorder punctuation in legitimate Arabic and Hebrew comments.
     */
    public static String stripBidiControls(String value) {
        if (value == null) {
            return null;
        }
        int first = -1;
        for (int i = 0; i < value.length(); i++) {
            if (isBidiControl(value.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        out.append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isBidiControl(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** An embedding, override, pop or isolate control: LRE RLE PDF LRO RLO (U+202A-E), LRI RLI FSI PDI (U+2066-9). */
    public static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /**
     * The link if it is an absolute http(s) URL with a host and no white space or control character (as ASCII),
     * else null: a permalink or any other link from outside is never trusted to be a safe link target.
     */
    public static String safeLink(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c) || isBidiControl(c)) {
                return null;
            }
        }
        try {
            java.net.URI uri = java.net.URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null ? uri.toASCIIString() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
