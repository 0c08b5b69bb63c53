package io.cmautopilot.core.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bus records to JSON trees and back by their components, without Jackson's bean introspection: reading and
 * writing a record through databind loads about 250 classes (deserializer factories, annotation introspection) and
 * cost the scoring function about 100 ms of its first call (docs/PERFORMANCE.md, "Cold start"); this walks the
 * record's components with {@code java.lang.reflect} and builds {@link JsonNode}s directly.
 * <p>
 * It writes what the shared mapper writes, so events keep their wire shape ({@code RecordCodecTest} compares the two
 * on every file under {@code events/bus}), and it reads the same Jackson annotations the mapper would: a component's
 * {@code @JsonProperty} name, {@code @JsonInclude(ALWAYS)} to write a null (otherwise a null component is left out,
 * the mapper's NON_NULL), an enum's {@code @JsonValue} method to write it and its {@code @JsonCreator} factory (or
 * else the {@code @JsonValue} texts, or else the names) to read it. An {@link Instant} is its ISO-8601 text; lists,
 * string-keyed maps and nested records follow their element types. Unknown fields are ignored, a missing number or
 * boolean is 0 or false, as with the mapper.
 */
final class RecordCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();
    private static final Map<Class<?>, EnumForm> ENUMS = new ConcurrentHashMap<>();

    private RecordCodec() {
    }

    private record Shape(RecordComponent[] components, String[] names, boolean[] alwaysWritten,
                         Constructor<?> constructor) {
    }

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, t -> {
            RecordComponent[] components = t.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(t.getSimpleName() + " is not a record");
            }
            String[] names = new String[components.length];
            boolean[] always = new boolean[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                // a component's annotations propagate to its accessor (their targets include METHOD)
                Method accessor = components[i].getAccessor();
                JsonProperty property = accessor.getAnnotation(JsonProperty.class);
                names[i] = property != null && !property.value().isEmpty() ? property.value()
                        : components[i].getName();
                JsonInclude include = accessor.getAnnotation(JsonInclude.class);
                always[i] = include != null && include.value() == JsonInclude.Include.ALWAYS;
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> constructor = t.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(components, names, always, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(t.getSimpleName() + " has no canonical constructor", e);
            }
        });
    }

    /** The record as a JSON object (a bus event is always a record: {@code BusEvent} is implemented only by them). */
    static ObjectNode write(Object value) {
        Shape shape = shape(value.getClass());
        ObjectNode out = NODES.objectNode();
        for (int i = 0; i < shape.components().length; i++) {
            Object v;
            try {
                v = shape.components()[i].getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + shape.names()[i] + " of "
                        + value.getClass().getSimpleName(), e);
            }
            if (v != null) {
                out.set(shape.names()[i], node(v));
            } else if (shape.alwaysWritten()[i]) {
                out.putNull(shape.names()[i]);
            }
        }
        return out;
    }

    private static JsonNode node(Object v) {
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Integer n) {
            return NODES.numberNode(n);
        }
        if (v instanceof Long n) {
            return NODES.numberNode(n);
        }
        if (v instanceof Double n) {
            return NODES.numberNode(n);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Instant t) {
            return NODES.textNode(t.toString());
        }
        if (v instanceof Enum<?> e) {
            return NODES.textNode(enumText(e));
        }
        if (v instanceof JsonNode n) {
            return n;
        }
        if (v instanceof Record r) {
            return write(r);
        }
        if (v instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode(list.size());
            for (Object o : list) {
                a.add(o == null ? NODES.nullNode() : node(o));
            }
            return a;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode o = NODES.objectNode();
            map.forEach((k, x) -> o.set(String.valueOf(k), x == null ? NODES.nullNode() : node(x)));
            return o;
        }
        throw new IllegalStateException("a bus record holds a " + v.getClass().getName() + ", which has no JSON form here");
    }

    /** How an enum is written and read: its {@code @JsonValue} method and {@code @JsonCreator} factory, if any. */
    private record EnumForm(Method value, Method creator) {
        static EnumForm of(Class<?> type) {
            return ENUMS.computeIfAbsent(type, t -> {
                Method value = null;
                Method creator = null;
                for (Method m : t.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(JsonValue.class) && m.getParameterCount() == 0
                            && m.getReturnType() == String.class) {
                        value = m;
                    } else if (m.isAnnotationPresent(JsonCreator.class) && Modifier.isStatic(m.getModifiers())
                            && m.getParameterCount() == 1 && m.getParameterTypes()[0] == String.class) {
                        creator = m;
                    }
                }
                return new EnumForm(value, creator);
            });
        }
    }

    private static String enumText(Enum<?> e) {
        Method value = EnumForm.of(e.getDeclaringClass()).value();
        if (value == null) {
            return e.name();
        }
        try {
            return (String) value.invoke(e);
        } catch (IllegalAccessException | InvocationTargetException x) {
            throw new IllegalStateException("cannot read the JSON value of " + e, x);
        }
    }

    /**
     * A JSON object as the record {@code type}. {@link IllegalArgumentException} naming the field for a value of the
     * wrong type; what the record's constructor throws (its own checks) passes through unwrapped.
     */
    static <T> T read(Class<T> type, JsonNode object) {
        Shape shape = shape(type);
        Object[] args = new Object[shape.components().length];
        for (int i = 0; i < args.length; i++) {
            RecordComponent c = shape.components()[i];
            args[i] = value(c.getGenericType(), object.get(shape.names()[i]), shape.names()[i]);
        }
        try {
            return type.cast(shape.constructor().newInstance(args));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    private static Object value(Type type, JsonNode n, String field) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (n == null || n.isNull() || n.isMissingNode()) {
            return raw == int.class ? 0 : raw == long.class ? 0L : raw == double.class ? 0.0
                    : raw == boolean.class ? Boolean.FALSE : null;
        }
        if (raw == String.class) {
            if (!n.isValueNode()) {
                throw wrong(field, "a string", n);
            }
            return n.asText();
        }
        if (raw == int.class || raw == Integer.class) {
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw wrong(field, "a whole number", n);
            }
            return n.intValue();
        }
        if (raw == long.class || raw == Long.class) {
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw wrong(field, "a whole number", n);
            }
            return n.longValue();
        }
        if (raw == double.class || raw == Double.class) {
            if (!n.isNumber()) {
                throw wrong(field, "a number", n);
            }
            return n.doubleValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (!n.isBoolean()) {
                throw wrong(field, "true or false", n);
            }
            return n.booleanValue();
        }
        if (raw == Instant.class) {
            try {
                return n.isNumber() ? Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000)) : Instant.parse(n.asText());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw wrong(field, "an ISO-8601 instant", n);
            }
        }
        if (raw.isEnum()) {
            return enumValue(raw, n, field);
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            if (!raw.isInstance(n)) {
                throw wrong(field, "a JSON object", n);
            }
            return n;
        }
        if (raw.isRecord()) {
            if (!n.isObject()) {
                throw wrong(field, "a JSON object", n);
            }
            return read(raw, n);
        }
        if (raw == List.class) {
            if (!n.isArray()) {
                throw wrong(field, "a list", n);
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>(n.size());
            for (JsonNode x : n) {
                out.add(value(element, x, field + "[]"));
            }
            return out;
        }
        if (raw == Map.class) {
            if (!n.isObject()) {
                throw wrong(field, "an object", n);
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<String, Object> out = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> out.put(e.getKey(), value(element, e.getValue(), field + "." + e.getKey())));
            return out;
        }
        throw new IllegalStateException("a bus record has a " + type.getTypeName() + " component, which has no JSON form here");
    }

    private static Object enumValue(Class<?> type, JsonNode n, String field) {
        if (!n.isTextual()) {
            throw wrong(field, "one of " + names(type), n);
        }
        Method creator = EnumForm.of(type).creator();
        if (creator != null) {
            try {
                Object e = creator.invoke(null, n.asText());
                if (e != null) {
                    return e;
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call the JSON creator of " + type.getSimpleName(), e);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof IllegalArgumentException)) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            throw wrong(field, "one of " + names(type), n);
        }
        for (Object constant : type.getEnumConstants()) {
            if (enumText((Enum<?>) constant).equals(n.asText())) {
                return constant;
            }
        }
        throw wrong(field, "one of " + names(type), n);
    }

    private static List<String> names(Class<?> type) {
        List<String> out = new ArrayList<>();
        for (Object c : type.getEnumConstants()) {
            out.add(enumText((Enum<?>) c));
        }
        return out;
    }

    private static IllegalArgumentException wrong(String field, String expected, JsonNode n) {
        String shown = n.toString();
        return new IllegalArgumentException(field + " must be " + expected + ", not "
                + (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown));
    }
}
