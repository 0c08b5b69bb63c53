package io.cmautopilot.core.comment;

import io.cmautopilot.core.Network;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A normalised comment or mention, unique per {@code (network, externalId)}. {@code version} grows with each edit;
 * scoring records the version it scored, so a re-delivered score changes nothing and an edit is scored again.
 */
public record Comment(String id, String brandId, String accountId, Network network, String externalId,
                      String parentExternalId, String postId, Author author, String text, String language,
                      Instant createdAt, Instant receivedAt, String permalink, Kind kind, int version,
                      Sentiment sentiment, List<Flag> flags, Integer scoredVersion, boolean removed, boolean hidden) {

    public enum Kind { COMMENT, REPLY, MENTION, QUOTE }

    public record Author(String id, String handle, String name) {
    }

    public Comment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        author = author == null ? new Author(null, null, null) : author;
        kind = kind == null ? Kind.COMMENT : kind;
        flags = flags == null ? List.of() : List.copyOf(flags);
        version = Math.max(version, 1);
    }

    /** A freshly received comment, not yet scored. */
    public static Comment received(String id, String brandId, String accountId, Network network, String externalId,
                                   String parentExternalId, String postId, Author author, String text,
                                   String language, Instant createdAt, Instant receivedAt, String permalink,
                                   Kind kind) {
        return new Comment(id, brandId, accountId, network, externalId, parentExternalId, postId, author, text,
                language, createdAt, receivedAt, permalink, kind, 1, null, List.of(), null, false, false);
    }

    public boolean hasFlag(Flag.Type type) {
        return flags.stream().anyMatch(f -> f.type() == type);
    }
}
