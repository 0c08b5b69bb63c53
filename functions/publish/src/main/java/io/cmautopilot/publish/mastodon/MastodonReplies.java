package io.cmautopilot.publish.mastodon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.reply.NetworkReplier;
import io.cmautopilot.publish.reply.ReplyRequest;

import java.net.URI;
import java.util.Optional;

/**
 * Mastodon replies: {@code POST /api/v1/statuses} with {@code in_reply_to_id} = the comment's status id
 * (docs.joinmastodon.org/methods/statuses, "Post a new status"), the author @mentioned first (core.reply.ReplyText)
 * and an {@code Idempotency-Key} that is the same for every attempt at the reply: the instance answers a repeated key
 * with the status it already created, so a reply whose outcome is unknown may be sent again here.
 */
public final class MastodonReplies implements NetworkReplier {
    private final PlatformHttp http;

    public MastodonReplies(PlatformHttp http) {
        this.http = http;
    }

    @Override
    public Network network() {
        return Network.MASTODON;
    }

    @Override
    public boolean deduplicates() {
        return true;
    }

    @Override
    public PublishResult reply(ReplyRequest request) {
        String base = request.account().baseUrl();
        if (base == null || base.isBlank()) {
            return new PublishResult.Rejected("the Mastodon account has no instance baseUrl");
        }
        Optional<String> token = request.credentials().get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        ObjectNode body = Json.object().put("status", request.text())
                .put("in_reply_to_id", request.comment().externalId());
        if (request.language() != null) {
            body.put("language", request.language());
        }
        var exchange = http.send(http.request(URI.create(base.replaceAll("/+$", "") + "/api/v1/statuses"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get()))
                .header("Idempotency-Key", request.idempotencyKey())
                .header("Content-Type", "application/json").POST(PlatformHttp.json(body)).build());
        if (exchange instanceof Answered a && a.ok()) {
            return new PublishResult.Published(a.json().path("id").asText(), a.json().path("url").asText(null));
        }
        return http.classify(exchange, a -> a.json().path("error").asText(a.body()));
    }

    /** {@code DELETE /api/v1/statuses/:id}; a status already gone (404) counts as deleted. */
    @Override
    public PublishResult delete(Moderation request, String remoteId) {
        String base = request.account().baseUrl();
        Optional<String> token = request.credentials().get("accessToken");
        if (base == null || base.isBlank() || token.isEmpty()) {
            return new PublishResult.NeedsReconnect("the Mastodon account has no instance or token");
        }
        var exchange = http.send(http.request(URI.create(base.replaceAll("/+$", "") + "/api/v1/statuses/"
                        + PlatformHttp.enc(remoteId)))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get())).DELETE().build());
        if (exchange instanceof Answered a && (a.ok() || a.status() == 404)) {
            return new PublishResult.Published(remoteId, null);
        }
        return http.classify(exchange, a -> a.json().path("error").asText(a.body()));
    }
}
