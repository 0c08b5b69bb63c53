package io.cmautopilot.core.post;

import io.cmautopilot.core.Network;

import java.time.Instant;

/**
 * One post on one account: the unit that is claimed, published and retried. {@code dueAt} is when the publisher should
 * next look at it (the publish time, a retry time, or the end of a lease).
 */
public record PostTarget(String postId, String brandId, String accountId, Network network, TargetStatus status,
                         Instant dueAt, int attempts, String leaseOwner, Instant leaseUntil, String remoteId,
                         String remoteUrl, String lastError, Instant updatedAt) {

    public static PostTarget scheduled(String postId, String brandId, String accountId, Network network, Instant dueAt,
                                       Instant now) {
        return new PostTarget(postId, brandId, accountId, network, TargetStatus.SCHEDULED, dueAt, 0, null, null, null,
                null, null, now);
    }
}
