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
}
