package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;

/**
 * {@code PostUnconfirmed}: no answer after the request was sent: check the account before posting again;
 * docs/EVENTS.md, "Publishing".
 */
public record PostUnconfirmed(Integer schemaVersion, String brandId, String postId, String accountId, Network network,
                              int attempts, String error) implements BusEvent {
    public static final String TYPE = DomainEvent.POST_UNCONFIRMED;

    public PostUnconfirmed {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "postId", postId);
        BusEvents.required(TYPE, "accountId", accountId);
        BusEvents.required(TYPE, "network", network);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public PostUnconfirmed(String brandId, String postId, String accountId, Network network, int attempts,
                           String error) {
        this(BusEvents.SCHEMA_VERSION, brandId, postId, accountId, network, attempts, error);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
