package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.post.TargetStatus;

/**
 * {@code ReplyFailed}: a reply was refused or retries gave up ({@code status} FAILED), or no answer came after it was
 * sent (UNCONFIRMED); docs/EVENTS.md, "Inbox". {@code commentId} is null when the reply record is gone.
 */
public record ReplyFailed(Integer schemaVersion, String brandId, String replyId, String commentId, String accountId,
                          Network network, TargetStatus status, int attempts, String error) implements BusEvent {
    public static final String TYPE = DomainEvent.REPLY_FAILED;

    public ReplyFailed {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "replyId", replyId);
        BusEvents.required(TYPE, "accountId", accountId);
        BusEvents.required(TYPE, "network", network);
        BusEvents.required(TYPE, "status", status);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public ReplyFailed(String brandId, String replyId, String commentId, String accountId, Network network,
                       TargetStatus status, int attempts, String error) {
        this(BusEvents.SCHEMA_VERSION, brandId, replyId, commentId, accountId, network, status, attempts, error);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
