package io.cmautopilot.digest.render;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Subscription.Cadence;
import io.cmautopilot.core.comment.Highlight;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.console.ConsoleLinks;
import io.cmautopilot.core.crisis.CrisisRecord;
import io.cmautopilot.digest.DigestData;
import io.cmautopilot.digest.DigestPeriod;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Renders {@link DigestData} as an e-mail that the common clients show as meant: nested tables, inline styles, no
 * script, no stylesheet, no remote image (the chart is an inline part referenced by {@code cid:}), and a plain-text
 * alternative saying the same. Every piece of user text is escaped with {@link Text#html} in HTML and flattened with
 * {@link Text#oneLine} everywhere; the subject only carries the brand name flattened the same way.
 */
public final class DigestRenderer {
    private static final String FONT = "font-family:Arial,Helvetica,sans-serif;";
    private static final String MUTED = "color:#6b7280;";
    private static final String H2 = "margin:0 0 8px 0;font-size:16px;line-height:22px;color:#111827;" + FONT;
    private static final String CELL = "padding:4px 8px 4px 0;font-size:14px;line-height:20px;" + FONT;
    private static final String HEAD_CELL = "padding:4px 8px 4px 0;font-size:12px;line-height:18px;text-align:left;"
            + "font-weight:bold;" + MUTED + FONT;
    private static final int TEXT_MAX = 280;
    private static final Sentiment.Label[] LABELS = {Sentiment.Label.POSITIVE, Sentiment.Label.NEUTRAL,
            Sentiment.Label.MIXED, Sentiment.Label.NEGATIVE};
    private final ConsoleLinks console;

    /** Without console links: each listed comment links to its platform only. */
    public DigestRenderer() {
        this(ConsoleLinks.none());
    }

    /** With the console's public URL known, each listed comment also links to it (docs/CONSOLE.md). */
    public DigestRenderer(ConsoleLinks console) {
        this.console = console;
    }

    /**
     * @param recipient       the address the digest goes to (shown in the footer), or null (a preview)
     * @param unsubscribeUrl  the signed one-click link, or null (a preview without a subscription)
     */
    public RenderedDigest render(DigestData d, Messages m, String recipient, String unsubscribeUrl) {
        String brandName = Text.clip(Text.oneLine(d.brand().name()), 80);
        String subject = subject(d.period(), m, brandName);
        Html h = new Html();
        Plain t = new Plain();
        header(d, m, brandName, h, t);
        if (d.quiet()) {
            h.section(p(m.get(quietKey(d.period())), "font-size:15px;"));
            t.line(m.get(quietKey(d.period()))).blank();
        } else {
            summary(d, m, h, t);
            networks(d, m, h, t);
            sentiment(d, m, h, t);
            trend(d, m, h, t);
            comments(m.get("section.needsReply"), d.needsReply(), d, m, h, t);
            comments(m.get("section.negative"), d.negative(), d, m, h, t);
            comments(m.get("section.positive"), d.positive(), d, m, h, t);
            comments(m.get("section.toxic"), d.toxic(), d, m, h, t);
            crises(d, m, h, t);
            posts(d, m, h, t);
            replies(d, m, h, t);
        }
        reconnect(d, m, h, t);
        footer(d, m, brandName, recipient, unsubscribeUrl, h, t);
        byte[] png = d.quiet() ? null : TrendChart.png(d.trend());
        return new RenderedDigest(subject, h.document(m.language(), subject), t.toString(), png);
    }

    static String subject(DigestPeriod p, Messages m, String brandName) {
        String s = p.cadence() == Cadence.DAILY
                ? m.get("subject.daily", "brand", brandName, "date", m.longDate(p.from()))
                : m.get("subject.weekly", "brand", brandName, "from", m.longDate(p.from()), "to", m.longDate(p.to()));
        return Text.oneLine(s);
    }

    private static String quietKey(DigestPeriod p) {
        return p.cadence() == Cadence.DAILY ? "quiet.daily" : "quiet.weekly";
    }

    private static String periodText(DigestPeriod p, Messages m) {
        return p.cadence() == Cadence.DAILY ? m.fullDate(p.from())
                : m.get("period.weekly", "from", m.longDate(p.from()), "to", m.longDate(p.to()));
    }

    private void header(DigestData d, Messages m, String brandName, Html h, Plain t) {
        String title = m.get(d.period().cadence() == Cadence.DAILY ? "title.daily" : "title.weekly");
        String period = periodText(d.period(), m);
        h.raw("<tr><td style=\"padding:24px 24px 8px 24px;\">"
                + "<div style=\"font-size:13px;line-height:18px;" + MUTED + FONT + "\">" + Text.html(title) + " &middot; "
                + Text.html(period) + "</div>"
                + "<h1 style=\"margin:4px 0 0 0;font-size:22px;line-height:28px;color:#111827;" + FONT + "\">"
                + Text.html(brandName) + "</h1></td></tr>");
        t.line(brandName).line(title + " - " + period).blank();
    }

    private void summary(DigestData d, Messages m, Html h, Plain t) {
        String total = m.comments(d.comments());
        String change = change(d.comments(), d.previousComments(), d.period(), m);
        h.section("<div style=\"font-size:28px;line-height:34px;font-weight:bold;color:#111827;" + FONT + "\">"
                + Text.html(total) + "</div>" + p(change, MUTED));
        t.line(total + " (" + change + ")").blank();
    }

    private static String change(long now, long before, DigestPeriod p, Messages m) {
        if (before == 0) {
            return m.get("change.new");
        }
        return m.get(p.cadence() == Cadence.DAILY ? "change.daily" : "change.weekly",
                "change", m.change((double) (now - before) / before));
    }

    private void networks(DigestData d, Messages m, Html h, Plain t) {
        if (d.byNetwork().isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder(row(true, m.get("col.network"), m.get("col.comments")));
        t.line(m.get("section.networks"));
        for (Map.Entry<Network, Long> e : d.byNetwork().entrySet()) {
            rows.append(row(false, networkName(e.getKey()), m.number(e.getValue())));
            t.line("  " + networkName(e.getKey()) + ": " + m.number(e.getValue()));
        }
        h.section(h2(m.get("section.networks")) + table(rows.toString()));
        t.blank();
    }

    private void sentiment(DigestData d, Messages m, Html h, Plain t) {
        long total = d.sentiment().values().stream().mapToLong(Long::longValue).sum();
        long previousTotal = d.previousSentiment().values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return;
        }
        StringBuilder rows = new StringBuilder(row(true, m.get("col.sentiment"), m.get("col.comments"),
                m.get("col.share"), m.get("col.change")));
        t.line(m.get("section.sentiment"));
        for (Sentiment.Label l : LABELS) {
            long count = d.sentiment().getOrDefault(l, 0L);
            double share = (double) count / total;
            String delta = previousTotal == 0 ? "–" : m.points(Math.round(
                    (share - (double) d.previousSentiment().getOrDefault(l, 0L) / previousTotal) * 100));
            String name = m.get("label." + l.name().toLowerCase(java.util.Locale.ROOT));
            rows.append(row(false, swatch(colour(l)) + Text.html(name), Text.html(m.number(count)),
                    Text.html(m.percent(share)), Text.html(delta)));
            t.line("  " + name + ": " + m.number(count) + " (" + m.percent(share) + ", " + delta + ")");
        }
        h.section(h2(m.get("section.sentiment")) + table(rows.toString()));
        t.blank();
    }

    private void trend(DigestData d, Messages m, Html h, Plain t) {
        List<DigestData.TrendPoint> points = d.trend();
        if (points.isEmpty()) {
            return;
        }
        ZoneId zone = d.period().zone();
        long max = points.stream().mapToLong(DigestData.TrendPoint::total).max().orElse(0);
        String caption = d.period().cadence() == Cadence.DAILY
                ? m.get("trend.hourly", "from", m.time(points.get(0).start().atZone(zone)),
                "to", m.time(points.get(points.size() - 1).start().atZone(zone)), "zone", zone.getId(),
                "max", m.comments(max))
                : m.get("trend.daily", "from", m.shortDate(d.period().from()), "to", m.shortDate(d.period().to()),
                "max", m.comments(max));
        StringBuilder legend = new StringBuilder();
        for (Sentiment.Label l : LABELS) {
            legend.append("<td style=\"padding:0 12px 0 0;font-size:12px;line-height:16px;" + MUTED + FONT + "\">")
                    .append(swatch(colour(l)))
                    .append(Text.html(m.get("label." + l.name().toLowerCase(java.util.Locale.ROOT)))).append("</td>");
        }
        h.section(h2(m.get("section.trend"))
                + "<img src=\"cid:" + RenderedDigest.CHART_CONTENT_ID + "\" width=\"" + TrendChart.WIDTH
                + "\" height=\"" + TrendChart.HEIGHT + "\" alt=\"" + Text.html(m.get("chart.alt"))
                + "\" style=\"display:block;width:100%;max-width:" + TrendChart.WIDTH
                + "px;height:auto;border:0;\">"
                + "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin-top:6px;\"><tr>"
                + legend + "</tr></table>" + p(caption, "font-size:12px;" + MUTED));
        t.line(m.get("section.trend"));
        for (DigestData.TrendPoint p : points) {
            if (p.total() == 0) {
                continue; // the text alternative lists the active hours or days only
            }
            String when = d.period().cadence() == Cadence.DAILY ? m.time(p.start().atZone(zone))
                    : m.shortDate(p.start().atZone(zone).toLocalDate());
            t.line("  " + when + ": " + m.number(p.total()) + " (+" + m.number(p.positive()) + " / -"
                    + m.number(p.negative()) + ")");
        }
        t.blank();
    }

    private void comments(String title, List<Highlight> items, DigestData d, Messages m, Html h, Plain t) {
        if (items.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder();
        t.line(title);
        for (Highlight c : items) {
            String author = author(c);
            String when = m.dateTime(c.createdAt().atZone(d.period().zone()));
            String badge = c.category() == Highlight.Category.TOXIC
                    ? m.get(c.hidden() ? "badge.hidden" : "badge.flagged") : null;
            String text = Text.clip(Text.oneLine(c.text()), TEXT_MAX);
            String link = Text.safeUrl(c.permalink());
            String meta = Text.html(author) + " &middot; " + Text.html(networkName(c.network())) + " &middot; "
                    + Text.html(when) + (badge == null ? "" : " &middot; <span style=\"display:inline-block;padding:0 6px;"
                    + "border-radius:3px;background:" + (c.hidden() ? "#fde2e2;color:#9b1c1c" : "#fef3c7;color:#92400e")
                    + ";\">" + Text.html(badge) + "</span>");
            rows.append("<tr><td style=\"padding:8px 0;border-top:1px solid #e5e7eb;\">")
                    .append("<div style=\"font-size:12px;line-height:16px;").append(MUTED).append(FONT).append("\">")
                    .append(meta).append("</div>")
                    .append("<div style=\"font-size:14px;line-height:20px;color:#1f2933;").append(FONT).append("\">")
                    .append(Text.html(text)).append("</div>");
            if (link != null) {
                rows.append("<a href=\"").append(Text.html(link)).append("\" style=\"font-size:12px;color:#2563eb;")
                        .append(FONT).append("\">").append(Text.html(m.get("view"))).append("</a>");
            }
            String inConsole = console.comment(d.brand().id(), c.commentId()).orElse(null);
            if (inConsole != null) {
                rows.append(link == null ? "" : "<span style=\"font-size:12px;" + MUTED + FONT + "\"> &middot; </span>")
                        .append("<a href=\"").append(Text.html(inConsole))
                        .append("\" style=\"font-size:12px;color:#2563eb;").append(FONT).append("\">")
                        .append(Text.html(m.get("console"))).append("</a>");
            }
            rows.append("</td></tr>");
            t.line("  - " + author + " (" + networkName(c.network()) + ", " + when + (badge == null ? "" : ", " + badge)
                    + "): " + text + (link == null ? "" : " " + link)
                    + (inConsole == null ? "" : " (" + m.get("console") + ": " + inConsole + ")"));
        }
        h.section(h2(title) + table(rows.toString()));
        t.blank();
    }

    private void crises(DigestData d, Messages m, Html h, Plain t) {
        if (d.crises().isEmpty()) {
            return;
        }
        StringBuilder items = new StringBuilder();
        t.line(m.get("section.crises"));
        for (CrisisRecord c : d.crises()) {
            String line = m.get("crisis.line", "time", m.dateTime(c.detectedAt().atZone(d.period().zone())),
                    "negative", m.number(c.negative()), "total", m.number(c.total()),
                    "threshold", m.number(Math.round(c.threshold())));
            items.append("<tr><td style=\"padding:6px 10px;border-left:3px solid #d64545;background:#fdf2f2;"
                    + "font-size:14px;line-height:20px;" + FONT + "\">" + Text.html(line) + "</td></tr>"
                    + "<tr><td style=\"height:6px;line-height:6px;font-size:0;\">&nbsp;</td></tr>");
            t.line("  - " + line);
        }
        h.section(h2(m.get("section.crises")) + table(items.toString()));
        t.blank();
    }

    private void posts(DigestData d, Messages m, Html h, Plain t) {
        DigestData.Posts p = d.posts();
        if (p.total() == 0) {
            return;
        }
        String rows = row(false, Text.html(m.get("posts.published")), Text.html(m.number(p.published())))
                + row(false, Text.html(m.get("posts.failed")), Text.html(m.number(p.failed())))
                + row(false, Text.html(m.get("posts.unconfirmed")), Text.html(m.number(p.unconfirmed())));
        h.section(h2(m.get("section.posts")) + table(rows));
        t.line(m.get("section.posts")).line("  " + m.get("posts.published") + ": " + m.number(p.published()))
                .line("  " + m.get("posts.failed") + ": " + m.number(p.failed()))
                .line("  " + m.get("posts.unconfirmed") + ": " + m.number(p.unconfirmed())).blank();
    }

    private void replies(DigestData d, Messages m, Html h, Plain t) {
        DigestData.Replies r = d.replies();
        if (r.empty()) {
            return;
        }
        StringBuilder rows = new StringBuilder();
        t.line(m.get("section.replies"));
        java.util.function.BiConsumer<String, String> line = (label, value) -> {
            rows.append(row(false, Text.html(label), Text.html(value)));
            t.line("  " + label + ": " + value);
        };
        line.accept(m.get("replies.sent"), m.number(r.sent()));
        var all = r.overall();
        if (all != null && all.replies() > 0) {
            line.accept(m.get("replies.median"), m.minutes(all.medianMinutes()));
            line.accept(m.get("replies.p90"), all.p90AtLeast() ? m.get("replies.atLeast", "value",
                    m.minutes(all.p90Minutes())) : m.minutes(all.p90Minutes()));
            if (r.byNetwork().size() > 1) {
                r.byNetwork().forEach((network, f) -> line.accept(networkName(network), m.get("replies.network",
                        "median", m.minutes(f.medianMinutes()), "p90", f.p90AtLeast()
                                ? m.get("replies.atLeast", "value", m.minutes(f.p90Minutes()))
                                : m.minutes(f.p90Minutes()))));
            }
        }
        if (r.open() != null) {
            line.accept(m.get("replies.open"), r.openOverADay() != null && r.openOverADay() > 0
                    ? m.get("replies.openOld", "count", m.number(r.open()), "old", m.number(r.openOverADay()))
                    : m.number(r.open()));
        }
        h.section(h2(m.get("section.replies")) + table(rows.toString()));
        t.blank();
    }

    private void reconnect(DigestData d, Messages m, Html h, Plain t) {
        if (d.reconnect().isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder();
        t.line(m.get("section.reconnect"));
        for (Account a : d.reconnect()) {
            String handle = Text.oneLine(a.handle());
            rows.append(row(false, Text.html(networkName(a.network())), Text.html(handle)));
            t.line("  - " + networkName(a.network()) + ": " + handle);
        }
        h.section(h2(m.get("section.reconnect")) + p(m.get("reconnect.hint"), "font-size:13px;" + MUTED)
                + table(rows.toString()));
        t.line("  " + m.get("reconnect.hint")).blank();
    }

    private void footer(DigestData d, Messages m, String brandName, String recipient, String unsubscribeUrl,
                        Html h, Plain t) {
        String cadence = m.get(d.period().cadence() == Cadence.DAILY ? "cadence.daily" : "cadence.weekly");
        String line = recipient == null ? m.get("footer.preview", "cadence", cadence, "brand", brandName)
                : m.get("footer", "cadence", cadence, "brand", brandName, "email", Text.oneLine(recipient));
        String link = unsubscribeUrl == null ? "" : " <a href=\"" + Text.html(unsubscribeUrl)
                + "\" style=\"color:#6b7280;\">" + Text.html(m.get("unsubscribe")) + "</a>";
        h.raw("<tr><td style=\"padding:16px 24px 24px 24px;border-top:1px solid #e5e7eb;font-size:12px;line-height:18px;"
                + MUTED + FONT + "\">" + Text.html(line) + link + "</td></tr>");
        t.line("--").line(line);
        if (unsubscribeUrl != null) {
            t.line(m.get("unsubscribe") + ": " + unsubscribeUrl);
        }
    }

    private static String author(Highlight c) {
        String name = Text.clip(Text.oneLine(c.authorName()), 60);
        String handle = Text.clip(Text.oneLine(c.authorHandle()), 60);
        if (name.isEmpty()) {
            return handle.isEmpty() ? "?" : "@" + handle.replaceFirst("^@", "");
        }
        return handle.isEmpty() ? name : name + " (@" + handle.replaceFirst("^@", "") + ")";
    }

    static String networkName(Network n) {
        return switch (n) {
            case MASTODON -> "Mastodon";
            case BLUESKY -> "Bluesky";
            case X -> "X";
            case LINKEDIN -> "LinkedIn";
            case FACEBOOK -> "Facebook";
            case INSTAGRAM -> "Instagram";
            case LOCAL -> "Local";
        };
    }

    private static int colour(Sentiment.Label l) {
        return switch (l) {
            case POSITIVE -> TrendChart.POSITIVE;
            case NEGATIVE -> TrendChart.NEGATIVE;
            case NEUTRAL -> TrendChart.NEUTRAL;
            case MIXED -> TrendChart.MIXED;
        };
    }

    private static String swatch(int rgb) {
        return "<span style=\"display:inline-block;width:10px;height:10px;margin-right:6px;background:"
                + String.format(java.util.Locale.ROOT, "#%06x", rgb) + ";\"></span>";
    }

    private static String h2(String title) {
        return "<h2 style=\"" + H2 + "\">" + Text.html(title) + "</h2>";
    }

    private static String p(String text, String style) {
        return "<p style=\"margin:4px 0 0 0;font-size:14px;line-height:20px;" + FONT + style + "\">" + Text.html(text)
                + "</p>";
    }

    private static String table(String rows) {
        return "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">" + rows
                + "</table>";
    }

    /** A table row; cells are HTML already (callers escape), header cells get the muted style. */
    private static String row(boolean head, String... cells) {
        StringBuilder out = new StringBuilder("<tr>");
        for (String c : cells) {
            out.append(head ? "<th style=\"" + HEAD_CELL + "\">" + Text.html(c) + "</th>"
                    : "<td style=\"" + CELL + "\">" + c + "</td>");
        }
        return out.append("</tr>").toString();
    }

    /** The HTML document: an outer full-width table and a 600 px card, the layout every mail client honours. */
    private static final class Html {
        private final StringBuilder body = new StringBuilder();

        void raw(String html) {
            body.append(html);
        }

        void section(String html) {
            body.append("<tr><td style=\"padding:12px 24px;\">").append(html).append("</td></tr>");
        }

        String document(String language, String title) {
            return "<!DOCTYPE html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>" + Text.html(title) + "</title></head>"
                    + "<body style=\"margin:0;padding:0;background:#f3f4f6;\">"
                    + "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                    + "style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">"
                    + "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                    + "style=\"width:600px;max-width:100%;background:#ffffff;border:1px solid #e5e7eb;\">"
                    + body + "</table></td></tr></table></body></html>";
        }
    }

    private static final class Plain {
        private final StringBuilder out = new StringBuilder();

        Plain line(String s) {
            out.append(s).append("\r\n");
            return this;
        }

        Plain blank() {
            out.append("\r\n");
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
