package io.cmautopilot.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The social networks the suite speaks to. {@code LOCAL} is the local runtime's sink network: its "posts" are files
 * and it never leaves the machine; the management API accepts it only when the local runtime enables it.
 */
public enum Network {
    MASTODON, BLUESKY, X, LINKEDIN, FACEBOOK, INSTAGRAM, LOCAL;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Network of(String id) {
        return parse(id).orElseThrow(() -> new IllegalArgumentException("unknown network '" + id + "'"));
    }

    public static Optional<Network> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(n -> n.id().equals(id.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String publicIds() {
        return Arrays.stream(values()).filter(n -> n != LOCAL).map(Network::id).collect(Collectors.joining(", "));
    }
}
