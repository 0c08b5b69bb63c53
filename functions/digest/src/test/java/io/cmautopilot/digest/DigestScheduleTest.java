package io.cmautopilot.digest;

import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.digest.schedule.DigestSchedule;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** When digests are due, in real zones across DST changes (2026: EU 29 Mar / 25 Oct, US 8 Mar / 1 Nov). */
class DigestScheduleTest {
    private final DigestSchedule schedule = new DigestSchedule(DigestSchedule.CATCH_UP);

    private static Subscription daily(int hour, String zone) {
        return new Subscription("S1", "acme", "m@acme.test", Subscription.Cadence.DAILY, hour, null, ZoneId.of(zone),
                "en", true, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void a_0200_digest_on_the_paris_spring_forward_day_goes_at_0300_local_the_first_instant_after_0200() {
        Subscription s = daily(2, "Europe/Paris");
        // 01:00 CET (00:00Z): not yet; 02:00 does not exist; 03:00 CEST (01:00Z): due.
        assertThat(schedule.due(s, Instant.parse("2026-03-29T00:00:00Z"))).isEmpty();
        var due = schedule.due(s, Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(due).singleElement().satisfies(d -> {
            assertThat(d.sendAt()).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
            assertThat(d.period().key()).isEqualTo("daily#2026-03-28");
        });
    }

    @Test
    void the_repeated_hour_of_a_fall_back_night_maps_to_one_period() {
        Subscription s = daily(2, "Europe/Paris");
        // 02:00 happens twice on 25 Oct 2026: 00:00Z (CEST) and 01:00Z (CET). Both runs see the same single period.
        var first = schedule.due(s, Instant.parse("2026-10-25T00:00:00Z"));
        var second = schedule.due(s, Instant.parse("2026-10-25T01:00:00Z"));
        assertThat(first).singleElement().satisfies(d -> assertThat(d.sendAt()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z")));
        assertThat(second).extracting(d -> d.period().key()).containsExactly("daily#2026-10-24");
    }

    @Test
    void new_york_dst_days_shift_the_utc_send_time_and_keep_the_local_hour() {
        Subscription s = daily(9, "America/New_York");
        assertThat(DigestSchedule.sendAt(s, LocalDate.parse("2026-03-07"))).isEqualTo(Instant.parse("2026-03-07T14:00:00Z"));
        assertThat(DigestSchedule.sendAt(s, LocalDate.parse("2026-03-08"))).isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
        assertThat(DigestSchedule.sendAt(s, LocalDate.parse("2026-11-01"))).isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));
        assertThat(schedule.due(s, Instant.parse("2026-03-08T13:00:00Z"))).extracting(d -> d.period().key())
                .containsExactly("daily#2026-03-07");
        Subscription oneAm = daily(1, "America/New_York"); // 01:00 repeats on 1 Nov: 05:00Z (EDT) and 06:00Z (EST)
        assertThat(schedule.due(oneAm, Instant.parse("2026-11-01T05:00:00Z"))).extracting(d -> d.period().key())
                .containsExactly("daily#2026-10-31");
        assertThat(schedule.due(oneAm, Instant.parse("2026-11-01T06:00:00Z"))).extracting(d -> d.period().key())
                .containsExactly("daily#2026-10-31");
    }

    @Test
    void a_daily_period_on_a_dst_day_is_the_whole_local_day_of_23_or_25_hours() {
        DigestPeriod spring = DigestPeriod.before(Subscription.Cadence.DAILY, ZoneId.of("Europe/Paris"), LocalDate.parse("2026-03-30"));
        DigestPeriod autumn = DigestPeriod.before(Subscription.Cadence.DAILY, ZoneId.of("Europe/Paris"), LocalDate.parse("2026-10-26"));
        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));
        assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(25));
        assertThat(spring.previous().key()).isEqualTo("daily#2026-03-28");
    }

    @Test
    void weekly_digests_are_due_on_their_weekday_only_and_cover_the_seven_days_before() {
        Subscription s = new Subscription("S2", "acme", "m@acme.test", Subscription.Cadence.WEEKLY, 8, DayOfWeek.MONDAY,
                ZoneId.of("Europe/Paris"), "fr", true, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(schedule.due(s, Instant.parse("2026-11-24T07:00:00Z"))).isEmpty(); // a Tuesday
        var due = schedule.due(s, Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(due).singleElement().satisfies(d -> {
            assertThat(d.period().from()).isEqualTo(LocalDate.parse("2026-11-16"));
            assertThat(d.period().to()).isEqualTo(LocalDate.parse("2026-11-22"));
            assertThat(d.period().key()).isEqualTo("weekly#2026-11-16");
        });
    }

    @Test
    void a_missed_run_is_caught_up_within_the_window_and_not_after() {
        Subscription s = daily(9, "UTC");
        assertThat(schedule.due(s, Instant.parse("2026-11-23T08:59:59Z"))).isEmpty();
        assertThat(schedule.due(s, Instant.parse("2026-11-23T12:00:00Z"))).hasSize(1);
        assertThat(schedule.due(s, Instant.parse("2026-11-23T14:59:00Z"))).hasSize(1);
        assertThat(schedule.due(s, Instant.parse("2026-11-23T15:00:00Z"))).isEmpty();
    }

    @Test
    void a_subscription_created_after_its_hour_starts_the_next_day() {
        Subscription s = new Subscription("S3", "acme", "m@acme.test", Subscription.Cadence.DAILY, 9, null,
                ZoneId.of("UTC"), "en", true, Instant.parse("2026-11-23T09:30:00Z"));
        assertThat(schedule.due(s, Instant.parse("2026-11-23T10:00:00Z"))).isEmpty();
        assertThat(schedule.due(s, Instant.parse("2026-11-24T09:00:00Z"))).hasSize(1);
    }
}
