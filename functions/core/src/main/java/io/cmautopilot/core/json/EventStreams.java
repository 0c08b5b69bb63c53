package io.cmautopilot.core.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Invocation payloads read and results written with the shared mapper, for handlers that implement
 * {@code RequestStreamHandler} so that the Lambda runtime never loads its own serialiser and the event classes
 * (aws-lambda-java-events' {@code ScheduledEvent} needs joda-time): on a cold start that is the largest part of the
 * first call (docs/PERFORMANCE.md, "Cold start").
 */
public final class EventStreams {
    private EventStreams() {
    }

    /**
     * The {@code time} of an EventBridge scheduled event ({@code "2026-12-01T08:00:00Z"}); empty when the payload has
     * none or it is not an ISO-8601 instant (the handler then uses its clock, as with a typed event without time).
     */
    public static Optional<Instant> scheduledTime(InputStream event) throws IOException {
        JsonNode tree = Json.MAPPER.readTree(event);
        JsonNode time = tree == null ? null : tree.get("time");
        if (time == null || !time.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Writes a handler's result as the JSON the runtime's serialiser would have written for it. */
    public static void write(OutputStream out, Object result) throws IOException {
        out.write(Json.writeBytes(result));
    }
}
