package io.cmautopilot.local;

import io.cmautopilot.local.schedule.ScheduleExpression;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EventBridge rate and cron expressions: parsing, the refusals EventBridge makes, and the next fire time. */
class ScheduleExpressionTest {

    static Instant next(String expression, String after) {
        return ScheduleExpression.parse(expression).next(Instant.parse(after)).orElseThrow();
    }

    @Test
    void ratesFireEveryPeriodFromTheirAnchor() {
        var rate = (ScheduleExpression.Rate) ScheduleExpression.parse("rate(5 minutes)");
        assertThat(rate.period()).isEqualTo(Duration.ofMinutes(5));
        var anchored = rate.anchoredAt(Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(anchored.next(Instant.parse("2026-01-01T00:00:00Z"))).contains(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(anchored.next(Instant.parse("2026-01-01T00:07:30Z"))).contains(Instant.parse("2026-01-01T00:10:00Z"));
        assertThat(ScheduleExpression.parse("rate(1 hour)")).isInstanceOf(ScheduleExpression.Rate.class);
        assertThat(((ScheduleExpression.Rate) ScheduleExpression.parse("rate(2 days)")).period()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void ratesRefuseWhatEventBridgeRefuses() {
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 minutes)")).hasMessageContaining("singular");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(5 minute)")).hasMessageContaining("plural");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(0 minutes)")).hasMessageContaining("positive");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(5 seconds)")).hasMessageContaining("not a rate");
        assertThatThrownBy(() -> ScheduleExpression.parse("every 5 minutes")).hasMessageContaining("not a schedule expression");
    }

    @Test
    void cronFiresAtTheNextMatchingMinuteInUtc() {
        assertThat(next("cron(0 8 * * ? *)", "2026-06-01T07:59:59Z")).isEqualTo("2026-06-01T08:00:00Z");
        assertThat(next("cron(0 8 * * ? *)", "2026-06-01T08:00:00Z")).isEqualTo("2026-06-02T08:00:00Z");
        assertThat(next("cron(0/15 * * * ? *)", "2026-06-01T10:07:00Z")).isEqualTo("2026-06-01T10:15:00Z");
        assertThat(next("cron(5,35 14 * * ? *)", "2026-06-01T14:06:00Z")).isEqualTo("2026-06-01T14:35:00Z");
        assertThat(next("cron(0 0 1 JAN ? *)", "2026-06-01T00:00:00Z")).isEqualTo("2027-01-01T00:00:00Z");
    }

    @Test
    void weekdaysCountFromSundayAsOneAndAcceptNamesAndRanges() {
        // 2026-06-06 is a Saturday: MON-FRI skips to Monday the 8th.
        assertThat(next("cron(0 9 ? * MON-FRI *)", "2026-06-06T12:00:00Z")).isEqualTo("2026-06-08T09:00:00Z");
        assertThat(next("cron(0 9 ? * 2-6 *)", "2026-06-06T12:00:00Z")).isEqualTo("2026-06-08T09:00:00Z");
        assertThat(next("cron(0 9 ? * 1 *)", "2026-06-06T12:00:00Z")).isEqualTo("2026-06-07T09:00:00Z");
        assertThat(next("cron(0 9 ? * SUN,SAT *)", "2026-06-06T12:00:00Z")).isEqualTo("2026-06-07T09:00:00Z");
    }

    @Test
    void lastDayOfMonthAndYearRanges() {
        assertThat(next("cron(15 10 L * ? *)", "2026-02-03T00:00:00Z")).isEqualTo("2026-02-28T10:15:00Z");
        assertThat(next("cron(15 10 L * ? *)", "2028-02-03T00:00:00Z")).isEqualTo("2028-02-29T10:15:00Z");
        assertThat(next("cron(0 12 1 * ? 2027-2028)", "2026-06-01T00:00:00Z")).isEqualTo("2027-01-01T12:00:00Z");
        assertThat(ScheduleExpression.parse("cron(0 12 1 * ? 2020)").next(Instant.parse("2026-06-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void cronIsUtcSoDaylightSavingChangesNothing() {
        // Europe and the US change clocks on these dates; an EventBridge cron stays on UTC.
        assertThat(next("cron(30 1 * * ? *)", "2026-03-29T00:00:00Z")).isEqualTo("2026-03-29T01:30:00Z");
        assertThat(next("cron(30 1 * * ? *)", "2026-10-25T01:31:00Z")).isEqualTo("2026-10-26T01:30:00Z");
        assertThat(next("cron(0 * * * ? *)", "2026-03-08T06:30:00Z")).isEqualTo("2026-03-08T07:00:00Z");
    }

    @Test
    void aScheduleV2ZoneKeepsTheWallClockAcrossDaylightSaving() {
        var paris = ScheduleExpression.parse("cron(0 9 * * ? *)", ZoneId.of("Europe/Paris"));
        assertThat(paris.next(Instant.parse("2026-03-28T09:00:00Z"))).contains(Instant.parse("2026-03-29T07:00:00Z"));
        assertThat(paris.next(Instant.parse("2026-03-27T09:00:00Z"))).contains(Instant.parse("2026-03-28T08:00:00Z"));
    }

    @Test
    void aOneTimeScheduleFiresOnceAtItsWallClockTime() {
        var at = ScheduleExpression.parse("at(2026-12-01T09:00:00)", ZoneId.of("Europe/Paris"));

        assertThat(at.next(Instant.parse("2026-11-30T00:00:00Z"))).contains(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(at.next(Instant.parse("2026-12-01T08:00:00Z"))).isEmpty();
        assertThatThrownBy(() -> ScheduleExpression.parse("at(tomorrow)")).hasMessageContaining("one-time");
    }

    @Test
    void cronRefusesWhatEventBridgeRefusesOrTheRuntimeDoesNotImplement() {
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 8 * * * *)")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 8 ? * ? *)")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 8 * *)")).hasMessageContaining("six fields");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(60 8 * * ? *)")).hasMessageContaining("outside 0-59");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 8 ? * 3#2 *)")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 8 15W * ? *)")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 8 ? * 6L *)")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 8 * FOO ? *)")).hasMessageContaining("'FOO'");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 10-8 * * ? *)")).hasMessageContaining("backwards");
    }
}
