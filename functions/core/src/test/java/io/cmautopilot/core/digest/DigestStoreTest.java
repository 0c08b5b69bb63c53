package io.cmautopilot.core.digest;

import io.cmautopilot.core.store.StoreFixture;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class DigestStoreTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    private static final Instant T0 = Instant.parse("2026-12-01T07:00:00Z");

    private DigestStore store() {
        return new DigestStore(StoreFixture.table(dynamo));
    }

    @Test
    void one_of_several_concurrent_runs_claims_a_period() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<DigestRecord>>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String owner = "run-" + i;
            results.add(pool.submit(() -> {
                go.await();
                return store().claim("s1", "daily#2026-11-30", "acme", owner, T0, T0.plusSeconds(300));
            }));
        }
        go.countDown();
        long winners = 0;
        for (var r : results) {
            winners += r.get().isPresent() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void a_sent_digest_is_never_claimed_again_but_a_failed_one_is() {
        DigestRecord claimed = store().claim("s1", "p1", "acme", "run-1", T0, T0.plusSeconds(300)).orElseThrow();
        assertThat(store().markSent(claimed, "msg-1", T0)).isTrue();
        assertThat(store().claim("s1", "p1", "acme", "run-2", T0.plusSeconds(3600), T0.plusSeconds(3900))).isEmpty();
        assertThat(store().get("s1", "p1").orElseThrow().messageId()).isEqualTo("msg-1");

        DigestRecord other = store().claim("s1", "p2", "acme", "run-1", T0, T0.plusSeconds(300)).orElseThrow();
        store().markFailed(other, "SES throttled", T0);
        DigestRecord retried = store().claim("s1", "p2", "acme", "run-2", T0.plusSeconds(3600), T0.plusSeconds(3900)).orElseThrow();
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(store().markSent(other, "late", T0)).as("the first run lost its claim").isFalse();
    }

    @Test
    void an_abandoned_claim_is_taken_over_after_its_lease() {
        store().claim("s1", "p1", "acme", "run-1", T0, T0.plusSeconds(300)).orElseThrow();
        assertThat(store().claim("s1", "p1", "acme", "run-2", T0.plusSeconds(100), T0.plusSeconds(400))).isEmpty();
        assertThat(store().claim("s1", "p1", "acme", "run-2", T0.plusSeconds(301), T0.plusSeconds(600))).isPresent();
    }
}
