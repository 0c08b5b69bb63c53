package io.cmautopilot.publish;

import io.cmautopilot.core.brand.Account;

import java.util.Objects;

/**
 * A text to publish under a remote item as one of the brand's accounts: a first comment under the post just
 * published, or a reply to someone's comment. {@code parentRemoteId} is the id the network gave the item (a Graph
 * object id, a LinkedIn share/ugcPost URN, a tweet id, a Bluesky at:// URI, a Mastodon status id). The
 * {@code idempotencyKey} is the same on every attempt at the same reply, for networks that deduplicate on it.
 */
public record ReplyRequest(Account account, Credentials credentials, String parentRemoteId, String text,
                           String idempotencyKey, String language) {
    public ReplyRequest {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(parentRemoteId, "parentRemoteId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
