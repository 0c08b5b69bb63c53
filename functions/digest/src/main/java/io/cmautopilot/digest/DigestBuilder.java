package io.cmautopilot.digest;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Highlight;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.counter.CounterBucket;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.brand.Subscription.Cadence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a digest needs, and only that: per-brand counter buckets (a daily digest reads the hour buckets of its
 * day and the day before, a weekly one the day buckets of its 14 days), {@link #LIST_LIMIT} highlights per category
 * and day, the period's crisis records and the brand's accounts. None of these grows with the number of comments,
 * which is what keeps a digest of a million comments as cheap as one of a thousand (docs/PERFORMANCE.md).
 *
 * <p>Hour buckets are UTC hours, so a daily period is exact in every zone with a whole-hour offset. Day buckets and
 * highlight lists are keyed by the brand's local date: a weekly digest or a list in another zone than the brand's
 * uses the brand's days with the same dates.
 */
public final class DigestBuilder {
    public static final int LIST_LIMIT = 5;
    private final BrandStore brands;
    private final CounterStore counters;
    private final HighlightStore highlights;
    private final CrisisStore crises;

    /** Where the open backlog is read from; null: the digest shows response times only. */
    private final io.cmautopilot.core.comment.InboxStore inbox;

    public DigestBuilder(BrandStore brands, CounterStore counters, HighlightStore highlights, CrisisStore crises) {
        this(brands, counters, highlights, crises, null);
    }

    public DigestBuilder(BrandStore brands, CounterStore counters, HighlightStore highlights, CrisisStore crises,
                         io.cmautopilot.core.comment.InboxStore inbox) {
        this.inbox = inbox;
        this.brands = brands;
        this.counters = counters;
        this.highlights = highlights;
        this.crises = crises;
    }

    public DigestData build(Brand brand, DigestPeriod period) {
        DigestPeriod previous = period.previous();
        List<CounterBucket> now = buckets(brand.id(), period);
        List<CounterBucket> before = buckets(brand.id(), previous);
        Map<String, Long> totals = sum(now);
        Map<String, Long> previousTotals = sum(before);

        Map<Network, Long> byNetwork = new EnumMap<>(Network.class);
        for (Network n : Network.values()) {
            long v = totals.getOrDefault(Counters.network(n), 0L);
            if (v > 0) {
                byNetwork.put(n, v);
            }
        }
        return new DigestData(brand, period, totals.getOrDefault(Counters.COMMENTS, 0L),
                previousTotals.getOrDefault(Counters.COMMENTS, 0L), byNetwork, sentiment(totals),
                sentiment(previousTotals), trend(period, now),
                top(brand, period, Highlight.Category.NEEDS_REPLY), top(brand, period, Highlight.Category.NEGATIVE),
                top(brand, period, Highlight.Category.POSITIVE), top(brand, period, Highlight.Category.TOXIC),
                crises.list(brand.id(), period.start(), period.end()),
                new DigestData.Posts(totals.getOrDefault(Counters.posts(TargetStatus.PUBLISHED), 0L),
                        totals.getOrDefault(Counters.posts(TargetStatus.FAILED), 0L),
                        totals.getOrDefault(Counters.posts(TargetStatus.UNCONFIRMED), 0L)),
                brands.listAccounts(brand.id()).stream()
                        .filter(a -> a.status() == Account.Status.NEEDS_RECONNECT).toList(),
                replies(brand, period, now, totals));
    }

    /** Response times from the period's counters; the open backlog (one COUNT per age band) at the period's end. */
    private DigestData.Replies replies(Brand brand, DigestPeriod period, List<CounterBucket> buckets,
                                       Map<String, Long> totals) {
        Long open = null;
        Long overADay = null;
        if (inbox != null) {
            var backlog = inbox.backlog(brand.id(), period.end());
            open = backlog.open();
            overADay = backlog.byAgeMinutes().stream().filter(b -> b[0] < 0 || b[0] > 1440).mapToLong(b -> b[1]).sum();
        }
        return new DigestData.Replies(totals.getOrDefault(Counters.replies(TargetStatus.PUBLISHED), 0L),
                io.cmautopilot.core.counter.ResponseTimes.overall(buckets),
                io.cmautopilot.core.counter.ResponseTimes.of(buckets), open, overADay);
    }

    private List<CounterBucket> buckets(String brandId, DigestPeriod period) {
        return period.cadence() == Cadence.DAILY
                ? counters.hours(brandId, period.start(), period.end())
                : counters.days(brandId, period.from(), period.to());
    }

    /**
     * The first highlights of a category. With the inbox wired, each listed comment is read as it stands now (one
     * GetItem per listed item: at most LIST_LIMIT per category): a comment removed on its network is no longer
     * listed, and one hidden since it was scored shows as hidden.
     */
    private List<Highlight> top(Brand brand, DigestPeriod period, Highlight.Category category) {
        List<Highlight> top = highlights.top(brand.id(), period.from(), period.to(), category, LIST_LIMIT);
        if (inbox == null) {
            return top;
        }
        List<Highlight> out = new ArrayList<>();
        for (Highlight h : top) {
            var now = inbox.get(brand.id(), h.commentId());
            if (now.isPresent() && now.get().comment().removed()) {
                continue;
            }
            boolean hidden = now.map(t -> t.comment().hidden()).orElse(h.hidden());
            out.add(hidden == h.hidden() ? h : new Highlight(h.category(), h.commentId(), h.network(), h.externalId(),
                    h.authorHandle(), h.authorName(), h.text(), h.permalink(), h.createdAt(), h.score(), h.labels(),
                    hidden));
        }
        return out;
    }

    private static Map<String, Long> sum(List<CounterBucket> buckets) {
        Map<String, Long> out = new HashMap<>();
        buckets.forEach(b -> b.values().forEach((k, v) -> out.merge(k, v, Long::sum)));
        return out;
    }

    private static Map<Sentiment.Label, Long> sentiment(Map<String, Long> totals) {
        Map<Sentiment.Label, Long> out = new EnumMap<>(Sentiment.Label.class);
        for (Sentiment.Label l : Sentiment.Label.values()) {
            out.put(l, totals.getOrDefault(Counters.sentiment(l), 0L));
        }
        return out;
    }

    /** One point per hour (daily; 23 or 25 on DST days) or per local day (weekly), zero where no bucket exists. */
    private static List<DigestData.TrendPoint> trend(DigestPeriod period, List<CounterBucket> buckets) {
        Map<String, CounterBucket> byKey = new HashMap<>();
        buckets.forEach(b -> byKey.put(b.key(), b));
        List<DigestData.TrendPoint> out = new ArrayList<>();
        if (period.cadence() == Cadence.DAILY) {
            for (Instant h = period.start().truncatedTo(ChronoUnit.HOURS); h.isBefore(period.end());
                 h = h.plus(1, ChronoUnit.HOURS)) {
                out.add(point(h, byKey.get(CounterStore.hourKey(h))));
            }
        } else {
            for (LocalDate d = period.from(); !d.isAfter(period.to()); d = d.plusDays(1)) {
                out.add(point(d.atStartOfDay(period.zone()).toInstant(), byKey.get(CounterStore.dayKey(d))));
            }
        }
        return out;
    }

    private static DigestData.TrendPoint point(Instant start, CounterBucket b) {
        if (b == null) {
            return new DigestData.TrendPoint(start, 0, 0, 0, 0);
        }
        return new DigestData.TrendPoint(start, b.get(Counters.sentiment(Sentiment.Label.POSITIVE)),
                b.get(Counters.sentiment(Sentiment.Label.NEGATIVE)), b.get(Counters.sentiment(Sentiment.Label.NEUTRAL)),
                b.get(Counters.sentiment(Sentiment.Label.MIXED)));
    }
}
