package io.cmautopilot.core.reply;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;

import java.util.Locale;

/**
 * The text a reply is published with, per network; the API checks this very text against the network's limit
 * (core.post.TextRules) and the publisher sends it. Mastodon only threads a reply under the person when it mentions
 * them (Mastodon API, "POST /api/v1/statuses": replies without a mention reach only followers), so the author's
 * {@code @acct} is put first unless the text already mentions them; the other networks attach the reply to the comment
 * itself.
 */
public final class ReplyText {
    private ReplyText() {
    }

    /**
     * The rule the reply breaks, checked on the text as it will be published ({@link #compose}) with the comment
     * limits of {@link io.cmautopilot.core.post.TextRules#checkComment}.
     */
    public static java.util.Optional<io.cmautopilot.core.post.TextRules.Violation> check(Network network,
            Comment.Author author, String text, java.util.Map<String, String> accountSettings) {
        return io.cmautopilot.core.post.TextRules.checkComment(network, compose(network, author, text), accountSettings);
    }

    public static String compose(Network network, Comment.Author author, String text) {
        if (network == Network.MASTODON && author != null && author.handle() != null && !author.handle().isBlank()) {
            String mention = "@" + author.handle().replaceFirst("^@", "");
            if (!text.toLowerCase(Locale.ROOT).contains(mention.toLowerCase(Locale.ROOT))) {
                return mention + " " + text;
            }
        }
        return text;
    }
}
