package io.cmautopilot.core.text;

/**
 * User text for places without markup: the plain-text part of a mail, a subject or another header, a chat line.
 * Shared by the digest and the alerts so a CR/LF or a bidirectional control typed by a commenter is treated the same
 * everywhere.
 */
public final class PlainText {
    private PlainText() {
    }

    /**
     * One line: every control character and line or paragraph separator becomes a space, runs of spaces collapse.
     * Author names and texts go through this before the plain-text part and any header, so a CR/LF typed by a
     * commenter can never start a header or fake a line; bidirectional controls are dropped, as in HTML.
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
}
