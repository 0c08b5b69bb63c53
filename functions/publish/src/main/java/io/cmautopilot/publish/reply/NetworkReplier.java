package io.cmautopilot.publish.reply;

import io.cmautopilot.core.Network;
import io.cmautopilot.publish.PublishResult;

/**
 * Replies to one comment on one network and classifies what happened, exactly like a {@code NetworkPublisher}
 * publishes a post: every platform answer and transport failure maps to a {@link PublishResult}, never an exception.
 */
public interface NetworkReplier {
    Network network();

    /** Whether the network drops a repeated request with the same idempotency key (Mastodon, the local sink). */
    default boolean deduplicates() {
        return false;
    }

    PublishResult reply(ReplyRequest request);
}
