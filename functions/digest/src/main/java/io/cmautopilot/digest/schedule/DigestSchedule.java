package io.cmautopilot.digest.schedule;

import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.digest.DigestPeriod;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When a subscription's digests are due. The send time of local date D is the first instant at or after
 * {@code D hour:00} in the subscription's zone: on a spring-forward day a 02:00 digest in Europe/Paris goes at 03:00
 * (java.time moves a time in the gap forward by the gap), and on a fall-back day the repeated hour maps to its first
 * occurrence. A digest is keyed by its period (local dates), never by the hour, so the repeated hour or an
 * overlapping run finds the same key already claimed and cannot send twice.
 *
 * <p>A run sends every digest whose send time lies in {@code (now - catchUp, now]}: a run that was missed or failed
 * is made up by the next ones for {@code catchUp}, and a subscription created after its hour waits for the next day.
 */
public final class DigestSchedule {
    /** How long a missed or failed digest is still sent late; beyond this it would be stale news. */
    public static final Duration CATCH_UP = Duration.ofHours(6);
    private final Duration catchUp;

    public DigestSchedule(Duration catchUp) {
        this.catchUp = catchUp;
    }

    /** One digest to send: for local date {@code sendDate}, due since {@code sendAt}, covering {@code period}. */
    public record Due(Subscription subscription, LocalDate sendDate, Instant sendAt, DigestPeriod period) {
    }

    public static Instant sendAt(Subscription s, LocalDate date) {
        return ZonedDateTime.of(date, LocalTime.of(s.hour(), 0), s.timezone()).toInstant();
    }

    public List<Due> due(Subscription s, Instant now) {
        List<Due> out = new ArrayList<>();
        Instant earliest = now.minus(catchUp);
        LocalDate first = earliest.atZone(s.timezone()).toLocalDate();
        LocalDate last = now.atZone(s.timezone()).toLocalDate();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (s.cadence() == Subscription.Cadence.WEEKLY && d.getDayOfWeek() != s.weekday()) {
                continue;
            }
            Instant at = sendAt(s, d);
            if (!at.isAfter(now) && at.isAfter(earliest) && !at.isBefore(s.createdAt())) {
                out.add(new Due(s, d, at, DigestPeriod.before(s.cadence(), s.timezone(), d)));
            }
        }
        return out;
    }
}
