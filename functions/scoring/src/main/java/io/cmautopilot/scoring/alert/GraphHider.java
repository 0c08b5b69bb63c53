package io.cmautopilot.scoring.alert;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.scoring.graph.GraphAccounts;
import io.cmautopilot.core.secrets.Secrets;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Hides a toxic comment on the network for brands that opted in ({@code BrandSettings.autoHideToxic}), through the
 * Graph API, and records it on the comment:
 * <ul>
 *   <li>Facebook: {@code POST /{comment-id}} with {@code is_hidden=true}, page access token (Graph API Comment
 *   reference, "Updating"; needs {@code pages_manage_engagement});</li>
 *   <li>Instagram: {@code POST /{ig-comment-id}} with {@code hide=true}, the account's access token (Instagram
 *   Graph API IG Comment reference; needs {@code instagram_manage_comments}).</li>
 * </ul>
 * Parameters go in a form body, so the token never appears in a URL or an access log. Any failure is logged and
 * leaves the comment visible: hiding is a convenience, the TOXIC flag and the alert already went out.
 */
public final class GraphHider {
    public static final String DEFAULT_GRAPH_URL = GraphAccounts.DEFAULT_GRAPH_URL;
    private final GraphAccounts graph;
    private final CommentStore comments;
    private final Clock clock;

    public GraphHider(HttpClient http, String graphUrl, BrandStore brands, Secrets secrets, CommentStore comments,
                      Clock clock) {
        this(new GraphAccounts(http, graphUrl, brands, secrets), comments, clock);
    }

    public GraphHider(GraphAccounts graph, CommentStore comments, Clock clock) {
        this.graph = graph;
        this.comments = comments;
        this.clock = clock;
    }

    public static boolean supports(Network network) {
        return network == Network.FACEBOOK || network == Network.INSTAGRAM;
    }

    /** True when the network accepted the hide and the comment was marked hidden. */
    public boolean hide(Comment c) {
        if (!supports(c.network()) || c.hidden() || c.accountId() == null) {
            return false;
        }
        try {
            Optional<String> token = graph.token(c);
            if (token.isEmpty()) {
                Log.warn("auto-hide skipped: no account token", "brandId", c.brandId(), "commentId", c.id());
                return false;
            }
            String param = c.network() == Network.FACEBOOK ? "is_hidden" : "hide";
            String form = param + "=true&access_token=" + URLEncoder.encode(token.get(), StandardCharsets.UTF_8);
            HttpResponse<String> r = graph.http().send(HttpRequest.newBuilder(graph.node(c.externalId(), null)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                Log.warn("auto-hide refused by the Graph API", "brandId", c.brandId(), "commentId", c.id(),
                        "status", r.statusCode());
                return false;
            }
            return comments.markHidden(c, clock.instant());
        } catch (IOException | RuntimeException e) {
            Log.error("auto-hide failed", e, "brandId", c.brandId(), "commentId", c.id());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
