package io.cmautopilot.local.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(value unit)}, {@code cron(minutes hours day-of-month month
 * day-of-week year)} or (ScheduleV2) {@code at(yyyy-mm-ddThh:mm:ss)}, evaluated in UTC (EventBridge rules and SAM {@code Schedule} events always are; a
 * {@code ScheduleV2} may name a zone). Follows the EventBridge rules: exactly one of day-of-month and day-of-week is
 * {@code ?}, months are 1-12 or JAN-DEC, weekdays 1-7 or SUN-SAT with 1 = Sunday, {@code L} as day-of-month is the
 * last day of the month. The {@code W}, {@code #} and weekday {@code L} forms are refused with a clear message.
 */
public sealed interface ScheduleExpression permits ScheduleExpression.Rate, ScheduleExpression.Cron, ScheduleExpression.At {

    /** The first fire time strictly after {@code after}; empty when the expression never fires again. */
    Optional<Instant> next(Instant after);

    String text();

    static ScheduleExpression parse(String expression) {
        return parse(expression, ZoneOffset.UTC);
    }

    static ScheduleExpression parse(String expression, ZoneId zone) {
        String e = expression == null ? "" : expression.trim();
        if (e.startsWith("rate(") && e.endsWith(")")) {
            return Rate.parse(e);
        }
        if (e.startsWith("cron(") && e.endsWith(")")) {
            return Cron.parse(e, zone);
        }
        if (e.startsWith("at(") && e.endsWith(")")) {
            return At.parse(e, zone);
        }
        throw new IllegalArgumentException("'" + expression + "' is not a schedule expression: use rate(5 minutes) or cron(0 8 * * ? *)");
    }

    /**
     * {@code rate(N unit)}: EventBridge counts from when the rule is created; locally the anchor is the runtime's
     * start, so the first fire is one period after {@code ./cm up} (on-demand firing covers "now").
     */
    record Rate(String text, Duration period, Instant anchor) implements ScheduleExpression {
        private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

        static Rate parse(String e) {
            Matcher m = RATE.matcher(e);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + e + "' is not a rate: use rate(1 minute), rate(5 minutes), rate(1 hour), rate(2 days)");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if (n <= 0) {
                throw new IllegalArgumentException("'" + e + "': the rate value must be a positive whole number");
            }
            // EventBridge requires the singular unit for 1 and the plural otherwise.
            if ((n == 1) != !unit.endsWith("s")) {
                throw new IllegalArgumentException("'" + e + "': use " + (n == 1 ? "the singular unit for 1" : "the plural unit for values above 1")
                        + " (EventBridge refuses it otherwise)");
            }
            Duration period = switch (unit.replaceAll("s$", "")) {
                case "minute" -> Duration.ofMinutes(n);
                case "hour" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return new Rate(e, period, null);
        }

        public Rate anchoredAt(Instant start) {
            return new Rate(text, period, start);
        }

        @Override
        public Optional<Instant> next(Instant after) {
            Instant base = anchor == null ? after : anchor;
            if (base.isAfter(after)) {
                return Optional.of(base);
            }
            long periods = Duration.between(base, after).toMillis() / period.toMillis() + 1;
            return Optional.of(base.plusMillis(periods * period.toMillis()));
        }
    }

    /** EventBridge Scheduler's one-time {@code at(yyyy-mm-ddThh:mm:ss)}, a wall-clock time in the schedule's zone. */
    record At(String text, Instant at) implements ScheduleExpression {
        static At parse(String e, ZoneId zone) {
            try {
                return new At(e, LocalDateTime.parse(e.substring(3, e.length() - 1).trim()).atZone(zone).toInstant());
            } catch (java.time.format.DateTimeParseException ex) {
                throw new IllegalArgumentException("'" + e + "' is not a one-time schedule: use at(2026-12-01T09:00:00)");
            }
        }

        @Override
        public Optional<Instant> next(Instant after) {
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }

    record Cron(String text, ZoneId zone, BitSet minutes, BitSet hours, BitSet daysOfMonth, boolean lastDayOfMonth,
                BitSet months, BitSet daysOfWeek, BitSet years, boolean anyDayOfMonth, boolean anyDayOfWeek)
            implements ScheduleExpression {
        private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
                Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
                Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
        private static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5,
                "FRI", 6, "SAT", 7);
        private static final int FIRST_YEAR = 1970;
        private static final int LAST_YEAR = 2199;

        static Cron parse(String e, ZoneId zone) {
            String[] f = e.substring(5, e.length() - 1).trim().split("\\s+");
            if (f.length != 6) {
                throw new IllegalArgumentException("'" + e + "' needs six fields: minutes hours day-of-month month day-of-week year");
            }
            for (String field : f) {
                if (field.contains("#") || field.contains("W")) {
                    throw new IllegalArgumentException("'" + e + "': the W and # forms are not supported by the local runtime");
                }
            }
            boolean domAny = f[2].equals("?");
            boolean dowAny = f[4].equals("?");
            if (domAny == dowAny) {
                throw new IllegalArgumentException("'" + e + "': exactly one of day-of-month and day-of-week must be '?' (EventBridge rule)");
            }
            boolean lastDom = f[2].equals("L");
            if (f[4].contains("L")) {
                throw new IllegalArgumentException("'" + e + "': the day-of-week L form is not supported by the local runtime");
            }
            return new Cron(e, zone, field(e, f[0], 0, 59, Map.of()), field(e, f[1], 0, 23, Map.of()),
                    domAny || lastDom ? full(1, 31) : field(e, f[2], 1, 31, Map.of()), lastDom,
                    field(e, f[3], 1, 12, MONTHS), dowAny ? full(1, 7) : field(e, f[4], 1, 7, DAYS),
                    field(e, f[5], FIRST_YEAR, LAST_YEAR, Map.of()), domAny, dowAny);
        }

        private static BitSet full(int min, int max) {
            BitSet b = new BitSet();
            b.set(min, max + 1);
            return b;
        }

        private static BitSet field(String e, String field, int min, int max, Map<String, Integer> names) {
            BitSet bits = new BitSet();
            for (String part : field.split(",")) {
                String range = part;
                int step = 1;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    range = part.substring(0, slash);
                    step = number(e, part.substring(slash + 1), 1, Integer.MAX_VALUE, Map.of());
                }
                int from;
                int to;
                if (range.equals("*") || range.equals("?")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    String[] ends = range.split("-", 2);
                    from = number(e, ends[0], min, max, names);
                    to = number(e, ends[1], min, max, names);
                } else {
                    from = number(e, range, min, max, names);
                    to = slash >= 0 ? max : from;
                }
                if (from > to) {
                    throw new IllegalArgumentException("'" + e + "': range " + range + " goes backwards");
                }
                for (int v = from; v <= to; v += step) {
                    bits.set(v);
                }
            }
            return bits;
        }

        private static int number(String e, String text, int min, int max, Map<String, Integer> names) {
            Integer named = names.get(text.toUpperCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
            try {
                int v = Integer.parseInt(text);
                if (v < min || v > max) {
                    throw new IllegalArgumentException("'" + e + "': " + v + " is outside " + min + "-" + max);
                }
                return v;
            } catch (NumberFormatException nfe) {
                throw new IllegalArgumentException("'" + e + "': '" + text + "' is not a number or a known name");
            }
        }

        @Override
        public Optional<Instant> next(Instant after) {
            ZonedDateTime start = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            LocalDate day = start.toLocalDate();
            for (int guard = 0; guard < 366 * 230 && day.getYear() <= LAST_YEAR; guard++, day = day.plusDays(1)) {
                if (!years.get(day.getYear())) {
                    day = LocalDate.of(day.getYear(), 12, 31);
                    continue;
                }
                if (!months.get(day.getMonthValue())) {
                    day = day.with(TemporalAdjusters.lastDayOfMonth());
                    continue;
                }
                if (!dayMatches(day)) {
                    continue;
                }
                boolean sameDay = day.equals(start.toLocalDate());
                for (int h = hours.nextSetBit(sameDay ? start.getHour() : 0); h >= 0; h = hours.nextSetBit(h + 1)) {
                    int fromMinute = sameDay && h == start.getHour() ? start.getMinute() : 0;
                    int m = minutes.nextSetBit(fromMinute);
                    if (m >= 0) {
                        Instant at = ZonedDateTime.ofLocal(LocalDateTime.of(day.getYear(), day.getMonth(),
                                day.getDayOfMonth(), h, m), zone, null).toInstant();
                        if (at.isAfter(after)) {
                            return Optional.of(at);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        private boolean dayMatches(LocalDate day) {
            if (!anyDayOfMonth) {
                if (lastDayOfMonth) {
                    return day.getDayOfMonth() == day.lengthOfMonth();
                }
                return daysOfMonth.get(day.getDayOfMonth());
            }
            // EventBridge numbers weekdays 1 = Sunday .. 7 = Saturday.
            int dow = day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : day.getDayOfWeek().getValue() + 1;
            return daysOfWeek.get(dow);
        }
    }
}
