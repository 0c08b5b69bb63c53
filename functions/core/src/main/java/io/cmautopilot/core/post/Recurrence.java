package io.cmautopilot.core.post;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/**
 * Repeat a post every {@code interval} days or weeks (weekly: on {@code weekdays}, default the first occurrence's
 * weekday), until a local date and/or for a count of occurrences. Expanded lazily, one occurrence at a time.
 */
public record Recurrence(Frequency frequency, int interval, Set<DayOfWeek> weekdays, LocalDate until, Integer count) {
    public enum Frequency { DAILY, WEEKLY }

    public Recurrence {
        weekdays = weekdays == null ? Set.of() : Set.copyOf(weekdays);
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be at least 1");
        }
    }
}
