package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;

/**
 * {@code AccountNeedsReconnect}: a token expired or was revoked, the account and its due posts are parked;
 * docs/EVENTS.md, "Publishing".
 */
public record AccountNeedsReconnect(Integer schemaVersion, String brandId, String accountId, Network network,
                                    String handle, String error) implements BusEvent {
    public static final String TYPE = DomainEvent.ACCOUNT_NEEDS_RECONNECT;

    public AccountNeedsReconnect {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "accountId", accountId);
        BusEvents.required(TYPE, "network", network);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public AccountNeedsReconnect(String brandId, String accountId, Network network, String handle, String error) {
        this(BusEvents.SCHEMA_VERSION, brandId, accountId, network, handle, error);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
