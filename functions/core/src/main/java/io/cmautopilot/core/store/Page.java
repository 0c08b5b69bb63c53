package io.cmautopilot.core.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One page of a listing and the opaque cursor of the next (null at the end). The cursor encodes DynamoDB's
 * LastEvaluatedKey; only string key attributes are used in this table, so it stays a flat, URL-safe string.
 */
public record Page<T>(List<T> items, String cursor) {

    public static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(lastKey).forEach((k, v) -> out.append(k).append('\u0001').append(v.s()).append('\u0002'));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor; throws {@link IllegalArgumentException} on anything that is not one of ours. */
    public static Map<String, AttributeValue> decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not valid");
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String part : raw.split("\u0002")) {
            if (part.isEmpty()) {
                continue;
            }
            int sep = part.indexOf('\u0001');
            if (sep <= 0) {
                throw new IllegalArgumentException("cursor is not valid");
            }
            key.put(part.substring(0, sep), AttributeValue.fromS(part.substring(sep + 1)));
        }
        if (!key.containsKey(Table.PK) || !key.containsKey(Table.SK)) {
            throw new IllegalArgumentException("cursor is not valid");
        }
        return key;
    }
}
