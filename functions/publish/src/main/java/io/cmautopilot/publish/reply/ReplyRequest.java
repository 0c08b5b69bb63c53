package io.cmautopilot.publish.reply;

import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.reply.Reply;
import io.cmautopilot.publish.Credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Everything a reply client needs: the reply, the comment it answers (its network id, author, parent), the account
 * that received the comment with its credentials, the text as published (core.reply.ReplyText) and the brand's
 * language.
 */
public record ReplyRequest(Reply reply, Comment comment, Account account, Credentials credentials, String text,
                           String language) {

    /** The same for every attempt at this reply, so a network that deduplicates on it sends it once. */
    public String idempotencyKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("cm-autopilot/reply/" + reply.id())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
