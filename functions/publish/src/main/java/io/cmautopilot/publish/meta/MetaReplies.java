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

    private String token(Moderation request) {
        return request.credentials().get(network == Network.FACEBOOK ? "pageAccessToken" : "accessToken")
                .orElse(null);
    }

    /** {@code DELETE /{comment-id}} (Facebook and Instagram alike); answers {@code {"success": true}}. */
    @Override
    public PublishResult delete(Moderation request, String remoteId) {
        String token = token(request);
        if (token == null) {
            return new PublishResult.NeedsReconnect("no token stored for this account");
        }
        var exchange = http.send(http.request(URI.create(graphUrl + "/" + PlatformHttp.enc(remoteId)))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token)).DELETE().build());
        if (exchange instanceof Answered a && a.ok()) {
            return new PublishResult.Published(remoteId, null);
        }
        return Graph.classify(http, exchange);
    }

    @Override
    public boolean canHide() {
        return true;
    }

    /**
     * Facebook: {@code POST /{comment-id}} with {@code is_hidden} (needs {@code pages_manage_engagement});
     * Instagram: {@code POST /{ig-comment-id}} with {@code hide} (needs {@code instagram_manage_comments}).
     * A hidden comment stays visible to its author and their friends (Meta's rule), not to anyone else.
     */
    @Override
    public PublishResult hide(Moderation request, boolean hidden) {
        String token = token(request);
        if (token == null) {
            return new PublishResult.NeedsReconnect("no token stored for this account");
        }
        String param = network == Network.FACEBOOK ? "is_hidden" : "hide";
        var exchange = http.send(http.request(URI.create(graphUrl + "/"
                        + PlatformHttp.enc(request.comment().externalId())))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(PlatformHttp.form(Map.of(param, Boolean.toString(hidden)))).build());
        if (exchange instanceof Answered a && a.ok()) {
            return new PublishResult.Published(request.comment().externalId(), null);
        }
        return Graph.classify(http, exchange);
    }
}
