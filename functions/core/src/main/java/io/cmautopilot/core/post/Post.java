package io.cmautopilot.core.post;

import io.cmautopilot.core.Network;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scheduled post: one base text, optional per-network variants, media, and one {@link PostTarget} per account.
 * {@code publishAt} is the instant; {@code zone} keeps the zone the author thought in (for recurrence and display).
 * The post's {@link PostStatus} is derived from its targets, never stored on its own. {@code thread} asks networks
 * that support replies (X, Bluesky, Mastodon) to split a text longer than their limit into numbered replies.
 */
public record Post(String id, String brandId, String text, Map<Network, String> variants, List<Media> media,
                   Instant publishAt, ZoneId zone, Recurrence recurrence, String seriesId, int occurrence,
                   boolean cancelled, Instant createdAt, List<PostTarget> targets, boolean thread,
                   FirstComment firstComment) {

    public record Media(String url, String altText) {
    }

    /**
     * A comment the account adds under its own post right after publishing it (a comment on Facebook, Instagram and
     * LinkedIn; a self-reply on X, Bluesky and Mastodon), with optional per-network texts.
     */
    public record FirstComment(String text, Map<Network, String> variants) {
        public FirstComment {
            Objects.requireNonNull(text, "text");
            variants = variants == null ? Map.of() : Map.copyOf(variants);
        }

        public String textFor(Network network) {
            return variants.getOrDefault(network, text);
        }
    }

    /** A post without a first comment. */
    public Post(String id, String brandId, String text, Map<Network, String> variants, List<Media> media,
                Instant publishAt, ZoneId zone, Recurrence recurrence, String seriesId, int occurrence,
                boolean cancelled, Instant createdAt, List<PostTarget> targets, boolean thread) {
        this(id, brandId, text, variants, media, publishAt, zone, recurrence, seriesId, occurrence, cancelled,
                createdAt, targets, thread, null);
    }

    /** A post that is not a thread (the shape before {@code thread} existed). */
    public Post(String id, String brandId, String text, Map<Network, String> variants, List<Media> media,
                Instant publishAt, ZoneId zone, Recurrence recurrence, String seriesId, int occurrence,
                boolean cancelled, Instant createdAt, List<PostTarget> targets) {
        this(id, brandId, text, variants, media, publishAt, zone, recurrence, seriesId, occurrence, cancelled,
                createdAt, targets, false);
    }

    public Post {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(publishAt, "publishAt");
        Objects.requireNonNull(createdAt, "createdAt");
        variants = variants == null ? Map.of() : Map.copyOf(variants);
        media = media == null ? List.of() : List.copyOf(media);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The text published on a network: its variant when there is one, else the base text. */
    public String textFor(Network network) {
        return variants.getOrDefault(network, text);
    }

    public PostStatus status() {
        return PostStatus.summarise(cancelled, targets.stream().map(PostTarget::status).toList());
    }

    public Post withTargets(Collection<PostTarget> newTargets) {
        return new Post(id, brandId, text, variants, media, publishAt, zone, recurrence, seriesId, occurrence,
                cancelled, createdAt, List.copyOf(newTargets), thread, firstComment);
    }

    /** A builder for a new post: not cancelled, not a thread, no recurrence and no first comment until told. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this post, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder().id(id).brandId(brandId).text(text).variants(variants).media(media).publishAt(publishAt)
                .zone(zone).recurrence(recurrence).seriesId(seriesId).occurrence(occurrence).cancelled(cancelled)
                .createdAt(createdAt).targets(targets).thread(thread).firstComment(firstComment);
    }

    /**
     * Makes a {@link Post} by field name. {@link #build()} checks the post: the required fields, an occurrence that
     * is not negative, and targets that are this post's (its id and brand), one per account.
     */
    public static final class Builder {
        private String id;
        private String brandId;
        private String text;
        private Map<Network, String> variants = Map.of();
        private List<Media> media = List.of();
        private Instant publishAt;
        private ZoneId zone;
        private Recurrence recurrence;
        private String seriesId;
        private int occurrence;
        private boolean cancelled;
        private Instant createdAt;
        private List<PostTarget> targets = List.of();
        private boolean thread;
        private FirstComment firstComment;

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

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder variants(Map<Network, String> variants) {
            this.variants = variants;
            return this;
        }

        public Builder media(List<Media> media) {
            this.media = media;
            return this;
        }

        public Builder publishAt(Instant publishAt) {
            this.publishAt = publishAt;
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public Builder recurrence(Recurrence recurrence) {
            this.recurrence = recurrence;
            return this;
        }

        public Builder seriesId(String seriesId) {
            this.seriesId = seriesId;
            return this;
        }

        /** The place of this post in its series (1 for the first); 0 for a post that does not recur. */
        public Builder occurrence(int occurrence) {
            this.occurrence = occurrence;
            return this;
        }

        public Builder cancelled(boolean cancelled) {
            this.cancelled = cancelled;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder targets(List<PostTarget> targets) {
            this.targets = targets;
            return this;
        }

        public Builder thread(boolean thread) {
            this.thread = thread;
            return this;
        }

        public Builder firstComment(FirstComment firstComment) {
            this.firstComment = firstComment;
            return this;
        }

        /** The post; {@link IllegalStateException} naming what is missing or inconsistent. */
        public Post build() {
            List<String> missing = new java.util.ArrayList<>();
            if (id == null) {
                missing.add("id");
            }
            if (brandId == null) {
                missing.add("brandId");
            }
            if (text == null) {
                missing.add("text");
            }
            if (publishAt == null) {
                missing.add("publishAt");
            }
            if (createdAt == null) {
                missing.add("createdAt");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("a post needs " + String.join(", ", missing));
            }
            if (occurrence < 0) {
                throw new IllegalStateException("post " + id + ": occurrence must be 0 or more, not " + occurrence);
            }
            java.util.Set<String> accounts = new java.util.HashSet<>();
            for (PostTarget t : targets == null ? List.<PostTarget>of() : targets) {
                if (!id.equals(t.postId()) || !brandId.equals(t.brandId())) {
                    throw new IllegalStateException("post " + id + ": target " + t.accountId() + " belongs to post "
                            + t.postId() + " of brand " + t.brandId());
                }
                if (!accounts.add(t.accountId())) {
                    throw new IllegalStateException("post " + id + ": two targets on account " + t.accountId());
                }
            }
            return new Post(id, brandId, text, variants, media, publishAt, zone, recurrence, seriesId, occurrence,
                    cancelled, createdAt, targets, thread, firstComment);
        }
    }
}
