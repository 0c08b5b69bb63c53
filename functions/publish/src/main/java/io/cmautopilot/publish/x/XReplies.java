package io.cmautopilot.publish.x;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.reply.NetworkReplier;
import io.cmautopilot.publish.reply.ReplyRequest;

import java.util.Optional;

/**
 * X replies: {@code POST /2/tweets} with {@code reply.in_reply_to_tweet_id} = the comment's post id (docs.x.com,
 * "Manage Posts"), through {@link XPublisher}'s token handling (one refresh on a 401, rotated tokens stored at once)
 * and its rate-limit reading. X refuses a reply to a conversation the account may not join with a 403, kept as
 * a rejection with X's own message. X does not deduplicate: a reply whose outcome is unknown is never resent.
 */
public final class XReplies implements NetworkReplier {
    private final XPublisher x;

    public XReplies(XPublisher x) {
        this.x = x;
    }

    @Override
    public Network network() {
        return Network.X;
    }

    @Override
    public PublishResult reply(ReplyRequest request) {
        Credentials credentials = request.credentials();
        Optional<String> token = credentials.get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        ObjectNode body = Json.object().put("text", request.text());
        body.putObject("reply").put("in_reply_to_tweet_id", request.comment().externalId());
        var exchange = x.tweet(body, token.get());
        if (exchange instanceof Answered a && a.status() == 401) {
            Optional<PublishResult> refused = x.refresh(credentials, token.get());
            if (refused.isPresent()) {
                return refused.get();
            }
            exchange = x.tweet(body, credentials.get("accessToken").orElseThrow());
        }
        if (exchange instanceof Answered a && a.ok()) {
            String id = a.json().path("data").path("id").asText();
            String handle = request.account().handle().replaceFirst("^@", "");
            return new PublishResult.Published(id, "https://x.com/" + handle + "/status/" + id);
        }
        if (exchange instanceof Answered a && a.status() == 429) {
            return PublishResult.RetryLater.of(x.resetOf(a), "HTTP 429: " + XPublisher.message(a));
        }
        return x.http().classify(exchange, XPublisher::message);
    }

    /** One authenticated call, refreshing the token once on a 401 (the same refresh as publishing). */
    private Object authed(io.cmautopilot.publish.Credentials credentials,
                          java.util.function.Function<String, java.net.http.HttpRequest> call) {
        Optional<String> token = credentials.get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        var exchange = x.http().send(call.apply(token.get()));
        if (exchange instanceof Answered a && a.status() == 401) {
            Optional<PublishResult> refused = x.refresh(credentials, token.get());
            if (refused.isPresent()) {
                return refused.get();
            }
            exchange = x.http().send(call.apply(credentials.get("accessToken").orElseThrow()));
        }
        if (exchange instanceof Answered a && a.ok()) {
            return a;
        }
        if (exchange instanceof Answered a && a.status() == 429) {
            return PublishResult.RetryLater.of(x.resetOf(a), "HTTP 429: " + XPublisher.message(a));
        }
        return x.http().classify(exchange, XPublisher::message);
    }

    /** {@code DELETE /2/tweets/:id}; answers {@code {"data": {"deleted": true}}}. */
    @Override
    public PublishResult delete(Moderation request, String remoteId) {
        Object r = authed(request.credentials(), token -> x.http().request(java.net.URI.create(x.baseUrl()
                        + "/2/tweets/" + io.cmautopilot.publish.PlatformHttp.enc(remoteId)))
                .header("Authorization", "Bearer " + io.cmautopilot.publish.PlatformHttp.headerValue(token))
                .DELETE().build());
        return r instanceof PublishResult failure ? failure : new PublishResult.Published(remoteId, null);
    }

    @Override
    public boolean canHide() {
        return true;
    }

    /**
     * Hidden replies: {@code PUT /2/tweets/:id/hidden} with {@code {"hidden": true|false}} (docs.x.com, "Hide
     * replies"); only replies in a conversation the account started can be hidden, X refuses the others (403).
     */
    @Override
    public PublishResult hide(Moderation request, boolean hidden) {
        String id = request.comment().externalId();
        Object r = authed(request.credentials(), token -> x.http().request(java.net.URI.create(x.baseUrl()
                        + "/2/tweets/" + io.cmautopilot.publish.PlatformHttp.enc(id) + "/hidden"))
                .header("Authorization", "Bearer " + io.cmautopilot.publish.PlatformHttp.headerValue(token))
                .header("Content-Type", "application/json")
                .PUT(io.cmautopilot.publish.PlatformHttp.json(java.util.Map.of("hidden", hidden))).build());
        return r instanceof PublishResult failure ? failure : new PublishResult.Published(id, null);
    }
}
