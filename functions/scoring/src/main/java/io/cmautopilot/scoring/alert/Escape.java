package io.cmautopilot.scoring.alert;

import io.cmautopilot.core.text.Html;
import io.cmautopilot.core.text.HtmlOutput;

/**
 * Escaping for the chat media user text goes to: Slack mrkdwn and Teams markdown. HTML goes through the templates
 * and core's {@link HtmlOutput}, links through {@link Html#safeLink}.
 */
public final class Escape {
    private Escape() {
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
}
