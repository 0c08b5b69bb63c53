package io.cmautopilot.digest;

import io.cmautopilot.core.brand.Subscription.Cadence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * What a digest covers: whole local days {@code [from, to]} in the recipient's zone. A daily digest sent on day D
 * covers D-1; a weekly one covers the seven days D-7..D-1. Days are calendar days, so a DST day is 23 or 25 hours
 * long and is still one day. The period key names the first day, so the same period always has the same key,
 * whatever hour (or repeated hour on a fall-back night) a run happens in.
 */
public record DigestPeriod(Cadence cadence, ZoneId zone, LocalDate from, LocalDate to) {

    public DigestPeriod {
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(zone, "zone");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("period ends before it starts");
        }
    }

    /** The period a digest sent on local date {@code sendDate} covers. */
    public static DigestPeriod before(Cadence cadence, ZoneId zone, LocalDate sendDate) {
        int days = cadence == Cadence.DAILY ? 1 : 7;
        return new DigestPeriod(cadence, zone, sendDate.minusDays(days), sendDate.minusDays(1));
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The first instant of the period (local midnight of {@code from}, or the first instant after it on a DST gap). */
    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the period. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The period of the same length just before this one, for the comparisons. */
    public DigestPeriod previous() {
        return new DigestPeriod(cadence, zone, from.minusDays(days()), from.minusDays(1));
    }

    /** The idempotency key of a send: one digest per subscription and key. */
    public String key() {
        return cadence.name().toLowerCase(Locale.ROOT) + "#" + from;
    }
}
