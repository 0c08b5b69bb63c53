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
        return builder().id(id).brandId(brandId).accountId(accountId).network(network).externalId(externalId)
                .parentExternalId(parentExternalId).postId(postId).author(author).text(text).language(language)
                .createdAt(createdAt).receivedAt(receivedAt).permalink(permalink).kind(kind).build();
    }

    public boolean hasFlag(Flag.Type type) {
        return flags.stream().anyMatch(f -> f.type() == type);
    }

    /** A builder for a new comment: version 1, not scored, not removed, not hidden until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this comment, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder().id(id).brandId(brandId).accountId(accountId).network(network).externalId(externalId)
                .parentExternalId(parentExternalId).postId(postId).author(author).text(text).language(language)
                .createdAt(createdAt).receivedAt(receivedAt).permalink(permalink).kind(kind).version(version)
                .sentiment(sentiment).flags(flags).scoredVersion(scoredVersion).removed(removed).hidden(hidden);
    }

    /**
     * Makes a {@link Comment} by field name instead of twenty positions. {@link #build()} checks the comment: the
     * required fields, a version of at least 1, and a scored version that is not ahead of the version.
     */
    public static final class Builder {
        private String id;
        private String brandId;
        private String accountId;
        private Network network;
        private String externalId;
        private String parentExternalId;
        private String postId;
        private Author author;
        private String text;
        private String language;
        private Instant createdAt;
        private Instant receivedAt;
        private String permalink;
        private Kind kind = Kind.COMMENT;
        private int version = 1;
        private Sentiment sentiment;
        private List<Flag> flags = List.of();
        private Integer scoredVersion;
        private boolean removed;
        private boolean hidden;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder brandId(String brandId) {
            this.brandId = brandId;
            return this;
        }

        /** The brand's account it arrived on; null when a generic webhook names no known account. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder network(Network network) {
            this.network = network;
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        public Builder parentExternalId(String parentExternalId) {
            this.parentExternalId = parentExternalId;
            return this;
        }

        public Builder postId(String postId) {
            this.postId = postId;
            return this;
        }

        public Builder author(Author author) {
            this.author = author;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder language(String language) {
            this.language = language;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        public Builder permalink(String permalink) {
            this.permalink = permalink;
            return this;
        }

        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder sentiment(Sentiment sentiment) {
            this.sentiment = sentiment;
            return this;
        }

        public Builder flags(List<Flag> flags) {
            this.flags = flags;
            return this;
        }

        public Builder scoredVersion(Integer scoredVersion) {
            this.scoredVersion = scoredVersion;
            return this;
        }

        public Builder removed(boolean removed) {
            this.removed = removed;
            return this;
        }

        public Builder hidden(boolean hidden) {
            this.hidden = hidden;
            return this;
        }

        /** The comment; {@link IllegalStateException} naming what is missing or inconsistent. */
        public Comment build() {
            List<String> missing = new java.util.ArrayList<>();
            if (id == null) {
                missing.add("id");
            }
            if (brandId == null) {
                missing.add("brandId");
            }
            if (network == null) {
                missing.add("network");
            }
            if (externalId == null) {
                missing.add("externalId");
            }
            if (text == null) {
                missing.add("text");
            }
            if (createdAt == null) {
                missing.add("createdAt");
            }
            if (receivedAt == null) {
                missing.add("receivedAt");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("a comment needs " + String.join(", ", missing));
            }
            if (version < 1) {
                throw new IllegalStateException("comment " + id + ": version must be 1 or more, not " + version);
            }
            if (scoredVersion != null && (scoredVersion < 1 || scoredVersion > version)) {
                throw new IllegalStateException("comment " + id + ": scored version " + scoredVersion
                        + " is not one of its versions (1 to " + version + ")");
            }
            return new Comment(id, brandId, accountId, network, externalId, parentExternalId, postId, author, text,
                    language, createdAt, receivedAt, permalink, kind, version, sentiment, flags, scoredVersion,
                    removed, hidden);
        }
    }
}
