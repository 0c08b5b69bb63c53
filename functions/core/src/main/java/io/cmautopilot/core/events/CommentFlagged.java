package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;

import java.util.List;
import java.util.Map;

/**
 * {@code CommentFlagged}: a scored comment version carries at least one flag, each with its severity and what
 * triggered it (same re-announcement rule as {@link CommentScored}); docs/EVENTS.md, "Scoring".
 */
public record CommentFlagged(Integer schemaVersion, String brandId, String commentId, Network network,
                             String externalId, int version, Sentiment.Label label, Map<String, Double> scores,
                             List<Flag> flags, String permalink) implements BusEvent {
    public static final String TYPE = DomainEvent.COMMENT_FLAGGED;

    public CommentFlagged {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "commentId", commentId);
        BusEvents.required(TYPE, "network", network);
        BusEvents.required(TYPE, "label", label);
        scores = BusEvents.sortedScores(scores);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public CommentFlagged(String brandId, String commentId, Network network, String externalId, int version,
                          Sentiment.Label label, Map<String, Double> scores, List<Flag> flags, String permalink) {
        this(BusEvents.SCHEMA_VERSION, brandId, commentId, network, externalId, version, label, scores, flags,
                permalink);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
