package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;

/** {@code PostFailed}: the network refused the post (4xx), or retries gave up; docs/EVENTS.md, "Publishing". */
public record PostFailed(Integer schemaVersion, String brandId, String postId, String accountId, Network network,
                         int attempts, String error) implements BusEvent {
    public static final String TYPE = DomainEvent.POST_FAILED;

    public PostFailed {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "postId", postId);
        BusEvents.required(TYPE, "accountId", accountId);
        BusEvents.required(TYPE, "network", network);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public PostFailed(String brandId, String postId, String accountId, Network network, int attempts, String error) {
        this(BusEvents.SCHEMA_VERSION, brandId, postId, accountId, network, attempts, error);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
