package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;

import java.util.List;
import java.util.Map;

/**
 * {@code CommentScored}: a comment version was scored (re-announced identical when a re-delivered message finds it
 * scored already: consumers key on {@code commentId} + {@code version}); {@code flags} are the distinct flag types;
 * docs/EVENTS.md, "Scoring". Scores are kept in key order.
 */
public record CommentScored(Integer schemaVersion, String brandId, String commentId, Network network,
                            String externalId, int version, Sentiment.Label label, Map<String, Double> scores,
                            String engine, String language, List<Flag.Type> flags) implements BusEvent {
    public static final String TYPE = DomainEvent.COMMENT_SCORED;

    public CommentScored {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "commentId", commentId);
        BusEvents.required(TYPE, "network", network);
        BusEvents.required(TYPE, "label", label);
        scores = BusEvents.sortedScores(scores);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public CommentScored(String brandId, String commentId, Network network, String externalId, int version,
                         Sentiment.Label label, Map<String, Double> scores, String engine, String language,
                         List<Flag.Type> flags) {
        this(BusEvents.SCHEMA_VERSION, brandId, commentId, network, externalId, version, label, scores, engine,
                language, flags);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
