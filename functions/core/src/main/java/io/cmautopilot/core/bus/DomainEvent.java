package io.cmautopilot.core.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One event for the bus: {@code source} is always {@link #SOURCE}; {@code detail} carries {@code schemaVersion},
 * {@code brandId} and the ids it speaks of (docs/EVENTS.md).
 */
public record DomainEvent(String detailType, ObjectNode detail) {
    public static final String SOURCE = "cm-autopilot";
    public static final int SCHEMA_VERSION = 1;

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

    public String brandId() {
        return detail.get("brandId").asText();
    }
}
