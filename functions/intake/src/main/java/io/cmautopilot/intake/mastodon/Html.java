package io.cmautopilot.intake.mastodon;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mastodon statuses arrive as HTML ({@code content}); scoring and digests want the text a reader sees. Paragraphs
 * and line breaks become new lines, tags are dropped and entities decoded. The result is plain text, to be escaped
 * again wherever it reaches HTML.
 */
final class Html {
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>");
    private static final Pattern PARAGRAPH = Pattern.compile("(?i)</p>\\s*<p[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);");

    private Html() {
    }

    static String text(String html) {
        if (html == null) {
            return "";
        }
        String s = PARAGRAPH.matcher(html).replaceAll("\n\n");
        s = BREAK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group(1))));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    private static String decode(String entity) {
        return switch (entity) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> "\u00a0";
            default -> {
                try {
                    int cp = entity.startsWith("#x") || entity.startsWith("#X")
                            ? Integer.parseInt(entity.substring(2), 16) : Integer.parseInt(entity.substring(1));
                    yield Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "";
                } catch (NumberFormatException e) {
                    yield "&" + entity + ";";
                }
            }
        };
    }
}
