package io.cmautopilot.core.comment;

import io.cmautopilot.core.Network;

import java.time.Instant;
import java.util.List;

/**
 * A comment summarised for the digest's bounded lists (needs a reply, most negative, most positive, toxic,
 * watch-list). Written by scoring next to the score, so a digest reads a few of these per day, never the comments.
 */
public record Highlight(Category category, String commentId, Network network, String externalId, String authorHandle,
                        String authorName, String text, String permalink, Instant createdAt, double score,
                        List<String> labels, boolean hidden) {

    /** What a highlight list holds, and in which order a digest reads it. */
    public enum Category {
        /** Oldest first: the ones waiting longest come first. */
        NEEDS_REPLY,
        /** Highest negative score first. */
        NEGATIVE,
        /** Highest positive score first. */
        POSITIVE,
        /** Oldest first. */
        TOXIC,
        /** Oldest first. */
        WATCHLIST
    }

    public Highlight {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
