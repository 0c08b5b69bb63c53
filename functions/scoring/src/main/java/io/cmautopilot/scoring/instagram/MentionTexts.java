package io.cmautopilot.scoring.instagram;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.scoring.graph.GraphAccounts;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Instagram's {@code mentions} webhook carries only ids ({@code comment_id}, {@code media_id}), and Meta does not
 * keep webhook data, so the text of a mention is read before it is scored, here rather than in the webhook, which
 * must answer fast (Instagram Platform, "Mentions"):
 * <ul>
 *   <li>a comment that mentions the account: {@code GET /{ig-user-id}?fields=mentioned_comment.comment_id({id})
 *   {text,username,timestamp}};</li>
 *   <li>a caption that mentions it (no comment id: the stored id is the media id):
 *   {@code GET /{ig-user-id}?fields=mentioned_media.media_id({id}){caption,username,timestamp}}.</li>
 * </ul>
 * The account's token goes in the Authorization header, never in the URL. A failure leaves the comment as it was
 * (scored on its empty text, hence neutral) and is logged: the score must not wait on Instagram.
 */
public final class MentionTexts {
    private final GraphAccounts graph;
    private final CommentStore comments;
    private final Clock clock;

    public MentionTexts(HttpClient http, String graphUrl, BrandStore brands, Secrets secrets, CommentStore comments,
                        Clock clock) {
        this(new GraphAccounts(http, graphUrl, brands, secrets), comments, clock);
    }

    public MentionTexts(GraphAccounts graph, CommentStore comments, Clock clock) {
        this.graph = graph;
        this.comments = comments;
        this.clock = clock;
    }

    static boolean needsText(Comment c) {
        return c.network() == Network.INSTAGRAM && c.kind() == Comment.Kind.MENTION && c.text().isBlank()
                && c.accountId() != null;
    }

    /** The comment with its text filled in when it is an Instagram mention without one; otherwise {@code c}. */
    public Comment complete(Comment c) {
        if (!needsText(c)) {
            return c;
        }
        try {
            Optional<Account> account = graph.account(c).filter(a -> a.externalId() != null);
            Optional<String> token = graph.token(c);
            if (account.isEmpty() || token.isEmpty()) {
                Log.warn("mention text not read: no account token", "brandId", c.brandId(), "commentId", c.id());
                return c;
            }
            boolean caption = c.externalId().equals(c.parentExternalId());
            String id = URLEncoder.encode(c.externalId(), StandardCharsets.UTF_8);
            String fields = caption ? "mentioned_media.media_id(" + id + "){caption,username,timestamp}"
                    : "mentioned_comment.comment_id(" + id + "){text,username,timestamp}";
            URI uri = graph.node(account.get().externalId(), "fields=" + URLEncoder.encode(fields, StandardCharsets.UTF_8));
            HttpResponse<String> r = graph.http().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token.get()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                Log.warn("mention text refused by the Graph API", "brandId", c.brandId(), "commentId", c.id(),
                        "status", r.statusCode());
                return c;
            }
            JsonNode found = Json.tree(r.body()).path(caption ? "mentioned_media" : "mentioned_comment");
            String text = found.path(caption ? "caption" : "text").asText("");
            if (text.isBlank()) {
                return c;
            }
            String username = found.hasNonNull("username") ? found.get("username").asText() : null;
            return comments.fillText(c, text, username, clock.instant()).orElse(c);
        } catch (IOException | RuntimeException e) {
            Log.error("mention text not read", e, "brandId", c.brandId(), "commentId", c.id());
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return c;
        }
    }
}
