package io.cmautopilot.core.reply;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.post.TargetStatus;

import java.time.Instant;

/**
 * A reply we send to a comment, through the account that received the comment. It is published by the same
 * machinery as a post target (claim, lease, classified outcome; docs/ARCHITECTURE.md, "Replies"), so its status is a
 * {@link TargetStatus}; {@code deletedAt} is set once a person deleted it on the platform.
 */
public record Reply(String id, String brandId, String commentId, Network commentNetwork, String commentExternalId,
                    String accountId, Network network, String text, String savedReplyId, TargetStatus status,
                    int attempts, String remoteId, String remoteUrl, String lastError, Instant createdAt,
                    Instant updatedAt, Instant deletedAt) {
    /** Reply ids are post-target ids with this prefix: the publisher tells a reply from a post by it. */
    public static final String ID_PREFIX = "reply-";

    public static boolean isReply(String postId) {
        return postId != null && postId.startsWith(ID_PREFIX);
    }
}
