package io.cmautopilot.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.engines.ProjectRoot;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** openapi.yaml at the repository root, read as JSON, with its operations and the schema of each answer. */
final class OpenApi {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    final JsonNode root;
    final JsonSchemaSubset schemas;

    record Operation(String method, String path) {
        String key() {
            return method + " " + path;
        }

        boolean matches(String concretePath) {
            return Pattern.compile("^" + path.replaceAll("\\{[^/}]+}", "[^/]+") + "$").matcher(concretePath).matches();
        }

        /** Literal characters: /v1/brands/{brand}/posts beats /v1/brands/{brand}/{x} when both match. */
        int specificity() {
            return path.replaceAll("\\{[^/}]+}", "").length();
        }
    }

    OpenApi(JsonNode root) {
        this.root = root;
        this.schemas = new JsonSchemaSubset(root);
    }

    static Path file() {
        return ProjectRoot.find().resolve("openapi.yaml");
    }

    static OpenApi load(Path file) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Object tree = new Yaml(options).load(Files.readString(file));
            return new OpenApi(Json.MAPPER.valueToTree(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenApi project() {
        return load(file());
    }

    List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
            var p = it.next();
            for (Iterator<String> m = p.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (METHODS.contains(method)) {
                    out.add(new Operation(method.toUpperCase(Locale.ROOT), p.getKey()));
                }
            }
        }
        return out;
    }

    JsonNode operation(Operation op) {
        return root.path("paths").path(op.path()).path(op.method().toLowerCase(Locale.ROOT));
    }

    Optional<Operation> find(String method, String concretePath) {
        return operations().stream().filter(o -> o.method().equals(method) && o.matches(concretePath))
                .max(java.util.Comparator.comparingInt(Operation::specificity));
    }

    /** The declared response for a status: the exact code, else its class ({@code 4XX}), else {@code default}. */
    Optional<JsonNode> response(Operation op, int status) {
        JsonNode responses = operation(op).path("responses");
        for (String key : List.of(Integer.toString(status), (status / 100) + "XX", "default")) {
            if (responses.has(key)) {
                JsonNode r = responses.get(key);
                return Optional.of(r.has("$ref") ? schemas.resolve(r.get("$ref").asText()) : r);
            }
        }
        return Optional.empty();
    }
}
