package io.cmautopilot.scoring.alert;

import io.cmautopilot.core.text.Html;

import java.net.URI;
import java.util.Locale;

/** Escaping for every place user text goes: HTML mail, Slack mrkdwn, Teams markdown, and link targets. */
public final class Escape {
    private Escape() {
    }

    /** HTML text or attribute value, without bidirectional controls: the shared escaper ({@link Html}). */
    public static String html(String s) {
        return Html.escape(s);
    }

    /**
     * Slack mrkdwn: "&", "<" and ">" are the control characters and must be sent as HTML entities
     * (api.slack.com/reference/surfaces/formatting#escaping); that also stops user text from forging links or
     * {@code <!channel>} pings.
     */
    public static String slack(String s) {
        return s == null ? "" : Html.stripBidiControls(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Teams TextBlock markdown: backslash-escape the characters that start emphasis, links and lists. */
    public static String teams(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Html.isBidiControl(c)) {
                continue;
            }
            if ("\\*_[]()<>#`~-+!|".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The link if it is an absolute http(s) URL, else null: a permalink is never trusted to be a safe link. */
    public static String safeLink(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && u.getHost() != null ? u.toASCIIString() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
