package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;

/**
 * {@code PostPublished}: the network accepted the post (for a thread: its first part); docs/EVENTS.md, "Publishing".
 */
public record PostPublished(Integer schemaVersion, String brandId, String postId, String accountId, Network network,
                            int attempts, String remoteId, String remoteUrl) implements BusEvent {
    public static final String TYPE = DomainEvent.POST_PUBLISHED;

    public PostPublished {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "postId", postId);
        BusEvents.required(TYPE, "accountId", accountId);
        BusEvents.required(TYPE, "network", network);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public PostPublished(String brandId, String postId, String accountId, Network network, int attempts,
                         String remoteId, String remoteUrl) {
        this(BusEvents.SCHEMA_VERSION, brandId, postId, accountId, network, attempts, remoteId, remoteUrl);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
