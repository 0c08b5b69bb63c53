package io.cmautopilot.publish;

import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostTarget;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Everything a network publisher needs for one target: the account, its credentials, the text already cut into
 * parts (one part unless the post is a thread), the media, the brand's language and the progress of an earlier
 * attempt.
 */
public record PublishRequest(Post post, PostTarget target, Account account, Credentials credentials,
                             List<String> parts, List<Post.Media> media, String language,
                             Map<String, String> checkpoint) {

    public PublishRequest {
        parts = List.copyOf(parts);
        media = media == null ? List.of() : List.copyOf(media);
        checkpoint = checkpoint == null ? Map.of() : Map.copyOf(checkpoint);
    }

    /**
     * A key that is the same for every attempt at the same part of the same target, so a network that deduplicates
     * on it (Mastodon keeps keys for an hour) turns a repeated request into a no-op.
     */
    public String idempotencyKey(int part) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ("cm-autopilot/" + target.postId() + "/" + target.accountId() + "/" + part)
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
