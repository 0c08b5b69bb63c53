package io.cmautopilot.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.engines.ProjectRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The events the code puts on the bus: every detail-type constant of {@link DomainEvent}, each with its real-shaped
 * examples from events/bus/ (the docs/EVENTS.md fixtures), or a minimal envelope when a type has no example yet.
 */
public final class EmittedEvents {
    private EmittedEvents() {
    }

    /** Detail-type → envelopes, in a stable order. */
    public static Map<String, List<ObjectNode>> byDetailType() {
        Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
        for (String type : detailTypes()) {
            out.put(type, new ArrayList<>());
        }
        try (Stream<Path> files = Files.list(ProjectRoot.find().resolve("events/bus"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode e = Json.tree(Files.readAllBytes(f));
                if (e instanceof ObjectNode o && o.has("detail-type")) {
                    out.computeIfAbsent(o.path("detail-type").asText(), k -> new ArrayList<>()).add(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.forEach((type, list) -> {
            if (list.isEmpty()) {
                ObjectNode e = Json.object().put("version", "0").put("id", "00000000-0000-0000-0000-000000000000")
                        .put("detail-type", type).put("source", DomainEvent.SOURCE).put("account", "123456789012")
                        .put("time", "2026-12-01T09:00:00Z").put("region", "us-east-1");
                e.putArray("resources");
                e.putObject("detail").put("schemaVersion", DomainEvent.SCHEMA_VERSION).put("brandId", "acme");
                list.add(e);
            }
        });
        return out;
    }

    /** The public String constants of DomainEvent other than SOURCE: the detail-types the functions emit. */
    public static Set<String> detailTypes() {
        Set<String> types = new LinkedHashSet<>();
        for (Field f : DomainEvent.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("SOURCE")) {
                try {
                    types.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return types;
    }
}
