package io.cmautopilot.publish;

import io.cmautopilot.core.Network;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a tick works: the lease a claim takes (longer than the slowest publish, Instagram polling included), the time
 * budget of a tick (leftovers stay due for the next one), the due page size, retry policy and the per-network
 * concurrency caps (docs/PLATFORMS.md, lesson 3: Postiz caps LinkedIn and Bluesky at 2).
 */
public record PublisherSettings(Duration lease, Duration budget, int pageSize, int maxAttempts,
                                Duration backoffBase, Duration backoffCap, Map<Network, Integer> concurrency) {

    public PublisherSettings {
        concurrency = Map.copyOf(concurrency);
    }

    public int concurrency(Network network) {
        return concurrency.getOrDefault(network, 1);
    }

    /** The delay before attempt {@code attempts + 1}: base × 2^(attempts-1), capped. */
    public Duration backoff(int attempts) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration d = backoffBase.multipliedBy(factor);
        return d.compareTo(backoffCap) > 0 ? backoffCap : d;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static PublisherSettings defaults() {
        return builder().build();
    }

    public static final class Builder {
        private Duration lease = Duration.ofMinutes(5);
        private Duration budget = Duration.ofSeconds(40);
        private int pageSize = 100;
        private int maxAttempts = 6;
        private Duration backoffBase = Duration.ofMinutes(1);
        private Duration backoffCap = Duration.ofHours(1);
        private final Map<Network, Integer> concurrency = new EnumMap<>(Map.of(
                Network.MASTODON, 4, Network.BLUESKY, 2, Network.X, 4, Network.LINKEDIN, 2,
                Network.FACEBOOK, 4, Network.INSTAGRAM, 2, Network.LOCAL, 8));

        public Builder lease(Duration v) {
            lease = v;
            return this;
        }

        public Builder budget(Duration v) {
            budget = v;
            return this;
        }

        public Builder pageSize(int v) {
            pageSize = v;
            return this;
        }

        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }

        public Builder backoff(Duration base, Duration cap) {
            backoffBase = base;
            backoffCap = cap;
            return this;
        }

        public Builder concurrency(Network network, int cap) {
            concurrency.put(network, cap);
            return this;
        }

        public PublisherSettings build() {
            if (lease.compareTo(budget) <= 0) {
                throw new IllegalArgumentException("the lease must outlast the tick budget");
            }
            if (pageSize < 1 || pageSize > 1000) {
                throw new IllegalArgumentException("pageSize must be 1-1000");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            if (backoffBase.isNegative() || backoffCap.compareTo(backoffBase) < 0) {
                throw new IllegalArgumentException("backoff cap must be at least its base");
            }
            concurrency.forEach((n, c) -> {
                if (c < 1) {
                    throw new IllegalArgumentException("concurrency of " + n.id() + " must be at least 1");
                }
            });
            return new PublisherSettings(lease, budget, pageSize, maxAttempts, backoffBase, backoffCap, concurrency);
        }
    }
}
