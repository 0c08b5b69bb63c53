package io.cmautopilot.api.brand;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.http.ApiError;

import java.net.URI;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;

/** Field readers that answer 422 naming the field, shared by the management routes. */
public final class Validation {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"<>,;]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,}$");
    private static final Set<String> LANGUAGES = Set.of("en", "fr");

    private Validation() {
    }

    public static String requiredText(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.invalid(field + " is required", field);
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw ApiError.invalid(field + " must be a non-empty string", field);
        }
        if (v.asText().length() > max) {
            throw ApiError.invalid(field + " is longer than " + max + " characters", field);
        }
        return v.asText().trim();
    }

    public static String optionalText(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return requiredText(body, field, max);
    }

    /** An IANA zone id ("Europe/Paris"); offsets and abbreviations are refused because they ignore DST. */
    public static ZoneId zone(String value, String field) {
        if (value == null || !ZoneId.getAvailableZoneIds().contains(value)) {
            throw ApiError.invalid(field + " must be an IANA time zone such as Europe/Paris", field);
        }
        return ZoneId.of(value);
    }

    public static String language(String value, String field) {
        if (value == null || !LANGUAGES.contains(value)) {
            throw ApiError.invalid(field + " must be en or fr", field);
        }
        return value;
    }

    public static String email(String value, String field) {
        if (value == null || !EMAIL.matcher(value).matches()) {
            throw ApiError.invalid(field + " must be an e-mail address", field);
        }
        return value;
    }

    /** An absolute HTTPS URL (plain HTTP only for loopback hosts, which tests and local proxies use). */
    public static String url(String value, String field) {
        try {
            URI uri = URI.create(value);
            String host = uri.getHost();
            boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
            if (host == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
                throw ApiError.invalid(field + " must be an https URL", field);
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(field + " must be an https URL", field);
        }
    }
}
