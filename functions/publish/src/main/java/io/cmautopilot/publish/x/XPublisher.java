package io.cmautopilot.publish.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Threads;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * X: {@code POST /2/tweets} with an OAuth 2.0 user access token; a thread part replies with
 * {@code reply.in_reply_to_tweet_id}. A 401 triggers one refresh ({@code POST /2/oauth2/token},
 * {@code grant_type=refresh_token}; confidential clients authenticate with HTTP Basic client id:secret, public
 * clients send {@code client_id} in the form, per docs.x.com "OAuth 2.0 Authorization Code Flow with PKCE"); the new
 * tokens are stored at once because X rotates refresh tokens, and a response without a refresh token never erases
 * the one we have. X sends no Retry-After on 429: the reset is {@code x-rate-limit-reset} (epoch seconds), or for the
 * hidden per-user daily cap {@code x-user-limit-24hour-reset} (PLATFORMS.md).
 */
public final class XPublisher implements NetworkPublisher {
    private final PlatformHttp http;
    private final String baseUrl;

    public XPublisher(PlatformHttp http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
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
        if (!request.media().isEmpty()) {
            return new PublishResult.Rejected("media on X are not supported yet");
        }
        Credentials credentials = request.credentials();
        if (credentials.get("accessToken").isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        String handle = request.account().handle().replaceFirst("^@", "");
        return Threads.publish(request, (index, text, root, parent) -> {
            ObjectNode body = Json.object().put("text", text);
            if (parent != null) {
                body.putObject("reply").put("in_reply_to_tweet_id", parent.id());
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
