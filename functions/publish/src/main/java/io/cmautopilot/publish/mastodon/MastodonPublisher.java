package io.cmautopilot.publish.mastodon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Threads;

import java.net.URI;
import java.util.Optional;

/**
 * Mastodon: {@code POST /api/v1/statuses} on the account's instance (docs.joinmastodon.org/methods/statuses), with
 * the bearer token and an {@code Idempotency-Key} header: the instance keeps keys for up to an hour and answers a
 * repeated key with the status it already created, which is why a target whose outcome is unknown may be published
 * again here (and only here). Thread parts reply with {@code in_reply_to_id}.
 */
public final class MastodonPublisher implements NetworkPublisher {
    private final PlatformHttp http;

    public MastodonPublisher(PlatformHttp http) {
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
    public PublishResult publish(PublishRequest request) {
        String base = request.account().baseUrl();
        if (base == null || base.isBlank()) {
            return new PublishResult.Rejected("the Mastodon account has no instance baseUrl");
        }
        Optional<String> token = request.credentials().get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        if (!request.media().isEmpty()) {
            return new PublishResult.Rejected("media on Mastodon are not supported yet");
        }
        URI uri = URI.create(base.replaceAll("/+$", "") + "/api/v1/statuses");
        return Threads.publish(request, (index, text, root, parent) -> {
            ObjectNode body = Json.object().put("status", text);
            if (parent != null) {
                body.put("in_reply_to_id", parent.id());
            }
            if (request.language() != null) {
                body.put("language", request.language());
            }
            var exchange = http.send(http.request(uri)
                    .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get()))
                    .header("Idempotency-Key", request.idempotencyKey(index))
                    .header("Content-Type", "application/json")
                    .POST(PlatformHttp.json(body)).build());
            if (exchange instanceof Answered a && a.ok()) {
                var status = a.json();
                return Threads.Part.posted(new Threads.Ref(status.path("id").asText(), status.path("url").asText(null),
                        null));
            }
            return Threads.Part.failed(http.classify(exchange, a -> a.json().path("error").asText(a.body())));
        });
    }
}
