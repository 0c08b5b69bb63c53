package io.cmautopilot.core.counter;

import io.cmautopilot.core.store.StoreFixture;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CounterStoreTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private CounterStore store() {
        return new CounterStore(StoreFixture.table(dynamo));
    }

    @Test
    void hour_buckets_are_utc_hours_and_day_buckets_the_brands_local_days() {
        // 2026-12-02T03:30Z is still 2026-12-01 (22:30) in New York.
        Instant late = Instant.parse("2026-12-02T03:30:00Z");
        store().add("acme", NEW_YORK, late, Map.of("comments", 2L, "sentiment_negative", 1L));
        store().add("acme", NEW_YORK, late.plusSeconds(600), Map.of("comments", 1L));

        var hours = store().hours("acme", Instant.parse("2026-12-02T03:00:00Z"), Instant.parse("2026-12-02T04:00:00Z"));
        assertThat(hours).singleElement().satisfies(h -> {
            assertThat(h.get("comments")).isEqualTo(3);
            assertThat(h.get("sentiment_negative")).isEqualTo(1);
            assertThat(h.start()).isEqualTo(Instant.parse("2026-12-02T03:00:00Z"));
        });
        var days = store().days("acme", LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-01"));
        assertThat(days).singleElement().satisfies(d -> {
            assertThat(d.get("comments")).isEqualTo(3);
            assertThat(d.start()).isEqualTo(Instant.parse("2026-12-01T05:00:00Z"));
        });
        assertThat(store().days("acme", LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-03"))).isEmpty();
        assertThat(store().hours("other", late.minusSeconds(7200), late.plusSeconds(7200))).isEmpty();
    }

    @Test
    void concurrent_adds_are_all_counted() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:15:00Z");
        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 40).forEach(i -> pool.submit(() -> store().add("acme", NEW_YORK, at, Map.of("comments", 1L))));
        }
        assertThat(store().hours("acme", at.minusSeconds(900), at.plusSeconds(2700)).get(0).get("comments")).isEqualTo(40);
    }
}
