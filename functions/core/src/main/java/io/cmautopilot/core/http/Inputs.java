package io.cmautopilot.core.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place where what a client sends in a path or a query string is bounded before anything reaches DynamoDB
 * (docs/SECURITY.md, "Input limits"). {@link Router} applies {@link #checkPath} and {@link #checkQuery} to every
 * request of every HTTP function, so a route sees only values that can be keys; routes read times through
 * {@link #instant}, which range-checks them. Every refusal is a 400 naming the parameter.
 *
 * <ul>
 *   <li>{@code brand}: {@code [a-z0-9-]{2,40}} (the brand id rule)</li>
 *   <li>every other path parameter, and every query parameter named {@code id}, {@code *Id} or
 *       {@code subscription}: {@link #ID}, at most 128 ASCII characters, never {@code #} (the key separator)</li>
 *   <li>every query value: at most {@link #MAX_QUERY_VALUE} characters, no control characters</li>
 *   <li>times: ISO-8601 with an offset, from {@link #EARLIEST} to {@link #LATEST}</li>
 *   <li>ids inside management bodies that become keys ({@link #bodyId}): {@link #ID}, 422</li>
 * </ul>
 */
public final class Inputs {
    public static final Pattern BRAND = Pattern.compile("[a-z0-9-]{2,40}");
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:~-]{0,127}");
    public static final int MAX_QUERY_VALUE = 2048;
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private Inputs() {
    }

    public static void checkPath(Map<String, String> pathParams) {
        pathParams.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            if ("brand".equals(name)) {
                if (!BRAND.matcher(value).matches()) {
                    throw ApiError.badRequest("brand must match [a-z0-9-]{2,40}", "brand");
                }
            } else if (!ID.matcher(value).matches()) {
                throw ApiError.badRequest(name + " must be an id of at most 128 letters, digits and . _ : ~ -", name);
            }
        });
    }

    public static void checkQuery(Map<String, String> query) {
        query.forEach((name, value) -> {
            if (name.length() > 64 || CONTROL.matcher(name).find()) {
                throw ApiError.badRequest("query parameter names are at most 64 printable characters", null);
            }
            if (value == null) {
                return;
            }
            if (value.length() > MAX_QUERY_VALUE) {
                throw ApiError.badRequest(name + " is longer than " + MAX_QUERY_VALUE + " characters", name);
            }
            if (CONTROL.matcher(value).find()) {
                throw ApiError.badRequest(name + " contains control characters", name);
            }
            if (isIdName(name) && !value.isEmpty() && !ID.matcher(value).matches()) {
                throw ApiError.badRequest(name + " must be an id of at most 128 letters, digits and . _ : ~ -", name);
            }
        });
    }

    /**
     * An id a management body names that becomes part of a key (an account's platform id): the {@link #ID} rule,
     * 422 naming {@code field} otherwise; null stays null.
     */
    public static String bodyId(String value, String field) {
        if (value != null && !ID.matcher(value).matches()) {
            throw ApiError.invalid(field + " must be an id of at most 128 letters, digits and . _ : ~ -", field);
        }
        return value;
    }

    private static boolean isIdName(String name) {
        return name.equals("id") || name.endsWith("Id") || name.equals("subscription");
    }

    /**
     * The time in query parameter {@code name}, {@code otherwise} when absent; 400 when it is not an ISO-8601 time
     * with an offset or lies outside [{@link #EARLIEST}, {@link #LATEST}] (no schedule, comment or digest of this
     * suite is outside it, and beyond it the table's fixed-width time keys would not sort).
     */
    public static Instant instant(HttpRequest request, String name, Instant otherwise) {
        String v = request.query(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeException e) {
            throw ApiError.badRequest(name + " must be an ISO-8601 time with offset, like 2026-12-01T09:00:00+01:00",
                    name);
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiError.badRequest(name + " must be between " + EARLIEST + " and " + LATEST, name);
        }
        return t;
    }
}
