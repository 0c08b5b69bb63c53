package io.cmautopilot.core.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cmautopilot.core.bus.DomainEvent;

import java.time.Instant;

/**
 * {@code PublishingPaused}: a brand's publishing was paused by the API ({@code source: api}) or by a crisis
 * ({@code source: crisis}); {@code reason} is written as null when none was given; docs/EVENTS.md, "Publishing".
 */
public record PublishingPaused(Integer schemaVersion, String brandId, boolean paused, String source,
                               @JsonInclude(JsonInclude.Include.ALWAYS) String reason, Instant pausedAt)
        implements BusEvent {
    public static final String TYPE = DomainEvent.PUBLISHING_PAUSED;

    public PublishingPaused {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "source", source);
        BusEvents.required(TYPE, "pausedAt", pausedAt);
    }

    /** A pause announced now, at the current {@link BusEvents#SCHEMA_VERSION}. */
    public PublishingPaused(String brandId, String source, String reason, Instant pausedAt) {
        this(BusEvents.SCHEMA_VERSION, brandId, true, source, reason, pausedAt);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
