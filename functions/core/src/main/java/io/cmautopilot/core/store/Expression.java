package io.cmautopilot.core.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The placeholders of one request: every attribute name becomes {@code #n<i>} (once per name, so reserved words
 * such as {@code status} need no care) and every value {@code :v<i>}. An {@link Update} and a {@link Condition}
 * rendered into the same instance share it without clashes.
 */
final class Expression {
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    String name(String attribute) {
        if (attribute == null || attribute.isEmpty()) {
            throw new IllegalArgumentException("an attribute name is required");
        }
        return names.computeIfAbsent(attribute, a -> "#n" + names.size());
    }

    String value(Object value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, Table.value(value));
        return placeholder;
    }

    /** Placeholder to attribute name, as the request wants it; null when there is none. */
    Map<String, String> names() {
        if (names.isEmpty()) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        names.forEach((attribute, placeholder) -> out.put(placeholder, attribute));
        return out;
    }

    Map<String, AttributeValue> values() {
        return values.isEmpty() ? null : Map.copyOf(values);
    }
}
