package io.cmautopilot.publish.meta;

import io.cmautopilot.core.Network;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.reply.NetworkReplier;
import io.cmautopilot.publish.reply.ReplyRequest;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Replies through the Graph API, with the token in the Authorization header and the text in a form body:
 * <ul>
 *   <li>Facebook Page: {@code POST /{comment-id}/comments} with {@code message} (Graph API reference, "Comment",
 *   edge "comments"), the Page access token; answers {@code {"id"}};</li>
 *   <li>Instagram: {@code POST /{ig-comment-id}/replies} with {@code message} (Instagram Graph API, "IG Comment",
 *   edge "replies"), the account's access token; answers {@code {"id"}}.</li>
 * </ul>
 * Errors go through {@link Graph#classify} (190 reconnect, throttling codes retry later). Meta does not
 * deduplicate: a reply whose outcome is unknown is never resent.
 */
public final class MetaReplies implements NetworkReplier {
    private final Network network;
    private final PlatformHttp http;
    private final String graphUrl;

    public MetaReplies(Network network, PlatformHttp http, String graphUrl) {
        if (network != Network.FACEBOOK && network != Network.INSTAGRAM) {
            throw new IllegalArgumentException("Graph API replies are for facebook and instagram");
        }
        this.network = network;
        this.http = http;
        this.graphUrl = graphUrl.replaceAll("/+$", "");
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public PublishResult reply(ReplyRequest request) {
        String tokenKey = network == Network.FACEBOOK ? "pageAccessToken" : "accessToken";
        Optional<String> token = request.credentials().get(tokenKey);
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no " + tokenKey + " stored for this account");
        }
        String edge = network == Network.FACEBOOK ? "/comments" : "/replies";
        var exchange = http.send(http.request(URI.create(graphUrl + "/" + PlatformHttp.enc(request.comment().externalId())
                        + edge))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(PlatformHttp.form(Map.of("message", request.text()))).build());
        if (exchange instanceof Answered a && a.ok()) {
            String id = a.json().path("id").asText("");
            if (id.isEmpty()) {
                return new PublishResult.Unconfirmed("Graph API answered " + a.status() + " without an id");
            }
            String url = network == Network.FACEBOOK ? "https://www.facebook.com/" + id : request.comment().permalink();
            return new PublishResult.Published(id, url);
        }
        return Graph.classify(http, exchange);
    }
}
