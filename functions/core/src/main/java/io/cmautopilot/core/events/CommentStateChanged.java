package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.CommentState;

/**
 * {@code CommentStateChanged}: a person set a comment's state; {@code version} is the comment's tracking version after
 * the change; docs/EVENTS.md, "Inbox".
 */
public record CommentStateChanged(Integer schemaVersion, String brandId, String commentId, Network network,
                                  CommentState from, CommentState to, String by, long version) implements BusEvent {
    public static final String TYPE = DomainEvent.COMMENT_STATE_CHANGED;

    public CommentStateChanged {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "commentId", commentId);
        BusEvents.required(TYPE, "from", from);
        BusEvents.required(TYPE, "to", to);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public CommentStateChanged(String brandId, String commentId, Network network, CommentState from, CommentState to,
                               String by, long version) {
        this(BusEvents.SCHEMA_VERSION, brandId, commentId, network, from, to, by, version);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
