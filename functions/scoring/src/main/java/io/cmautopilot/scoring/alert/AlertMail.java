package io.cmautopilot.scoring.alert;

import java.util.List;

/**
 * What an alert e-mail says, worded in the brand's language: {@link Alerts} and the operational alerts fill these,
 * the precompiled templates alert/flagged.jte, alert/crisis.jte and alert/ops.jte lay them out (escaping every value
 * for where it goes). Links are absolute http(s) URLs or null.
 */
public final class AlertMail {
    private AlertMail() {
    }

    /** A flagged comment: {@code strong} then {@code rest} as the lead, the comment's lines quoted. */
    public record Flagged(String strong, String rest, List<String> lines, String link, String linkLabel,
                          String console, String consoleLabel) {
    }

    /** A crisis: the lead, the counts, the networks, the note when publishing is paused, the top comments. */
    public record Crisis(String headline, String forWord, String brand, String summary, String where, String note,
                         String topTitle, String separator, List<Top> top, String openLabel, String consoleLabel,
                         String inbox, String inboxLabel) {
    }

    /** One of the most negative comments. */
    public record Top(String network, String who, String text, String link, String console) {
    }

    /** Operational alerts: an optional introduction, then one line per event. */
    public record Ops(String intro, List<String> lines) {
    }
}
