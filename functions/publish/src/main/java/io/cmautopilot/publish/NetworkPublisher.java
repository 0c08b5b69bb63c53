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
}
