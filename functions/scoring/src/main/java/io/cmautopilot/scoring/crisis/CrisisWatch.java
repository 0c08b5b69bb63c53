package io.cmautopilot.scoring.crisis;

import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings.CrisisSettings;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Highlight;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.counter.CounterBucket;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.crisis.CrisisRecord;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.events.CrisisDetected;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.post.PublishingSwitch;
import io.cmautopilot.scoring.alert.Alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the crisis rule for a brand after a batch touched it: reads {@code baselineHours + 1} hour buckets (O(hours),
 * never comments), and when the rule trips records the crisis conditionally on the cool-down (so concurrent scorers
 * raise it once), announces {@code CrisisDetected} and sends the alert with the top negative comments; with the
 * brand setting {@code pauseOnCrisis} it first pauses the brand's publishing, and the alert says so.
 */
public final class CrisisWatch {
    private final CounterStore counters;
    private final CrisisStore crises;
    private final HighlightStore highlights;
    private final Bus bus;
    private final Alerts alerts;

    private final PublishingSwitch publishing;

    public CrisisWatch(CounterStore counters, CrisisStore crises, HighlightStore highlights, Bus bus, Alerts alerts) {
        this(counters, crises, highlights, bus, alerts, null);
    }

    /** With {@code publishing}, a brand whose settings say {@code pauseOnCrisis} is paused when a crisis is raised. */
    public CrisisWatch(CounterStore counters, CrisisStore crises, HighlightStore highlights, Bus bus, Alerts alerts,
                       PublishingSwitch publishing) {
        this.counters = counters;
        this.crises = crises;
        this.highlights = highlights;
        this.bus = bus;
        this.alerts = alerts;
        this.publishing = publishing;
    }

    /** The crisis raised by this call, if any (empty when the rule holds or the cool-down is running). */
    public Optional<CrisisRecord> check(Brand brand, Instant now) {
        CrisisSettings s = brand.settings().crisis();
        Instant hourStart = now.truncatedTo(ChronoUnit.HOURS);
        Instant baselineStart = hourStart.minus(Duration.ofHours(s.baselineHours()));
        List<CounterBucket> buckets = counters.hours(brand.id(), baselineStart, hourStart.plus(Duration.ofHours(1)));
        CounterBucket current = null;
        List<CounterBucket> baseline = new ArrayList<>();
        for (CounterBucket b : buckets) {
            if (b.key().equals(CounterStore.hourKey(hourStart))) {
                current = b;
            } else {
                baseline.add(b);
            }
        }
        CrisisRule.Assessment a = CrisisRule.assess(current, baseline, s);
        if (!a.raise()) {
            return Optional.empty();
        }
        List<Highlight> top = topNegative(brand, now, hourStart);
        CrisisRecord record = new CrisisRecord(brand.id(), now, hourStart, a.negative(), a.total(), a.baselineMean(),
                a.baselineStdDev(), a.threshold(), a.reason(), a.negativeByNetwork(),
                top.stream().map(Highlight::commentId).toList());
        if (!crises.record(record, Duration.ofMinutes(s.cooldownMinutes()))) {
            return Optional.empty();
        }
        var detected = new CrisisDetected(brand.id(), now, hourStart, a.negative(), a.total(), round(a.baselineMean()),
                round(a.baselineStdDev()), round(a.threshold()), a.reason(), a.negativeByNetwork(),
                record.topCommentIds());
        List<DomainEvent> refused = bus.put(List.of(DomainEvent.of(detected)));
        if (!refused.isEmpty()) {
            // The crisis record is stored and the digest reads it; the alert below still goes out.
            Log.error("CrisisDetected refused by the bus", null, "brandId", brand.id());
        }
        boolean paused = false;
        if (publishing != null && brand.settings().pauseOnCrisis()) {
            // every crisis the rule raises is a high-severity alert: hold the brand's scheduled posts
            try {
                paused = publishing.pause(brand.id(), "crisis: " + a.reason(), "crisis").state().paused();
            } catch (RuntimeException e) {
                Log.error("pause on crisis failed", e, "brandId", brand.id());
            }
        }
        alerts.crisis(brand, record, top, paused);
        Log.info("crisis raised", "brandId", brand.id(), "negative", a.negative(), "total", a.total());
        return Optional.of(record);
    }

    private List<Highlight> topNegative(Brand brand, Instant now, Instant hourStart) {
        var zone = brand.timezone();
        List<Highlight> all = highlights.top(brand.id(), hourStart.atZone(zone).toLocalDate(),
                now.atZone(zone).toLocalDate(), Highlight.Category.NEGATIVE, 20);
        List<Highlight> inWindow = new ArrayList<>(all.stream().filter(h -> !h.createdAt().isBefore(hourStart)).toList());
        for (Highlight h : all) {
            if (inWindow.size() >= 3) {
                break;
            }
            if (!inWindow.contains(h)) {
                inWindow.add(h);
            }
        }
        return inWindow.stream().limit(3).toList();
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
