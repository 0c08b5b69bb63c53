package io.cmautopilot.publish.meta;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instagram (content publishing): create a media container {@code POST /{ig-user-id}/media} ({@code image_url},
 * {@code caption}, {@code alt_text}; several images make a carousel of {@code is_carousel_item} children), wait until
 * {@code GET /{container-id}?fields=status_code} says FINISHED, then {@code POST /{ig-user-id}/media_publish} with
 * {@code creation_id}. Meta fetches the image itself, so its URL must be public (docs/PLATFORMS.md: error 9004 otherwise).
 * Polling is bounded within the tick; a container still IN_PROGRESS is kept in the checkpoint and the next attempt
 * polls it instead of creating another. ERROR and EXPIRED containers are final (IG Container reference:
 * EXPIRED = not published within 24 hours).
 */
public final class InstagramPublisher implements NetworkPublisher {
    static final String CONTAINER = "containerId";
    private final PlatformHttp http;
    private final String graphUrl;
    private final int polls;
    private final Duration pollInterval;

    public InstagramPublisher(PlatformHttp http, String graphUrl, int polls, Duration pollInterval) {
        this.http = http;
        this.graphUrl = graphUrl.replaceAll("/+$", "");
        this.polls = polls;
        this.pollInterval = pollInterval;
    }

    @Override
    public Network network() {
        return Network.INSTAGRAM;
    }

    @Override
    public boolean supportsReplies() {
        return true;
    }

    /** A comment as the account: {@code POST /{ig-media-id}/comments} with {@code message} (or {@code /replies}). */
    @Override
    public PublishResult reply(io.cmautopilot.publish.ReplyRequest request) {
        Optional<String> token = request.credentials().get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        return Graph.comment(http, graphUrl, request.parentRemoteId(), request.text(), token.get());
    }

    @Override
    public PublishResult publish(PublishRequest request) {
        Optional<String> token = request.credentials().get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        String igUser = request.account().externalId();
        if (igUser == null || igUser.isBlank()) {
            return new PublishResult.Rejected("the Instagram account has no externalId (Instagram user id)");
        }
        if (request.media().isEmpty()) {
            return new PublishResult.Rejected("an Instagram post needs at least one image");
        }
        String caption = String.join("\n\n", request.parts());
        String container = request.checkpoint().get(CONTAINER);
        if (container == null) {
            var created = createContainer(igUser, caption, request.media(), token.get());
            if (created instanceof Failed f) {
                return f.result();
            }
            container = ((Created) created).id();
        }
        for (int i = 0; ; i++) {
            var exchange = http.send(http.request(URI.create(graphUrl + "/" + container + "?fields=status_code,status"))
                    .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get())).GET().build());
            if (!(exchange instanceof Answered a && a.ok())) {
                PublishResult r = Graph.classify(http, exchange);
                // a failed status read publishes nothing: keep the container for the next attempt
                return r instanceof PublishResult.Unconfirmed u
                        ? new PublishResult.RetryLater(null, u.reason(), Map.of(CONTAINER, container))
                        : withContainer(r, container);
            }
            String status = a.json().path("status_code").asText("");
            if (status.equals("FINISHED")) {
                break;
            }
            if (status.equals("ERROR") || status.equals("EXPIRED")) {
                return new PublishResult.Rejected("Instagram container " + container + " is " + status + ": "
                        + a.json().path("status").asText(""));
            }
            if (i + 1 >= polls) {
                return new PublishResult.RetryLater(null, "Instagram is still processing container " + container,
                        Map.of(CONTAINER, container));
            }
            sleep();
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("creation_id", container);
        var exchange = post(igUser + "/media_publish", form, token.get());
        if (exchange instanceof Answered a && a.ok()) {
            String mediaId = a.json().path("id").asText();
            return new PublishResult.Published(mediaId, permalink(mediaId, token.get()));
        }
        return withContainer(Graph.classify(http, exchange), container);
    }

    private static PublishResult withContainer(PublishResult r, String container) {
        return r instanceof PublishResult.RetryLater retry
                ? new PublishResult.RetryLater(retry.notBefore(), retry.reason(), Map.of(CONTAINER, container)) : r;
    }

    private sealed interface Step {
    }

    private record Created(String id) implements Step {
    }

    private record Failed(PublishResult result) implements Step {
    }

    private Step createContainer(String igUser, String caption, List<Post.Media> media, String token) {
        if (media.size() == 1) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("image_url", media.get(0).url());
            form.put("caption", caption);
            form.put("alt_text", media.get(0).altText());
            return created(post(igUser + "/media", form, token));
        }
        List<String> children = new ArrayList<>();
        for (Post.Media m : media) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("image_url", m.url());
            form.put("is_carousel_item", "true");
            form.put("alt_text", m.altText());
            Step child = created(post(igUser + "/media", form, token));
            if (child instanceof Failed) {
                return child;
            }
            children.add(((Created) child).id());
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("media_type", "CAROUSEL");
        form.put("children", String.join(",", children));
        form.put("caption", caption);
        return created(post(igUser + "/media", form, token));
    }

    private Step created(PlatformHttp.Exchange exchange) {
        if (exchange instanceof Answered a && a.ok()) {
            return new Created(a.json().path("id").asText());
        }
        PublishResult r = Graph.classify(http, exchange);
        // an unanswered container creation publishes nothing (only media_publish does): safe to retry
        return new Failed(r instanceof PublishResult.Unconfirmed u ? PublishResult.RetryLater.of(null, u.reason()) : r);
    }

    private String permalink(String mediaId, String token) {
        var exchange = http.send(http.request(URI.create(graphUrl + "/" + mediaId + "?fields=permalink"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token)).GET().build());
        return exchange instanceof Answered a && a.ok() ? a.json().path("permalink").asText(null) : null;
    }

    private PlatformHttp.Exchange post(String path, Map<String, String> form, String token) {
        return http.send(http.request(URI.create(graphUrl + "/" + path))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(PlatformHttp.form(form)).build());
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
