package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.post.TargetStatus;

/** {@code ReplyPublished}: the network accepted a reply ({@code status} PUBLISHED); docs/EVENTS.md, "Inbox". */
public record ReplyPublished(Integer schemaVersion, String brandId, String replyId, String commentId, String accountId,
                             Network network, TargetStatus status, int attempts, String remoteId,
                             String remoteUrl) implements BusEvent {
    public static final String TYPE = DomainEvent.REPLY_PUBLISHED;

    public ReplyPublished {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "replyId", replyId);
        BusEvents.required(TYPE, "accountId", accountId);
        BusEvents.required(TYPE, "network", network);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public ReplyPublished(String brandId, String replyId, String commentId, String accountId, Network network,
                          TargetStatus status, int attempts, String remoteId, String remoteUrl) {
        this(BusEvents.SCHEMA_VERSION, brandId, replyId, commentId, accountId, network, status, attempts, remoteId,
                remoteUrl);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
