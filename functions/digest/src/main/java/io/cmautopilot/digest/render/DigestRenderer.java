package io.cmautopilot.digest.render;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Subscription.Cadence;
import io.cmautopilot.core.comment.Highlight;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.console.ConsoleLinks;
import io.cmautopilot.core.crisis.CrisisRecord;
import io.cmautopilot.core.text.Html;
import io.cmautopilot.core.text.HtmlOutput;
import io.cmautopilot.core.text.PlainText;
import io.cmautopilot.digest.DigestData;
import io.cmautopilot.digest.DigestPeriod;
import io.cmautopilot.digest.templates.JtedigestGenerated;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders {@link DigestData} as an e-mail that the common clients show as meant: nested tables, inline styles, no
 * script, no stylesheet, no remote image (the chart is an inline part referenced by {@code cid:}), and a plain-text
 * alternative saying the same. The HTML is the precompiled template digest.jte over a {@link DigestView}: the template
 * escapes every value for where it goes ({@link HtmlOutput}); user text is flattened with {@link Text#oneLine}
 * everywhere, and the subject only carries the brand name flattened the same way.
 */
public final class DigestRenderer {
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
        String brandName = PlainText.clip(PlainText.oneLine(d.brand().name()), 80);
        String subject = subject(d.period(), m, brandName);
        List<DigestView.Section> h = new ArrayList<>();
        Plain t = new Plain();
        String title = m.get(d.period().cadence() == Cadence.DAILY ? "title.daily" : "title.weekly");
        String period = periodText(d.period(), m);
        t.line(brandName).line(title + " - " + period).blank();
        if (d.quiet()) {
            h.add(new DigestView.Quiet(m.get(quietKey(d.period()))));
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
        String cadence = m.get(d.period().cadence() == Cadence.DAILY ? "cadence.daily" : "cadence.weekly");
        String footer = recipient == null ? m.get("footer.preview", "cadence", cadence, "brand", brandName)
                : m.get("footer", "cadence", cadence, "brand", brandName, "email", PlainText.oneLine(recipient));
        t.line("--").line(footer);
        if (unsubscribeUrl != null) {
            t.line(m.get("unsubscribe") + ": " + unsubscribeUrl);
        }
        DigestView view = new DigestView(m.language(), subject, title, period, brandName, h, footer, unsubscribeUrl,
                m.get("unsubscribe"));
        HtmlOutput html = new HtmlOutput();
        JtedigestGenerated.render(html, null, view);
        byte[] png = d.quiet() ? null : TrendChart.png(d.trend());
        return new RenderedDigest(subject, html.toString(), t.toString(), png);
    }

    static String subject(DigestPeriod p, Messages m, String brandName) {
        String s = p.cadence() == Cadence.DAILY
                ? m.get("subject.daily", "brand", brandName, "date", m.longDate(p.from()))
                : m.get("subject.weekly", "brand", brandName, "from", m.longDate(p.from()), "to", m.longDate(p.to()));
        return PlainText.oneLine(s);
    }

    private static String quietKey(DigestPeriod p) {
        return p.cadence() == Cadence.DAILY ? "quiet.daily" : "quiet.weekly";
    }

    private static String periodText(DigestPeriod p, Messages m) {
        return p.cadence() == Cadence.DAILY ? m.fullDate(p.from())
                : m.get("period.weekly", "from", m.longDate(p.from()), "to", m.longDate(p.to()));
    }

    private void summary(DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
        String total = m.comments(d.comments());
        String change = change(d.comments(), d.previousComments(), d.period(), m);
        h.add(new DigestView.Summary(total, change));
        t.line(total + " (" + change + ")").blank();
    }

    private static String change(long now, long before, DigestPeriod p, Messages m) {
        if (before == 0) {
            return m.get("change.new");
        }
        return m.get(p.cadence() == Cadence.DAILY ? "change.daily" : "change.weekly",
                "change", m.change((double) (now - before) / before));
    }

    private void networks(DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
        if (d.byNetwork().isEmpty()) {
            return;
        }
        List<DigestView.Row> rows = new ArrayList<>();
        t.line(m.get("section.networks"));
        for (Map.Entry<Network, Long> e : d.byNetwork().entrySet()) {
            rows.add(row(networkName(e.getKey()), m.number(e.getValue())));
            t.line("  " + networkName(e.getKey()) + ": " + m.number(e.getValue()));
        }
        h.add(new DigestView.Table(m.get("section.networks"), null, List.of(m.get("col.network"), m.get("col.comments")),
                rows));
        t.blank();
    }

    private void sentiment(DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
        long total = d.sentiment().values().stream().mapToLong(Long::longValue).sum();
        long previousTotal = d.previousSentiment().values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return;
        }
        List<DigestView.Row> rows = new ArrayList<>();
        t.line(m.get("section.sentiment"));
        for (Sentiment.Label l : LABELS) {
            long count = d.sentiment().getOrDefault(l, 0L);
            double share = (double) count / total;
            String delta = previousTotal == 0 ? "–" : m.points(Math.round(
                    (share - (double) d.previousSentiment().getOrDefault(l, 0L) / previousTotal) * 100));
            String name = m.get("label." + l.name().toLowerCase(java.util.Locale.ROOT));
            rows.add(new DigestView.Row(colour(l), List.of(name, m.number(count), m.percent(share), delta)));
            t.line("  " + name + ": " + m.number(count) + " (" + m.percent(share) + ", " + delta + ")");
        }
        h.add(new DigestView.Table(m.get("section.sentiment"), null, List.of(m.get("col.sentiment"), m.get("col.comments"),
                m.get("col.share"), m.get("col.change")), rows));
        t.blank();
    }

    private void trend(DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
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
        List<DigestView.Legend> legend = new ArrayList<>();
        for (Sentiment.Label l : LABELS) {
            legend.add(new DigestView.Legend(colour(l), m.get("label." + l.name().toLowerCase(java.util.Locale.ROOT))));
        }
        h.add(new DigestView.Trend(m.get("section.trend"), "cid:" + RenderedDigest.CHART_CONTENT_ID, TrendChart.WIDTH,
                TrendChart.HEIGHT, m.get("chart.alt"), legend, caption));
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

    private void comments(String title, List<Highlight> items, DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
        if (items.isEmpty()) {
            return;
        }
        List<DigestView.Comment> rows = new ArrayList<>();
        t.line(title);
        for (Highlight c : items) {
            String author = author(c);
            String when = m.dateTime(c.createdAt().atZone(d.period().zone()));
            String badge = c.category() == Highlight.Category.TOXIC
                    ? m.get(c.hidden() ? "badge.hidden" : "badge.flagged") : null;
            String text = PlainText.clip(PlainText.oneLine(c.text()), TEXT_MAX);
            String link = Html.safeLink(c.permalink());
            String inConsole = console.comment(d.brand().id(), c.commentId()).orElse(null);
            rows.add(new DigestView.Comment(author, networkName(c.network()), when, badge, c.hidden(), text, link,
                    m.get("view"), inConsole, m.get("console")));
            t.line("  - " + author + " (" + networkName(c.network()) + ", " + when + (badge == null ? "" : ", " + badge)
                    + "): " + text + (link == null ? "" : " " + link)
                    + (inConsole == null ? "" : " (" + m.get("console") + ": " + inConsole + ")"));
        }
        h.add(new DigestView.Comments(title, rows));
        t.blank();
    }

    private void crises(DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
        if (d.crises().isEmpty()) {
            return;
        }
        List<String> items = new ArrayList<>();
        t.line(m.get("section.crises"));
        for (CrisisRecord c : d.crises()) {
            String line = m.get("crisis.line", "time", m.dateTime(c.detectedAt().atZone(d.period().zone())),
                    "negative", m.number(c.negative()), "total", m.number(c.total()),
                    "threshold", m.number(Math.round(c.threshold())));
            items.add(line);
            t.line("  - " + line);
        }
        h.add(new DigestView.Crises(m.get("section.crises"), items));
        t.blank();
    }

    private void posts(DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
        DigestData.Posts p = d.posts();
        if (p.total() == 0) {
            return;
        }
        h.add(new DigestView.Table(m.get("section.posts"), null, List.of(), List.of(
                row(m.get("posts.published"), m.number(p.published())), row(m.get("posts.failed"), m.number(p.failed())),
                row(m.get("posts.unconfirmed"), m.number(p.unconfirmed())))));
        t.line(m.get("section.posts")).line("  " + m.get("posts.published") + ": " + m.number(p.published()))
                .line("  " + m.get("posts.failed") + ": " + m.number(p.failed()))
                .line("  " + m.get("posts.unconfirmed") + ": " + m.number(p.unconfirmed())).blank();
    }

    private void replies(DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
        DigestData.Replies r = d.replies();
        if (r.empty()) {
            return;
        }
        List<DigestView.Row> rows = new ArrayList<>();
        t.line(m.get("section.replies"));
        java.util.function.BiConsumer<String, String> line = (label, value) -> {
            rows.add(row(label, value));
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
        h.add(new DigestView.Table(m.get("section.replies"), null, List.of(), rows));
        t.blank();
    }

    private void reconnect(DigestData d, Messages m, List<DigestView.Section> h, Plain t) {
        if (d.reconnect().isEmpty()) {
            return;
        }
        List<DigestView.Row> rows = new ArrayList<>();
        t.line(m.get("section.reconnect"));
        for (Account a : d.reconnect()) {
            String handle = PlainText.oneLine(a.handle());
            rows.add(row(networkName(a.network()), handle));
            t.line("  - " + networkName(a.network()) + ": " + handle);
        }
        h.add(new DigestView.Table(m.get("section.reconnect"), m.get("reconnect.hint"), List.of(), rows));
        t.line("  " + m.get("reconnect.hint")).blank();
    }

    private static String author(Highlight c) {
        String name = PlainText.clip(PlainText.oneLine(c.authorName()), 60);
        String handle = PlainText.clip(PlainText.oneLine(c.authorHandle()), 60);
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

    /** The label's colour in the chart, as CSS. */
    private static String colour(Sentiment.Label l) {
        int rgb = switch (l) {
            case POSITIVE -> TrendChart.POSITIVE;
            case NEGATIVE -> TrendChart.NEGATIVE;
            case NEUTRAL -> TrendChart.NEUTRAL;
            case MIXED -> TrendChart.MIXED;
        };
        return String.format(java.util.Locale.ROOT, "#%06x", rgb);
    }

    private static DigestView.Row row(String... cells) {
        return new DigestView.Row(null, List.of(cells));
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
