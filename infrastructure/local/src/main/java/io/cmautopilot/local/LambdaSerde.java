package io.cmautopilot.local;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * Turns event JSON into a handler's declared input type and its output back into JSON the way the Lambda Java
 * runtime does: the aws-lambda-java-events types through aws-lambda-java-serialization (which knows their field
 * mappings, e.g. {@code Records}, {@code detail-type}, {@code eventSourceARN}), anything else through Jackson.
 */
final class LambdaSerde {
    private static final String EVENTS_PACKAGE = "com.amazonaws.services.lambda.runtime.events";

    private LambdaSerde() {
    }

    static Object fromJson(JsonNode json, Type type) {
        Class<?> raw = rawClass(type);
        if (raw == InputStream.class) {
            return new ByteArrayInputStream(Json.writeBytes(json));
        }
        if (raw == JsonNode.class || raw == Object.class) {
            return json;
        }
        if (raw == String.class) {
            return json.isTextual() ? json.asText() : json.toString();
        }
        if (raw.getName().startsWith(EVENTS_PACKAGE)) {
            return serializer(raw).fromJson(json.toString());
        }
        try {
            return Json.MAPPER.readValue(Json.MAPPER.treeAsTokens(json), Json.MAPPER.constructType(type));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot turn the event into " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static JsonNode toJson(Object output) {
        if (output == null) {
            return Json.MAPPER.nullNode();
        }
        if (output instanceof JsonNode node) {
            return node;
        }
        try {
            if (output.getClass().getName().startsWith(EVENTS_PACKAGE)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ((PojoSerializer<Object>) serializer(output.getClass())).toJson(output, out);
                return Json.tree(out.toByteArray());
            }
            return Json.MAPPER.valueToTree(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, LambdaSerde.class.getClassLoader());
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
