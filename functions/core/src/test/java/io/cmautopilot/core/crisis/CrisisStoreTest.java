package io.cmautopilot.core.crisis;

import io.cmautopilot.core.store.StoreFixture;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class CrisisStoreTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration COOLDOWN = Duration.ofHours(3);

    private static CrisisRecord crisis(Instant at) {
        return new CrisisRecord("acme", at, at.minusSeconds(3600), 42, 50, 2.0, 1.5, 6.5, "negatives far above baseline",
                Map.of("facebook", 30L, "x", 12L), List.of("c1", "c2"));
    }

    @Test
    void one_alert_per_cooldown_even_with_concurrent_detectors() throws Exception {
        CrisisStore store = new CrisisStore(StoreFixture.table(dynamo));
        List<Callable<Boolean>> detectors = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> (Callable<Boolean>) () -> store.record(crisis(T0.plusMillis(i)), COOLDOWN)).toList();
        long raised;
        try (var pool = Executors.newFixedThreadPool(5)) {
            raised = pool.invokeAll(detectors).stream().filter(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).count();
        }
        assertThat(raised).isEqualTo(1);
        assertThat(store.record(crisis(T0.plus(Duration.ofHours(2))), COOLDOWN)).as("burst during cool-down").isFalse();
        assertThat(store.record(crisis(T0.plus(Duration.ofHours(4))), COOLDOWN)).isTrue();

        var listed = store.list("acme", T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).negativeByNetwork()).containsEntry("facebook", 30L);
    }
}
