package io.cmautopilot.core.store;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A condition on the item a write touches, built from attribute names and plain values (strings, numbers,
 * booleans, instants, enums; see {@link Table#value}); placeholders are generated when the write is sent.
 * Combine with {@link #and} and {@link #or}.
 */
public final class Condition {
    private final Renderer renderer;

    private interface Renderer {
        String render(Expression e);
    }

    private Condition(Renderer renderer) {
        this.renderer = renderer;
    }

    /** The item exists (it has a partition key). */
    public static Condition itemExists() {
        return exists(Table.PK);
    }

    /** The item does not exist yet. */
    public static Condition itemAbsent() {
        return notExists(Table.PK);
    }

    public static Condition exists(String attribute) {
        return new Condition(e -> "attribute_exists(" + e.name(attribute) + ")");
    }

    public static Condition notExists(String attribute) {
        return new Condition(e -> "attribute_not_exists(" + e.name(attribute) + ")");
    }

    public static Condition eq(String attribute, Object value) {
        return compare(attribute, "=", value);
    }

    public static Condition ne(String attribute, Object value) {
        return compare(attribute, "<>", value);
    }

    public static Condition lt(String attribute, Object value) {
        return compare(attribute, "<", value);
    }

    public static Condition le(String attribute, Object value) {
        return compare(attribute, "<=", value);
    }

    public static Condition gt(String attribute, Object value) {
        return compare(attribute, ">", value);
    }

    public static Condition ge(String attribute, Object value) {
        return compare(attribute, ">=", value);
    }

    /** The attribute equals one of the values (at least one). */
    public static Condition in(String attribute, Object... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("IN needs at least one value");
        }
        List<Object> list = Arrays.stream(values).map(v -> (Object) Table.value(v)).toList();
        return new Condition(e -> e.name(attribute) + " IN (" + list.stream().map(e::value)
                .collect(Collectors.joining(", ")) + ")");
    }

    /** The attribute is absent or equals {@code value} (a flag never written reads as its default). */
    public static Condition absentOrEq(String attribute, Object value) {
        return notExists(attribute).or(eq(attribute, value));
    }

    /** The attribute's size (a list's length, a string's characters) is below {@code bound}. */
    public static Condition sizeLt(String attribute, long bound) {
        return new Condition(e -> "size(" + e.name(attribute) + ") < " + e.value(bound));
    }

    private static Condition compare(String attribute, String operator, Object value) {
        Objects.requireNonNull(value, () -> "a value to compare " + attribute + " with is required");
        Object stored = Table.value(value);
        return new Condition(e -> e.name(attribute) + " " + operator + " " + e.value(stored));
    }

    public Condition and(Condition other) {
        Objects.requireNonNull(other, "other");
        return new Condition(e -> "(" + render(e) + ") AND (" + other.render(e) + ")");
    }

    public Condition or(Condition other) {
        Objects.requireNonNull(other, "other");
        return new Condition(e -> "(" + render(e) + ") OR (" + other.render(e) + ")");
    }

    String render(Expression e) {
        return renderer.render(e);
    }
}
