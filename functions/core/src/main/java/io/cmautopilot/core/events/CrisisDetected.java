package io.cmautopilot.core.events;

import io.cmautopilot.core.bus.DomainEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code CrisisDetected}: the crisis rule tripped for a brand and its cool-down had passed; {@code networks} counts
 * the window's negatives per network id; docs/EVENTS.md, "Scoring" and docs/SCORING.md.
 */
public record CrisisDetected(Integer schemaVersion, String brandId, Instant detectedAt, Instant windowStart,
                             long negative, long total, double baselineMean, double baselineStdDev, double threshold,
                             String reason, Map<String, Long> networks, List<String> topCommentIds)
        implements BusEvent {
    public static final String TYPE = DomainEvent.CRISIS_DETECTED;

    public CrisisDetected {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "detectedAt", detectedAt);
        BusEvents.required(TYPE, "windowStart", windowStart);
        networks = networks == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(networks));
        topCommentIds = topCommentIds == null ? List.of() : List.copyOf(topCommentIds);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public CrisisDetected(String brandId, Instant detectedAt, Instant windowStart, long negative, long total,
                          double baselineMean, double baselineStdDev, double threshold, String reason,
                          Map<String, Long> networks, List<String> topCommentIds) {
        this(BusEvents.SCHEMA_VERSION, brandId, detectedAt, windowStart, negative, total, baselineMean,
                baselineStdDev, threshold, reason, networks, topCommentIds);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
