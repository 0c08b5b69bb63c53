package io.cmautopilot.digest;

import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.PendingEvents;
import io.cmautopilot.core.digest.DigestRecord;
import io.cmautopilot.core.digest.DigestStore;
import io.cmautopilot.core.events.DigestSent;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.digest.schedule.DigestSchedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One hourly run: every active subscription whose digest is due is claimed (one send record per subscription and
 * period, conditional write), built, sent, and marked sent or failed. Two overlapping runs cannot both claim a
 * period; a failed send leaves a FAILED record that the next run claims again; a run that dies mid-send leaves a
 * lease that expires. Each subscription is isolated: one failure never stops the others.
 */
public final class DigestRun {
    /** Longer than a build and a send take, shorter than the hour between runs. */
    public static final Duration LEASE = Duration.ofMinutes(10);
    private final BrandStore brands;
    private final DigestStore records;
    private final DigestComposer composer;
    private final Mailer mailer;
    private final Bus bus;
    private final Clock clock;
    private final DigestSchedule schedule;
    private final PendingEvents pending;

    public DigestRun(BrandStore brands, DigestStore records, DigestComposer composer, Mailer mailer, Bus bus,
                     Clock clock, DigestSchedule schedule, PendingEvents pending) {
        this.brands = brands;
        this.records = records;
        this.composer = composer;
        this.mailer = mailer;
        this.bus = bus;
        this.clock = clock;
        this.schedule = schedule;
        this.pending = pending;
    }

    public record Summary(int due, int sent, int failed, int skipped) {
    }

    public enum Outcome { SENT, FAILED, SKIPPED }

    public Summary run(String owner) {
        return run(owner, clock.instant());
    }

    /**
     * Sends what is due as of {@code now}: the scheduled event's time in AWS (EventBridge stamps each run with its
     * scheduled minute), or any instant the local runtime fires the schedule at.
     */
    public Summary run(String owner, Instant now) {
        int due = 0;
        int sent = 0;
        int failed = 0;
        int skipped = 0;
        for (Subscription s : brands.listActiveSubscriptions()) {
            for (DigestSchedule.Due d : schedule.due(s, now)) {
                due++;
                Outcome outcome;
                try {
                    outcome = send(d, owner);
                } catch (RuntimeException e) {
                    // The claim itself failed (table throttled...): nothing was sent, the next run tries again.
                    Log.error("digest claim failed", e, "subscriptionId", s.id(), "periodKey", d.period().key());
                    outcome = Outcome.FAILED;
                }
                switch (outcome) {
                    case SENT -> sent++;
                    case FAILED -> failed++;
                    case SKIPPED -> skipped++;
                }
            }
        }
        Log.info("digest run", "due", due, "sent", sent, "failed", failed, "skipped", skipped);
        return new Summary(due, sent, failed, skipped);
    }

    Outcome send(DigestSchedule.Due d, String owner) {
        Subscription s = d.subscription();
        String key = d.period().key();
        Instant now = clock.instant();
        Optional<DigestRecord> claimed = records.claim(s.id(), key, s.brandId(), owner, now, now.plus(LEASE));
        if (claimed.isEmpty()) {
            return Outcome.SKIPPED; // sent already, or another run is on it
        }
        String messageId;
        try {
            Brand brand = brands.get(s.brandId())
                    .orElseThrow(() -> new IllegalStateException("brand " + s.brandId() + " no longer exists"));
            messageId = mailer.send(composer.email(brand, s, d.sendDate()));
        } catch (RuntimeException e) {
            records.markFailed(claimed.get(), e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
            Log.warn("digest send failed; the next run retries it", "brandId", s.brandId(), "subscriptionId", s.id(),
                    "periodKey", key, "error", e.getClass().getSimpleName());
            return Outcome.FAILED;
        }
        // From here on the mail is out: nothing below may turn this into a failure that the next run would resend.
        try {
            if (!records.markSent(claimed.get(), messageId, clock.instant())) {
                Log.warn("digest sent after its lease was lost", "subscriptionId", s.id(), "periodKey", key);
            }
        } catch (RuntimeException e) {
            // The record stays SENDING until its lease expires; a later run may then send this period again. Rare,
            // logged, and the lesser evil next to never sending it.
            Log.error("digest sent but not marked", e, "subscriptionId", s.id(), "periodKey", key);
        }
        // DigestSent is marked pending first, then put; a refused (or never put) event is swept later.
        var event = new PendingEvents.Pending("DIGEST#" + s.id() + "#" + key, DomainEvent.of(new DigestSent(
                s.brandId(), s.id(), key, messageId)));
        try {
            pending.mark(event);
        } catch (RuntimeException e) {
            Log.error("DigestSent could not be marked pending; putting it once", e, "subscriptionId", s.id(),
                    "periodKey", key);
        }
        if (!pending.announce(bus, List.of(event)).isEmpty()) {
            Log.warn("DigestSent refused by the bus; left pending for the sweeper", "subscriptionId", s.id(),
                    "periodKey", key);
        }
        return Outcome.SENT;
    }
}
