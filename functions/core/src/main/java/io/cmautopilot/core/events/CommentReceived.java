package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;

/**
 * {@code CommentReceived}: one stored comment version (docs/EVENTS.md, "Intake"); {@code accountId} is null when a
 * generic webhook names no known account.
 */
public record CommentReceived(Integer schemaVersion, String brandId, String commentId, Network network,
                              String externalId, String accountId, int version) implements BusEvent {
    public static final String TYPE = DomainEvent.COMMENT_RECEIVED;

    public CommentReceived {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "commentId", commentId);
        BusEvents.required(TYPE, "network", network);
        BusEvents.required(TYPE, "externalId", externalId);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public CommentReceived(String brandId, String commentId, Network network, String externalId, String accountId,
                           int version) {
        this(BusEvents.SCHEMA_VERSION, brandId, commentId, network, externalId, accountId, version);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
