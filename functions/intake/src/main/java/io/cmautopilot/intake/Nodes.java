package io.cmautopilot.intake;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** Lenient reads of platform JSON: a missing or null field reads as null, numbers and strings alike as text. */
public final class Nodes {
    private Nodes() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    public static String at(JsonNode node, String pointer) {
        JsonNode v = node == null ? null : node.at(pointer);
        if (v == null || v.isMissingNode() || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    /** Unix time in seconds or milliseconds (Meta sends both, depending on the field and the object). */
    public static Instant epoch(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        long n;
        try {
            n = v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
        return n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    }

    public static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isArray() ? v : java.util.List.of();
    }
}
