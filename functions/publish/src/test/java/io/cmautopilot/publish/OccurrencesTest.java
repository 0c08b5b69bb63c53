package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.Recurrence;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OccurrencesTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Post first(LocalDateTime local, ZoneId zone, Recurrence r) {
        Instant at = ZonedDateTime.ofLocal(local, zone, null).toInstant();
        return Post.builder().id("S").brandId("acme").text("hi").publishAt(at).zone(zone).recurrence(r).seriesId("S")
                .occurrence(1).createdAt(at)
                .targets(List.of(PostTarget.scheduled("S", "acme", "a1", Network.X, at, at)))
                .build();
    }

    private static String local(Post p) {
        return p.publishAt().atZone(p.zone()).toOffsetDateTime().toString();
    }

    @Test
    void a_daily_post_keeps_nine_oclock_across_the_paris_spring_change() {
        Post p = first(LocalDateTime.parse("2027-03-27T09:00"), PARIS,
                new Recurrence(Recurrence.Frequency.DAILY, 1, null, null, 5));

        Post next = Occurrences.next(p, p.publishAt()).orElseThrow();

        assertThat(local(p)).isEqualTo("2027-03-27T09:00+01:00");
        assertThat(local(next)).isEqualTo("2027-03-28T09:00+02:00");
        // 23 hours later in absolute time: the day of the change is short
        assertThat(next.publishAt()).isEqualTo(p.publishAt().plusSeconds(23 * 3600));
        assertThat(next.id()).isEqualTo("S-2");
        assertThat(next.targets()).singleElement().satisfies(t -> {
            assertThat(t.postId()).isEqualTo("S-2");
            assertThat(t.dueAt()).isEqualTo(next.publishAt());
        });
    }

    @Test
    void a_weekly_post_keeps_nine_oclock_across_the_new_york_autumn_change() {
        Post p = first(LocalDateTime.parse("2027-11-06T09:00"), NEW_YORK,
                new Recurrence(Recurrence.Frequency.WEEKLY, 1, null, LocalDate.parse("2027-12-31"), null));

        Post next = Occurrences.next(p, p.publishAt()).orElseThrow();

        assertThat(local(p)).isEqualTo("2027-11-06T09:00-04:00");
        assertThat(local(next)).isEqualTo("2027-11-13T09:00-05:00");
    }

    @Test
    void an_occurrence_falling_in_the_gap_moves_forward_by_the_gap() {
        Post p = first(LocalDateTime.parse("2027-03-27T02:30"), PARIS,
                new Recurrence(Recurrence.Frequency.DAILY, 1, null, null, 10));

        assertThat(local(Occurrences.next(p, p.publishAt()).orElseThrow())).isEqualTo("2027-03-28T03:30+02:00");
    }

    @Test
    void an_occurrence_falling_in_the_overlap_takes_the_earlier_offset() {
        Post p = first(LocalDateTime.parse("2027-10-30T02:30"), PARIS,
                new Recurrence(Recurrence.Frequency.DAILY, 1, null, null, 10));

        assertThat(local(Occurrences.next(p, p.publishAt()).orElseThrow())).isEqualTo("2027-10-31T02:30+02:00");
    }

    @Test
    void every_two_weeks_on_monday_and_wednesday() {
        Recurrence r = new Recurrence(Recurrence.Frequency.WEEKLY, 2, Set.of(DayOfWeek.WEDNESDAY, DayOfWeek.MONDAY),
                null, 10);
        Post monday = first(LocalDateTime.parse("2027-01-04T10:00"), PARIS, r);

        Post wednesday = Occurrences.next(monday, monday.publishAt()).orElseThrow();
        Post mondayLater = Occurrences.next(wednesday, wednesday.publishAt()).orElseThrow();

        assertThat(local(wednesday)).isEqualTo("2027-01-06T10:00+01:00");
        assertThat(local(mondayLater)).isEqualTo("2027-01-18T10:00+01:00");
        assertThat(mondayLater.occurrence()).isEqualTo(3);
        assertThat(mondayLater.id()).isEqualTo("S-3");
    }

    @Test
    void a_series_ends_at_its_count_or_on_its_until_date_inclusive() {
        Post p = first(LocalDateTime.parse("2027-01-04T10:00"), PARIS,
                new Recurrence(Recurrence.Frequency.DAILY, 1, null, LocalDate.parse("2027-01-05"), null));
        Post second = Occurrences.next(p, p.publishAt()).orElseThrow();
        assertThat(local(second)).isEqualTo("2027-01-05T10:00+01:00");
        assertThat(Occurrences.next(second, second.publishAt())).isEmpty();

        Post once = first(LocalDateTime.parse("2027-01-04T10:00"), PARIS,
                new Recurrence(Recurrence.Frequency.DAILY, 1, null, null, 1));
        assertThat(Occurrences.next(once, once.publishAt())).isEmpty();
    }

    @Test
    void an_endless_series_keeps_going_one_occurrence_at_a_time() {
        Post p = first(LocalDateTime.parse("2026-12-01T09:00"), PARIS,
                new Recurrence(Recurrence.Frequency.WEEKLY, 1, null, null, null));
        Post current = p;
        for (int i = 0; i < 120; i++) {
            current = Occurrences.next(current, current.publishAt()).orElseThrow();
        }
        assertThat(current.id()).isEqualTo("S-121");
        assertThat(local(current)).isEqualTo("2029-03-20T09:00+01:00");
    }

    @Test
    void occurrences_missed_by_more_than_an_hour_are_skipped_not_published_in_a_burst() {
        Post p = first(LocalDateTime.parse("2026-12-01T09:00"), PARIS,
                new Recurrence(Recurrence.Frequency.DAILY, 1, null, null, 10));
        // the first occurrence was held (a pause) and finished four and a half days late
        Instant now = p.publishAt().plus(java.time.Duration.ofHours(4 * 24 + 12));

        Post next = Occurrences.next(p, now).orElseThrow();

        assertThat(local(next)).isEqualTo("2026-12-06T09:00+01:00");
        assertThat(next.occurrence()).isEqualTo(6);
        assertThat(next.id()).isEqualTo("S-6");
        // the skipped ones count: a series of 10 has 4 left after the 6th
        Post last = next;
        for (int i = 0; i < 4; i++) {
            last = Occurrences.next(last, last.publishAt()).orElseThrow();
        }
        assertThat(last.occurrence()).isEqualTo(10);
        assertThat(Occurrences.next(last, last.publishAt())).isEmpty();
    }
}
