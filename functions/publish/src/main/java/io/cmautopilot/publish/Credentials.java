package io.cmautopilot.publish;

import io.cmautopilot.core.secrets.Secrets;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One account's credentials (the JSON map stored under {@code Account.secretRef()}), shared by every worker of a
 * tick that publishes for that account, so a refreshed token is seen by all of them. Values never reach logs.
 */
public final class Credentials {
    private final String ref;
    private final Secrets secrets;
    private final Map<String, String> values;

    public Credentials(String ref, Map<String, String> values, Secrets secrets) {
        this.ref = ref;
        this.secrets = secrets;
        this.values = new HashMap<>(values);
    }

    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    /**
     * Stores new values (a refreshed token, a new session). A key whose new value is null or blank keeps its old
     * value: a token response without a refresh token must never erase the one we have (docs/PLATFORMS.md, Postiz PR
     * #1884).
     */
    public synchronized void merge(Map<String, String> changes) {
        Map<String, String> next = new HashMap<>(values);
        changes.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                next.put(k, v);
            }
        });
        if (!next.equals(values)) {
            if (secrets != null && ref != null) {
                secrets.updateMap(ref, next);
            }
            values.clear();
            values.putAll(next);
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + values.keySet() + "]";
    }
}
