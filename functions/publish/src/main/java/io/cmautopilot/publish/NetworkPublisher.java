package io.cmautopilot.publish;

import io.cmautopilot.core.Network;

/**
 * Publishes one post on one account of one network and classifies what happened. Implementations never throw for a
 * platform's answer: every HTTP status and transport failure maps to a {@link PublishResult}.
 */
public interface NetworkPublisher {
    Network network();

    /**
     * Whether the network itself drops a repeated request carrying the same idempotency key (Mastodon's
     * {@code Idempotency-Key}). Only then may a target whose outcome is unknown be published again.
     */
    default boolean deduplicates() {
        return false;
    }

    PublishResult publish(PublishRequest request);

    /** Whether {@link #reply} is implemented for this network. */
    default boolean supportsReplies() {
        return false;
    }

    /**
     * Publishes {@code request.text()} under the remote item {@code request.parentRemoteId()} (a comment on Facebook,
     * Instagram and LinkedIn; a reply on X, Bluesky and Mastodon) and returns the new item's id and URL. Used for a
     * post's first comment and reusable for replies to comments. Implementations classify ambiguous failures with
     * {@link PlatformHttp#classifyOnce} unless the network deduplicates on the idempotency key.
     */
    default PublishResult reply(ReplyRequest request) {
        return new PublishResult.Rejected(network().id() + ": replies are not supported");
    }
}
