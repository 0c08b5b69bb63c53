package io.cmautopilot.core.config;

import java.util.Map;
import java.util.Optional;

/** Reads the function's configuration from environment variables (set by template.yaml, or by the local runtime). */
public record Env(Map<String, String> values) {
    public static Env system() {
        return new Env(System.getenv());
    }

    public String require(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }

    public String get(String name, String otherwise) {
        return optional(name).orElse(otherwise);
    }
}
