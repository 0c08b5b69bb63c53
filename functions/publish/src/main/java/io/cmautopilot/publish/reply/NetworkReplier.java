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

    /**
     * Deletes a reply we published ({@code remoteId}); {@code Published} when it is gone. By default the network
     * cannot, and the answer says so naming it.
     */
    default PublishResult delete(Moderation request, String remoteId) {
        return new PublishResult.Rejected(network().id() + ": deleting a reply is not possible through its API");
    }

    /** Whether the network lets the account hide a comment from others (and show it again). */
    default boolean canHide() {
        return false;
    }

    /** Hides ({@code hidden}) or shows again the comment of {@code request}; {@code Published} when done. */
    default PublishResult hide(Moderation request, boolean hidden) {
        return new PublishResult.Rejected(network().id() + ": hiding a comment is not possible through its API");
    }

    /** What a moderation call acts on: the comment, the account that received it and its credentials. */
    record Moderation(io.cmautopilot.core.comment.Comment comment, io.cmautopilot.core.brand.Account account,
                      io.cmautopilot.publish.Credentials credentials) {
    }
}
