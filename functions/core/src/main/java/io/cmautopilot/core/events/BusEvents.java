package io.cmautopilot.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.bus.DomainEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes and reads the detail of the bus events (docs/EVENTS.md) with the shared mapper: a {@link BusEvent} record to
 * its JSON and back, by {@code detail-type}. Reading checks {@code schemaVersion} first: absent is version 1 (events
 * put before the field existed), an unknown version is refused with {@link UnsupportedSchemaVersion}.
 */
public final class BusEvents {
    /** The schema version emitted now; readers accept 1 to this. */
    public static final int SCHEMA_VERSION = 1;

    private static final Map<String, Class<? extends BusEvent>> TYPES = new LinkedHashMap<>();
    private static final Map<Class<? extends BusEvent>, String> NAMES = new LinkedHashMap<>();

    static {
        register(DomainEvent.POST_PUBLISHED, PostPublished.class);
        register(DomainEvent.POST_FAILED, PostFailed.class);
        register(DomainEvent.POST_UNCONFIRMED, PostUnconfirmed.class);
        register(DomainEvent.ACCOUNT_NEEDS_RECONNECT, AccountNeedsReconnect.class);
        register(DomainEvent.PUBLISHING_PAUSED, PublishingPaused.class);
        register(DomainEvent.REPLY_PUBLISHED, ReplyPublished.class);
        register(DomainEvent.REPLY_FAILED, ReplyFailed.class);
        register(DomainEvent.COMMENT_STATE_CHANGED, CommentStateChanged.class);
        register(DomainEvent.COMMENT_RECEIVED, CommentReceived.class);
        register(DomainEvent.COMMENT_SCORED, CommentScored.class);
        register(DomainEvent.COMMENT_FLAGGED, CommentFlagged.class);
        register(DomainEvent.CRISIS_DETECTED, CrisisDetected.class);
        register(DomainEvent.DIGEST_SENT, DigestSent.class);
    }

    private BusEvents() {
    }

    private static void register(String detailType, Class<? extends BusEvent> type) {
        TYPES.put(detailType, type);
        NAMES.put(type, detailType);
    }

    /** Every detail-type that has a record. */
    public static Set<String> detailTypes() {
        return java.util.Collections.unmodifiableSet(TYPES.keySet());
    }

    /** The record of a detail-type; empty for a detail-type that is not ours. */
    public static Optional<Class<? extends BusEvent>> type(String detailType) {
        return Optional.ofNullable(TYPES.get(detailType));
    }

    static String detailType(Class<? extends BusEvent> type) {
        return NAMES.get(type);
    }

    /**
     * The version a record carries, checked by every record's constructor: null (the field was absent) is 1; below 1
     * or above {@link #SCHEMA_VERSION} is refused.
     */
    static Integer version(String detailType, Integer version) {
        if (version == null) {
            return 1;
        }
        if (version < 1 || version > SCHEMA_VERSION) {
            throw new UnsupportedSchemaVersion(detailType, version);
        }
        return version;
    }

    /** The record's detail as the bus carries it. */
    public static ObjectNode detail(BusEvent event) {
        return RecordCodec.write(event);
    }

    /** Reads a detail into the record of its detail-type. */
    public static BusEvent read(String detailType, JsonNode detail) {
        Class<? extends BusEvent> type = TYPES.get(detailType);
        if (type == null) {
            throw new IllegalArgumentException("no event record for detail-type '" + detailType + "'");
        }
        return read(type, detail);
    }

    /**
     * Reads a detail into the given record. {@link UnsupportedSchemaVersion} for a version this code does not know;
     * {@link IllegalArgumentException} naming the problem for a detail that is not an object, or misses a field the
     * record needs, or has one of the wrong type.
     */
    public static <T extends BusEvent> T read(Class<T> type, JsonNode detail) {
        String detailType = NAMES.get(type);
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException(detailType + " detail is not a JSON object");
        }
        JsonNode v = detail.get("schemaVersion");
        if (v != null && !v.isNull()) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new IllegalArgumentException(detailType + " schemaVersion must be a whole number, not " + v);
            }
            version(detailType, v.intValue());
        }
        try {
            return RecordCodec.read(type, detail);
        } catch (UnsupportedSchemaVersion e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("malformed " + detailType + " detail: " + e.getMessage(), e);
        }
    }

    /** Checks a required field of a record (a clear message when a detail misses it). */
    /** A verdict's scores in key order, so the same verdict always serialises the same; none is an empty map. */
    static java.util.Map<String, Double> sortedScores(java.util.Map<String, Double> scores) {
        return scores == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(scores));
    }

    static <V> V required(String detailType, String field, V value) {
        if (value == null) {
            throw new IllegalArgumentException(detailType + " detail needs " + field);
        }
        return value;
    }
}
