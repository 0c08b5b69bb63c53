package io.cmautopilot.publish;

import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.Recurrence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;

/**
 * Lazy expansion of a recurring post: occurrence n+1 is built from occurrence n when n is done. The next time keeps
 * the wall-clock time in the post's zone (09:00 stays 09:00 across a DST change) and resolves DST like the API
 * does ({@link ZonedDateTime#ofLocal}: a time in a gap moves forward by the gap's length, a time in an overlap takes
 * the earlier offset). Ids are deterministic ({@code <seriesId>-<n>}) so that two publishers finishing the last two
 * targets at once create the next occurrence once (the create is conditional).
 */
public final class Occurrences {
    private Occurrences() {
    }

    public static String id(String seriesId, int occurrence) {
        return seriesId + "-" + occurrence;
    }

    /**
     * How far ahead an occurrence may be materialised. A series (endless ones included) has at most one future
     * occurrence stored at any time, created when the previous one is done; and never one more than this far ahead
     * (intervals are at most 365 days or 52 weeks, so this only guards against a corrupted rule).
     */
    public static final java.time.Duration HORIZON = java.time.Duration.ofDays(400);
    /**
     * An occurrence whose time passed more than this long ago (the previous one was held by retries or a pause) is
     * skipped, counted as done, rather than published late in a burst.
     */
    public static final java.time.Duration LATE = java.time.Duration.ofHours(1);

    /** The next occurrence of a recurring post, or empty when the series is over (count or until reached). */
    public static Optional<Post> next(Post post, Instant now) {
        Recurrence r = post.recurrence();
        if (r == null || post.cancelled()) {
            return Optional.empty();
        }
        int n = Math.max(1, post.occurrence());
        ZoneId zone = post.zone() == null ? ZoneOffset.UTC : post.zone();
        LocalDateTime current = post.publishAt().atZone(zone).toLocalDateTime();
        LocalDate nextDate = current.toLocalDate();
        Instant at;
        do {
            if (r.count() != null && n >= r.count()) {
                return Optional.empty();
            }
            nextDate = nextDate(r, nextDate);
            if (r.until() != null && nextDate.isAfter(r.until())) {
                return Optional.empty();
            }
            at = ZonedDateTime.ofLocal(nextDate.atTime(current.toLocalTime()), zone, null).toInstant();
            n++;
        } while (at.isBefore(now.minus(LATE)));
        n--;
        if (at.isAfter(now.plus(HORIZON))) {
            return Optional.empty();
        }
        final Instant when = at;
        String seriesId = post.seriesId() == null ? post.id() : post.seriesId();
        String id = id(seriesId, n + 1);
        List<PostTarget> targets = post.targets().stream()
                .map(t -> PostTarget.scheduled(id, t.brandId(), t.accountId(), t.network(), when, now)).toList();
        return Optional.of(post.toBuilder().id(id).publishAt(when).zone(zone).seriesId(seriesId).occurrence(n + 1)
                .cancelled(false).createdAt(now).targets(targets).build());
    }

    /**
     * Daily: {@code interval} days later. Weekly: the next listed weekday in the current week, else the first listed
     * weekday {@code interval} weeks after the current week (weeks start on Monday). Without listed weekdays, the
     * current occurrence's weekday.
     */
    static LocalDate nextDate(Recurrence r, LocalDate current) {
        if (r.frequency() == Recurrence.Frequency.DAILY) {
            return current.plusDays(r.interval());
        }
        List<DayOfWeek> days = (r.weekdays().isEmpty() ? List.of(current.getDayOfWeek()) : r.weekdays().stream()
                .sorted().toList());
        for (DayOfWeek d : days) {
            if (d.compareTo(current.getDayOfWeek()) > 0) {
                return current.with(TemporalAdjusters.nextOrSame(d));
            }
        }
        LocalDate weekStart = current.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate target = weekStart.plus(r.interval(), ChronoUnit.WEEKS);
        return target.with(TemporalAdjusters.nextOrSame(days.get(0)));
    }
}
