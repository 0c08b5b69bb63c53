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

    /** The earliest and latest times a platform can stamp on a comment; anything outside reads as unknown. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /**
     * Unix time in seconds or milliseconds (Meta sends both, depending on the field and the object); null when
     * missing, not a whole number, or outside 2000..2200 (a signed body can carry any number; none of those is a
     * time a platform sends, and beyond them the table's fixed-width time keys would not sort).
     */
    public static Instant epoch(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        long n;
        try {
            if (v.isNumber() && !v.canConvertToLong()) {
                return null;
            }
            n = v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (n < 0 || n > 100_000_000_000_000L) {
            return null;
        }
        return plausible(n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n));
    }

    /** {@code t} when it lies in 2000..2200, else null. */
    public static Instant plausible(Instant t) {
        return t == null || t.isBefore(EARLIEST) || t.isAfter(LATEST) ? null : t;
    }

    /** An ISO-8601 instant ("2026-11-30T12:00:00.000Z") when it parses and is {@link #plausible}, else null. */
    public static Instant iso(String text) {
        try {
            return text == null ? null : plausible(Instant.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** A base URL without its trailing slash, so paths can be appended ("https://mastodon.social/" + "/api"). */
    public static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isArray() ? v : java.util.List.of();
    }
}
