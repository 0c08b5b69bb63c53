package io.cmautopilot.core.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The envelope EventBridge wraps a put event in, as a rule delivers it to a queue or a function (docs/EVENTS.md):
 * {@code version, id, detail-type, source, account, time, region, resources, detail}. {@link #event()} reads the
 * detail into its record.
 */
public record Envelope(String version, String id, @JsonProperty("detail-type") String detailType, String source,
                       String account, Instant time, String region, List<String> resources, ObjectNode detail) {

    /** Parses one envelope (an SQS message body); {@link IllegalArgumentException} when it is not one. */
    public static Envelope parse(String json) {
        JsonNode tree;
        try {
            tree = Json.tree(json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("not an EventBridge event: the body is not a JSON object");
        }
        try {
            return RecordCodec.read(Envelope.class, tree);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not an EventBridge event: " + e.getMessage(), e);
        }
    }

    /** The detail read into the record of {@link #detailType()} ({@link BusEvents#read(String, JsonNode)}). */
    public BusEvent event() {
        return BusEvents.read(detailType, detail);
    }

    /** The detail read into the given record; {@link IllegalArgumentException} when the detail-type is another. */
    public <T extends BusEvent> T event(Class<T> type) {
        String expected = BusEvents.detailType(type);
        if (!expected.equals(detailType)) {
            throw new IllegalArgumentException("not a " + expected + " event: " + detailType);
        }
        return BusEvents.read(type, detail);
    }

    /** The same envelope around another detail. */
    public Envelope with(BusEvent event) {
        return new Envelope(version, id, event.detailType(), source, account, time, region, resources,
                BusEvents.detail(event));
    }
}
