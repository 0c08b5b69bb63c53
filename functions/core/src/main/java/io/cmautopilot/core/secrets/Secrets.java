package io.cmautopilot.core.secrets;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cmautopilot.core.json.Json;

import java.util.Map;

/**
 * The secrets port: platform tokens and webhook secrets. The table holds only the reference returned by
 * {@link #create}; values never reach logs or API answers.
 */
public interface Secrets {
    /** Stores a new secret under a readable name and returns its reference. */
    String create(String name, String value);

    /** The current value; {@link IllegalStateException} when the reference is unknown. */
    String get(String ref);

    /** Replaces the value (token refresh, secret rotation). */
    void update(String ref, String value);

    default Map<String, String> getMap(String ref) {
        return Json.MAPPER.convertValue(Json.tree(get(ref)), new TypeReference<Map<String, String>>() {
        });
    }

    default String createMap(String name, Map<String, String> value) {
        return create(name, Json.write(value));
    }

    default void updateMap(String ref, Map<String, String> value) {
        update(ref, Json.write(value));
    }
}
