package io.cmautopilot.core.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.events.BusEvent;
import io.cmautopilot.core.events.BusEvents;

import java.util.Objects;

/**
 * One event for the bus: {@code source} is always {@link #SOURCE}; {@code detail} carries {@code schemaVersion},
 * {@code brandId} and the ids it speaks of (docs/EVENTS.md). Emitters make it from its record ({@link #of}), consumers
 * read the record back ({@link #event}); the JSON form is what the bus, the pending marks and the sweeper carry.
 */
public record DomainEvent(String detailType, ObjectNode detail) {
    public static final String SOURCE = "cm-autopilot";
    public static final int SCHEMA_VERSION = BusEvents.SCHEMA_VERSION;

    public static final String COMMENT_RECEIVED = "CommentReceived";
    public static final String COMMENT_SCORED = "CommentScored";
    public static final String COMMENT_FLAGGED = "CommentFlagged";
    public static final String CRISIS_DETECTED = "CrisisDetected";
    public static final String POST_PUBLISHED = "PostPublished";
    public static final String POST_FAILED = "PostFailed";
    public static final String POST_UNCONFIRMED = "PostUnconfirmed";
    public static final String ACCOUNT_NEEDS_RECONNECT = "AccountNeedsReconnect";
    public static final String DIGEST_SENT = "DigestSent";
    public static final String PUBLISHING_PAUSED = "PublishingPaused";
    public static final String REPLY_PUBLISHED = "ReplyPublished";
    public static final String REPLY_FAILED = "ReplyFailed";
    public static final String COMMENT_STATE_CHANGED = "CommentStateChanged";

    public DomainEvent {
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(detail, "detail");
        if (!detail.hasNonNull("brandId")) {
            throw new IllegalArgumentException(detailType + " detail needs a brandId");
        }
        if (!detail.has("schemaVersion")) {
            detail.put("schemaVersion", SCHEMA_VERSION);
        }
    }

    /** The event of a record: its detail-type and its detail written with the shared mapper. */
    public static DomainEvent of(BusEvent event) {
        return new DomainEvent(event.detailType(), BusEvents.detail(event));
    }

    /** The detail read back into the record of its detail-type ({@link BusEvents#read(String, JsonNode)}). */
    public BusEvent event() {
        return BusEvents.read(detailType, detail);
    }

    /** The detail read into the given record; {@link IllegalArgumentException} when this event is of another type. */
    public <T extends BusEvent> T event(Class<T> type) {
        BusEvent e = event();
        if (!type.isInstance(e)) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " event: " + detailType);
        }
        return type.cast(e);
    }

    public String brandId() {
        return detail.get("brandId").asText();
    }
}
