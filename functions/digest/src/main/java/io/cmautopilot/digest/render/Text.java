package io.cmautopilot.digest.render;

import io.cmautopilot.core.text.Html;

import java.net.URI;
import java.util.Locale;

/** Making user text safe for where it goes: HTML, a single line (text part, headers), a link. */
public final class Text {
    private Text() {
    }

    /**
     * Escapes for HTML text and double- or single-quoted attribute values, removing the bidirectional controls that
     * could make a commenter's text reorder the digest around it ({@link Html}).
     */
    public static String html(String value) {
        return Html.escape(value);
    }

    /**
     * One line: every control character and line or paragraph separator becomes a space, runs of spaces collapse.
     * Author names and texts go through this before the plain-text part and any header, so a CR/LF typed by a
     * commenter can never start a header or fake a line of the digest; bidirectional controls are dropped, as in
     * HTML.
     */
    public static String oneLine(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Html.isBidiControl(c)) {
                continue;
            }
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || c == '\u0085';
            if (blank) {
                if (!space && !out.isEmpty()) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString().strip();
    }

    /** At most {@code max} characters, with an ellipsis when cut. */
    public static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /** The link if it is an absolute http(s) URL without spaces or controls, else null (never a javascript: link). */
    public static String safeUrl(String value) {
        if (value == null || value.isBlank() || !oneLine(value).equals(value) || value.contains(" ")) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null ? value : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
