package io.cmautopilot.core.counter;

import java.time.Instant;
import java.util.Map;

/**
 * One per-brand counter bucket: an hour (UTC hour start) or a day (the brand's local date, starting at its local
 * midnight). Values are named as in {@link Counters}.
 */
public record CounterBucket(String brandId, Granularity granularity, String key, Instant start, Map<String, Long> values) {
    public enum Granularity { HOUR, DAY }

    public long get(String name) {
        return values.getOrDefault(name, 0L);
    }
}
