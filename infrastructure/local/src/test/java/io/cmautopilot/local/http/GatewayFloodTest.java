package io.cmautopilot.local.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of large bodies on loopback, bounded in count (96 requests of 2 MB from 24 clients) and time: beyond its
 * workers and queue the gateway refuses with 503 + Retry-After in the error shape, never holds more than
 * workers x body of request bodies, and the heap comes back to where it was.
 */
class GatewayFloodTest {
    @Test
    void a_flood_of_large_bodies_is_refused_beyond_the_pool_and_memory_stays_bounded() throws Exception {
        int body = 2 * 1024 * 1024;
        HttpGateway.Limits limits = new HttpGateway.Limits(2, 2, 100, 256, 4 * 1024 * 1024);
        try (HttpGateway gateway = GatewayFlood.gateway(limits, 40)) {
            GatewayFlood.Result r = GatewayFlood.run(gateway, 24, 4, body, Duration.ofSeconds(20));
            System.out.println("[flood] " + r.figures());

            assertThat(r.statuses().keySet()).containsOnly(200, 503);
            int refused = r.statuses().getOrDefault(503, 0);
            assertThat(refused).as("refused beyond 2 workers + 2 waiting").isPositive();
            assertThat(r.statuses().getOrDefault(200, 0)).isPositive();
            assertThat(r.transportErrors()).as("every refusal is an answer, not a reset").isZero();
            assertThat(r.refusalsWithRetryAfter()).isEqualTo(refused);
            assertThat(r.refusalsInErrorShape()).isEqualTo(refused);
            assertThat(r.peakBusy()).isLessThanOrEqualTo(2);
            assertThat(r.peakBodyBytes()).as("bodies held at once").isLessThanOrEqualTo(2L * body);
            assertThat(gateway.stats().refused()).isEqualTo(refused);
            assertThat(r.heapAfterGc() - r.baselineHeap()).as("heap growth after the flood")
                    .isLessThan(64L * 1024 * 1024);
        }
    }
}
