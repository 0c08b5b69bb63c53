package io.cmautopilot.scoring.crisis;

import io.cmautopilot.core.brand.BrandSettings.CrisisSettings;
import io.cmautopilot.core.counter.CounterBucket;
import io.cmautopilot.core.counter.CounterStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule on synthetic hourly series: one bucket per hour, {@code negatives(h)} of {@code totals(h)} comments. */
class CrisisRuleTest {
    private static final Instant NOW_HOUR = Instant.parse("2026-11-30T09:00:00Z");
    private static final CrisisSettings DEFAULTS = CrisisSettings.defaults();

    private static CounterBucket hour(Instant start, long negative, long total) {
        return new CounterBucket("acme", CounterBucket.Granularity.HOUR, CounterStore.hourKey(start), start,
                Map.of("comments", total, "sentiment_negative", negative, "negative_x", negative));
    }

    /** {@code hours} baseline buckets before the current hour, oldest first. */
    private static List<CounterBucket> series(int hours, IntUnaryOperator negatives, IntUnaryOperator totals) {
        List<CounterBucket> out = new ArrayList<>();
        for (int h = hours; h >= 1; h--) {
            out.add(hour(NOW_HOUR.minus(Duration.ofHours(h)), negatives.applyAsInt(h), totals.applyAsInt(h)));
        }
        return out;
    }

    @Test
    void quietDayRaisesNothing() {
        // 2-4 negatives of ~20 comments an hour for a week, and the same this hour.
        var baseline = series(168, h -> 2 + h % 3, h -> 20);
        var a = CrisisRule.assess(hour(NOW_HOUR, 4, 21), baseline, DEFAULTS);
        assertThat(a.raise()).isFalse();
        assertThat(a.reason()).contains("minimum");
    }

    @Test
    void busyButNormalHourRaisesNothing() {
        // A brand that normally gets 10-20 negatives an hour: 18 is within its noise.
        var baseline = series(168, h -> 10 + h % 11, h -> 60);
        var a = CrisisRule.assess(hour(NOW_HOUR, 18, 60), baseline, DEFAULTS);
        assertThat(a.raise()).isFalse();
        assertThat(a.reason()).isEqualTo("within the baseline");
    }

    @Test
    void slowRiseIsAbsorbedByTheBaseline() {
        // Negatives growing by one every 12 hours over the week: the hour is high but the trend was there.
        var baseline = series(168, h -> 6 + (168 - h) / 12, h -> 40);
        var a = CrisisRule.assess(hour(NOW_HOUR, 20, 40), baseline, DEFAULTS);
        assertThat(a.raise()).isFalse();
        assertThat(a.baselineMean()).isBetween(12.0, 14.0);
    }

    @Test
    void suddenBurstRaises() {
        var baseline = series(168, h -> 2 + h % 3, h -> 20);
        var a = CrisisRule.assess(hour(NOW_HOUR, 35, 50), baseline, DEFAULTS);
        assertThat(a.raise()).isTrue();
        assertThat(a.reason()).contains("negative volume 35");
        assertThat(a.negativeByNetwork()).containsEntry("x", 35L);
        assertThat(a.threshold()).isLessThan(35);
    }

    @Test
    void withoutABaselineTheReportedThresholdIsTheMinimumCount() {
        var a = CrisisRule.assess(hour(NOW_HOUR, 11, 16), series(168, h -> 0, h -> 0), DEFAULTS);
        assertThat(a.raise()).isTrue();
        assertThat(a.threshold()).isEqualTo(DEFAULTS.minNegative());
    }

    @Test
    void moodTurningAtSteadyVolumeRaisesOnShare() {
        // 40 comments an hour with 10 negatives for a week (25%); this hour 30 of 40 are negative (75%) — the
        // volume test alone would stay quiet on a noisy brand, the share test does not.
        var baseline = series(168, h -> h % 2 == 0 ? 0 : 20, h -> 40);
        var a = CrisisRule.assess(hour(NOW_HOUR, 30, 40), baseline, DEFAULTS);
        assertThat(a.raise()).isTrue();
        assertThat(a.reason()).contains("negative share 75%");
    }

    @Test
    void threeAngryCommentsAreNotACrisis() {
        var a = CrisisRule.assess(hour(NOW_HOUR, 3, 3), List.of(), DEFAULTS);
        assertThat(a.raise()).isFalse();
    }

    @Test
    void missingHoursCountAsQuiet() {
        // Only two active hours in the week: the baseline mean is tiny, so 12 negatives now stand out.
        var baseline = List.of(hour(NOW_HOUR.minus(Duration.ofHours(30)), 3, 5), hour(NOW_HOUR.minus(Duration.ofHours(5)), 2, 4));
        var a = CrisisRule.assess(hour(NOW_HOUR, 12, 14), baseline, DEFAULTS);
        assertThat(a.baselineMean()).isLessThan(0.1);
        assertThat(a.raise()).isTrue();
    }
}
