package io.cmautopilot.core.post;

import io.cmautopilot.core.Network;

import java.time.Instant;

/**
 * One post on one account: the unit that is claimed, published and retried. {@code dueAt} is when the publisher should
 * next look at it (the publish time, a retry time, or the end of a lease).
 */
public record PostTarget(String postId, String brandId, String accountId, Network network, TargetStatus status,
                         Instant dueAt, int attempts, String leaseOwner, Instant leaseUntil, String remoteId,
                         String remoteUrl, String lastError, Instant updatedAt, CommentState comment) {

    /** A target without a first comment. */
    public PostTarget(String postId, String brandId, String accountId, Network network, TargetStatus status,
                      Instant dueAt, int attempts, String leaseOwner, Instant leaseUntil, String remoteId,
                      String remoteUrl, String lastError, Instant updatedAt) {
        this(postId, brandId, accountId, network, status, dueAt, attempts, leaseOwner, leaseUntil, remoteId,
                remoteUrl, lastError, updatedAt, null);
    }

    /**
     * The first comment's own outcome on this target: PENDING (the post is out, the comment not yet tried),
     * POSTING (claimed, with its own lease), then POSTED, FAILED or UNCONFIRMED. Each state change is conditional on
     * the one seen, so the comment is attempted by one publisher at a time and never again once it may exist.
     */
    public record CommentState(CommentStatus status, String remoteId, String error, String leaseOwner,
                               Instant leaseUntil, int attempts) {
    }

    public enum CommentStatus { PENDING, POSTING, POSTED, FAILED, UNCONFIRMED }

    public static PostTarget scheduled(String postId, String brandId, String accountId, Network network, Instant dueAt,
                                       Instant now) {
        return new PostTarget(postId, brandId, accountId, network, TargetStatus.SCHEDULED, dueAt, 0, null, null, null,
                null, null, now);
    }
}
