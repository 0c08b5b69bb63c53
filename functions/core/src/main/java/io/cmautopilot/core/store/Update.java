package io.cmautopilot.core.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The changes of one UpdateItem, built from attribute names and plain values ({@link Table#value}); the
 * {@code SET}/{@code REMOVE}/{@code ADD} expression and its placeholders are generated when the write is sent, so no
 * store writes or patches expression strings. Each attribute is changed at most once per update (DynamoDB refuses
 * overlapping paths): a second change of it is an {@link IllegalStateException}.
 */
public final class Update {
    private enum Op { SET, SET_IF_ABSENT, APPEND, REMOVE, ADD }

    private record Change(Op op, Object value) {
    }

    private final Map<String, Change> changes = new LinkedHashMap<>();

    public Update set(String attribute, Object value) {
        return change(attribute, Op.SET, Table.value(required(attribute, value)));
    }

    /** Sets the attribute only when the item has none yet ({@code if_not_exists}). */
    public Update setIfAbsent(String attribute, Object value) {
        return change(attribute, Op.SET_IF_ABSENT, Table.value(required(attribute, value)));
    }

    /** Appends the values to a list attribute, creating it when absent. */
    public Update append(String attribute, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to " + attribute);
        }
        return change(attribute, Op.APPEND, Table.value(List.copyOf(values)));
    }

    public Update remove(String... attributes) {
        for (String a : attributes) {
            change(a, Op.REMOVE, null);
        }
        return this;
    }

    /** Adds {@code delta} to a number attribute (created at 0 when absent): atomic. */
    public Update add(String attribute, long delta) {
        return change(attribute, Op.ADD, Table.n(delta));
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The attributes this update changes, in the order they were given. */
    public Set<String> attributes() {
        return new LinkedHashSet<>(changes.keySet());
    }

    /**
     * A new update with the changes of both; {@link IllegalStateException} when both change the same attribute
     * (which one should win is the caller's decision, not ours).
     */
    public Update merge(Update other) {
        Update out = new Update();
        out.changes.putAll(changes);
        other.changes.forEach((attribute, change) -> {
            if (out.changes.containsKey(attribute)) {
                throw new IllegalStateException("two updates of one item both change '" + attribute + "'");
            }
            out.changes.put(attribute, change);
        });
        return out;
    }

    private Update change(String attribute, Op op, Object value) {
        Objects.requireNonNull(attribute, "attribute");
        if (changes.containsKey(attribute)) {
            throw new IllegalStateException("'" + attribute + "' is changed twice in one update");
        }
        changes.put(attribute, new Change(op, value));
        return this;
    }

    private static Object required(String attribute, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("no value for '" + attribute + "': remove it instead");
        }
        return value;
    }

    String render(Expression e) {
        if (changes.isEmpty()) {
            throw new IllegalStateException("an update changes at least one attribute");
        }
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>();
        changes.forEach((attribute, c) -> {
            String n = e.name(attribute);
            switch (c.op()) {
                case SET -> set.add(n + " = " + e.value(c.value()));
                case SET_IF_ABSENT -> set.add(n + " = if_not_exists(" + n + ", " + e.value(c.value()) + ")");
                case APPEND -> set.add(n + " = list_append(if_not_exists(" + n + ", " + e.value(List.of()) + "), "
                        + e.value(c.value()) + ")");
                case REMOVE -> remove.add(n);
                case ADD -> add.add(n + " " + e.value(c.value()));
            }
        });
        StringBuilder out = new StringBuilder();
        if (!set.isEmpty()) {
            out.append("SET ").append(String.join(", ", set));
        }
        if (!remove.isEmpty()) {
            out.append(out.isEmpty() ? "" : " ").append("REMOVE ").append(String.join(", ", remove));
        }
        if (!add.isEmpty()) {
            out.append(out.isEmpty() ? "" : " ").append("ADD ").append(String.join(", ", add));
        }
        return out.toString();
    }
}
