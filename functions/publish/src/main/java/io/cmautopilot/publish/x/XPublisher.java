package io.cmautopilot.publish.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.publish.MediaFetcher;
import io.cmautopilot.publish.ReplyRequest;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Threads;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * X: {@code POST /2/tweets} with an OAuth 2.0 user access token; a thread part replies with
 * {@code reply.in_reply_to_tweet_id}; images are uploaded first and attached as {@code media.media_ids}. A 401 triggers one refresh ({@code POST /2/oauth2/token},
 * {@code grant_type=refresh_token}; confidential clients authenticate with HTTP Basic client id:secret, public
 * clients send {@code client_id} in the form, per docs.x.com "OAuth 2.0 Authorization Code Flow with PKCE"); the new
 * tokens are stored at once because X rotates refresh tokens, and a response without a refresh token never erases
 * the one we have. X sends no Retry-After on 429: the reset is {@code x-rate-limit-reset} (epoch seconds), or for the
 * hidden per-user daily cap {@code x-user-limit-24hour-reset} (docs/PLATFORMS.md).
 */
public final class XPublisher implements NetworkPublisher {
    /** X takes images up to 5 MB (docs.x.com "Media best practices"). */
    static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;
    private final PlatformHttp http;
    private final String baseUrl;
    private final MediaFetcher media;

    public XPublisher(PlatformHttp http, String baseUrl, MediaFetcher media) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.media = media;
    }

    @Override
    public Network network() {
        return Network.X;
    }

    PlatformHttp http() {
        return http;
    }

    String baseUrl() {
        return baseUrl;
    }

    @Override
    public PublishResult publish(PublishRequest request) {
        Credentials credentials = request.credentials();
        if (credentials.get("accessToken").isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        List<String> mediaIds = new ArrayList<>();
        for (Post.Media m : request.media()) {
            Object uploaded = upload(credentials, m);
            if (uploaded instanceof PublishResult failure) {
                return failure;
            }
            mediaIds.add((String) uploaded);
        }
        String handle = request.account().handle().replaceFirst("^@", "");
        return Threads.publish(request, (index, text, root, parent) -> {
            ObjectNode body = Json.object().put("text", text);
            if (parent != null) {
                body.putObject("reply").put("in_reply_to_tweet_id", parent.id());
            }
            if (index == 0 && !mediaIds.isEmpty()) {
                var ids = body.putObject("media").putArray("media_ids");
                mediaIds.forEach(ids::add);
            }
            String token = credentials.get("accessToken").orElseThrow();
            var exchange = tweet(body, token);
            if (exchange instanceof Answered a && a.status() == 401) {
                Optional<PublishResult> refused = refresh(credentials, token);
                if (refused.isPresent()) {
                    return Threads.Part.failed(refused.get());
                }
                exchange = tweet(body, credentials.get("accessToken").orElseThrow());
            }
            if (exchange instanceof Answered a && a.ok()) {
                String id = a.json().path("data").path("id").asText();
                return Threads.Part.posted(new Threads.Ref(id, "https://x.com/" + handle + "/status/" + id, null));
            }
            if (exchange instanceof Answered a && a.status() == 429) {
                return Threads.Part.failed(PublishResult.RetryLater.of(resetOf(a), "HTTP 429: " + message(a)));
            }
            return Threads.Part.failed(http.classify(exchange, XPublisher::message));
        });
    }

    /**
     * Uploads one image ({@code POST /2/media/upload}, multipart {@code media} with {@code media_category=tweet_image})
     * and sets its alt text ({@code POST /2/media/metadata}, {@code {id, metadata: {alt_text: {text}}}}), per
     * docs.x.com X API v2 "Media upload" and "Create Media metadata". An upload publishes nothing, so any failure
     * short of a rejection is retried. Returns the media id or the failure.
     */
    private Object upload(Credentials credentials, Post.Media m) {
        MediaFetcher.Fetched image = media.fetch(m.url());
        if (!image.ok()) {
            return image.failure();
        }
        if (image.bytes().length > MAX_IMAGE_BYTES) {
            return new PublishResult.Rejected("image " + m.url() + " is larger than X's 5 MB for images");
        }
        Object uploaded = authed(credentials, token -> {
            var form = new MediaFetcher.Multipart().file("media", image.fileName(), image.contentType(), image.bytes())
                    .field("media_category", "tweet_image").field("media_type", image.contentType());
            return http.request(URI.create(baseUrl + "/2/media/upload"))
                    .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                    .header("Content-Type", form.contentType()).POST(form.body()).build();
        });
        if (uploaded instanceof PublishResult failure) {
            return failure;
        }
        JsonNode data = ((Answered) uploaded).json().path("data");
        String id = data.path("id").asText(data.path("media_id_string").asText(""));
        if (id.isEmpty()) {
            return PublishResult.RetryLater.of(null, "X answered the media upload without a media id");
        }
        ObjectNode meta = Json.object().put("id", id);
        meta.putObject("metadata").putObject("alt_text").put("text", m.altText());
        Object described = authed(credentials, token -> http.request(URI.create(baseUrl + "/2/media/metadata"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Content-Type", "application/json").POST(PlatformHttp.json(meta)).build());
        if (described instanceof PublishResult failure) {
            return failure;
        }
        return id;
    }

    /** A call that publishes nothing, with one token refresh on 401; the 2xx answer or the classified failure. */
    private Object authed(Credentials credentials, java.util.function.Function<String, java.net.http.HttpRequest> call) {
        String token = credentials.get("accessToken").orElseThrow();
        var exchange = http.send(call.apply(token));
        if (exchange instanceof Answered a && a.status() == 401) {
            Optional<PublishResult> refused = refresh(credentials, token);
            if (refused.isPresent()) {
                return refused.get();
            }
            exchange = http.send(call.apply(credentials.get("accessToken").orElseThrow()));
        }
        if (exchange instanceof Answered a && a.ok()) {
            return a;
        }
        if (exchange instanceof Answered a && a.status() == 429) {
            return PublishResult.RetryLater.of(resetOf(a), "HTTP 429: " + message(a));
        }
        PublishResult r = http.classify(exchange, XPublisher::message);
        return r instanceof PublishResult.Unconfirmed u ? PublishResult.RetryLater.of(null, u.reason()) : r;
    }

    @Override
    public boolean supportsReplies() {
        return true;
    }

    /**
     * A reply tweet ({@code reply.in_reply_to_tweet_id}). X keeps no idempotency key, so an answer that may hide a
     * success (5xx, no answer) is unconfirmed, never repeated.
     */
    @Override
    public PublishResult reply(ReplyRequest request) {
        Credentials credentials = request.credentials();
        if (credentials.get("accessToken").isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        ObjectNode body = Json.object().put("text", request.text());
        body.putObject("reply").put("in_reply_to_tweet_id", request.parentRemoteId());
        String token = credentials.get("accessToken").orElseThrow();
        var exchange = tweet(body, token);
        if (exchange instanceof Answered a && a.status() == 401) {
            Optional<PublishResult> refused = refresh(credentials, token);
            if (refused.isPresent()) {
                return refused.get();
            }
            exchange = tweet(body, credentials.get("accessToken").orElseThrow());
        }
        if (exchange instanceof Answered a && a.ok()) {
            String id = a.json().path("data").path("id").asText();
            String handle = request.account().handle().replaceFirst("^@", "");
            return new PublishResult.Published(id, "https://x.com/" + handle + "/status/" + id);
        }
        if (exchange instanceof Answered a && a.status() == 429) {
            return PublishResult.RetryLater.of(resetOf(a), "HTTP 429: " + message(a));
        }
        return http.classifyOnce(exchange, XPublisher::message);
    }

    PlatformHttp.Exchange tweet(ObjectNode body, String token) {
        return http.send(http.request(URI.create(baseUrl + "/2/tweets"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Content-Type", "application/json").POST(PlatformHttp.json(body)).build());
    }

    /** The later of the 15-minute window reset and, when exhausted, the per-user 24-hour reset. */
    Instant resetOf(Answered a) {
        Instant reset = http.retryAt(a.headers()).orElse(null);
        if ("0".equals(a.header("x-user-limit-24hour-remaining").orElse(null))) {
            Optional<String> daily = a.header("x-user-limit-24hour-reset");
            if (daily.isPresent()) {
                try {
                    Instant d = Instant.ofEpochSecond(Long.parseLong(daily.get().trim()));
                    reset = reset == null || d.isAfter(reset) ? d : reset;
                } catch (NumberFormatException ignored) {
                    // keep the window reset
                }
            }
        }
        return reset;
    }

    /**
     * Refreshes the access token that just failed, unless another worker already did. Empty when the account now has
     * a fresh token; otherwise the classified failure.
     */
    Optional<PublishResult> refresh(Credentials credentials, String failedToken) {
        synchronized (credentials) {
            if (!credentials.get("accessToken").orElse("").equals(failedToken)) {
                return Optional.empty();
            }
            Optional<String> refreshToken = credentials.get("refreshToken");
            if (refreshToken.isEmpty()) {
                return Optional.of(new PublishResult.NeedsReconnect("HTTP 401: the access token expired and no "
                        + "refresh token is stored"));
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", refreshToken.get());
            var builder = http.request(URI.create(baseUrl + "/2/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded");
            Optional<String> clientId = credentials.get("clientId");
            Optional<String> clientSecret = credentials.get("clientSecret");
            if (clientId.isPresent() && clientSecret.isPresent()) {
                builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId.get() + ":" + clientSecret.get()).getBytes(StandardCharsets.UTF_8)));
            } else {
                clientId.ifPresent(id -> form.put("client_id", id));
            }
            var exchange = http.send(builder.POST(PlatformHttp.form(form)).build());
            if (exchange instanceof Answered a && a.ok()) {
                JsonNode tokens = a.json();
                Map<String, String> changes = new HashMap<>();
                changes.put("accessToken", tokens.path("access_token").asText(null));
                changes.put("refreshToken", tokens.path("refresh_token").asText(null));
                credentials.merge(changes);
                return Optional.empty();
            }
            if (exchange instanceof Answered a && (a.status() == 400 || a.status() == 401)) {
                return Optional.of(new PublishResult.NeedsReconnect("token refresh refused: HTTP " + a.status() + ": "
                        + a.json().path("error_description").asText(a.json().path("error").asText(a.body()))));
            }
            return Optional.of(http.classify(exchange, XPublisher::message));
        }
    }

    /** X v2 errors are RFC 7807-like: {@code {title, detail, type, status}}, or {@code errors[].message}. */
    static String message(Answered a) {
        JsonNode body = a.json();
        if (body.hasNonNull("detail")) {
            return body.get("detail").asText();
        }
        if (body.path("errors").isArray() && !body.path("errors").isEmpty()) {
            return body.path("errors").get(0).path("message").asText(body.path("title").asText(a.body()));
        }
        return body.path("title").asText(a.body());
    }
}
