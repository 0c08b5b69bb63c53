package io.cmautopilot.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that openapi.yaml is written in, checked strictly: a
 * keyword outside the subset is an error of the spec, never silently ignored, so a schema cannot promise more than
 * this validator checks. Supported: {@code $ref} (local, {@code #/components/schemas/...}), {@code type} (one or a
 * list, {@code "null"} included), {@code properties}, {@code required}, {@code additionalProperties} (boolean or
 * schema), {@code items}, {@code enum}, {@code const}, {@code minimum}, {@code maximum}, {@code minLength},
 * {@code maxLength}, {@code pattern}, {@code minItems}, {@code maxItems}, {@code oneOf}, {@code anyOf},
 * {@code allOf}, {@code format: date-time}; annotations ({@code description}, {@code examples}, ...) are skipped.
 */
final class JsonSchemaSubset {
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples", "default",
            "deprecated", "readOnly", "writeOnly", "format", "$comment");
    private static final Set<String> KEYWORDS = Set.of("$ref", "type", "properties", "required",
            "additionalProperties", "items", "enum", "const", "minimum", "maximum", "minLength", "maxLength",
            "pattern", "minItems", "maxItems", "oneOf", "anyOf", "allOf");
    private final JsonNode root;

    /** @param root the whole OpenAPI document, against which {@code $ref}s resolve */
    JsonSchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** The problems of {@code value} against {@code schema}, each naming its JSON path; empty when it validates. */
    List<String> validate(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems, 0);
        return problems;
    }

    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $refs are supported: " + ref);
        }
        JsonNode n = root.at(ref.substring(1));
        if (n.isMissingNode()) {
            throw new IllegalArgumentException("$ref to nothing: " + ref);
        }
        return n;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> problems, int depth) {
        if (depth > 64) {
            throw new IllegalStateException("schema recursion deeper than 64 at " + path);
        }
        if (schema.isBoolean()) {
            if (!schema.asBoolean()) {
                problems.add(path + ": no value is allowed here");
            }
            return;
        }
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYWORDS.contains(k) && !ANNOTATIONS.contains(k)) {
                throw new IllegalArgumentException("schema keyword '" + k + "' at " + path
                        + " is outside the subset this test checks");
            }
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, problems, depth + 1);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(path + ": expected " + schema.get("type") + ", got " + kind(value) + " " + abbreviated(value));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= equalJson(e, value);
            }
            if (!found) {
                problems.add(path + ": " + abbreviated(value) + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("const") && !equalJson(schema.get("const"), value)) {
            problems.add(path + ": expected " + schema.get("const") + ", got " + abbreviated(value));
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                problems.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                problems.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
            }
        }
        if (value.isTextual()) {
            String s = value.asText();
            int length = s.codePointCount(0, s.length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                problems.add(path + ": shorter than " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                problems.add(path + ": longer than " + schema.get("maxLength"));
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
                problems.add(path + ": " + abbreviated(value) + " does not match " + schema.get("pattern"));
            }
            if ("date-time".equals(schema.path("format").asText())) {
                try {
                    OffsetDateTime.parse(s);
                } catch (DateTimeParseException e) {
                    problems.add(path + ": " + abbreviated(value) + " is not an RFC 3339 date-time");
                }
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                problems.add(path + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                problems.add(path + ": more than " + schema.get("maxItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "[" + i + "]", problems, depth + 1);
                }
            }
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    problems.add(path + ": the required property '" + r.asText() + "' is missing");
                }
            }
            JsonNode props = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = path + "." + f.getKey();
                if (props.has(f.getKey())) {
                    check(props.get(f.getKey()), f.getValue(), p, problems, depth + 1);
                } else if (schema.has("additionalProperties")) {
                    check(schema.get("additionalProperties"), f.getValue(), p, problems, depth + 1);
                }
            }
        }
        for (JsonNode s : schema.path("allOf")) {
            check(s, value, path, problems, depth + 1);
        }
        if (schema.has("anyOf") && matching(schema.get("anyOf"), value, path, depth) == 0) {
            problems.add(path + ": matches none of anyOf");
        }
        if (schema.has("oneOf")) {
            int n = matching(schema.get("oneOf"), value, path, depth);
            if (n != 1) {
                problems.add(path + ": matches " + n + " of oneOf, expected exactly 1");
            }
        }
    }

    private int matching(JsonNode alternatives, JsonNode value, String path, int depth) {
        int n = 0;
        for (JsonNode s : alternatives) {
            List<String> p = new ArrayList<>();
            check(s, value, path, p, depth + 1);
            if (p.isEmpty()) {
                n++;
            }
        }
        return n;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean equalJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase();
    }

    private static String abbreviated(JsonNode v) {
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
