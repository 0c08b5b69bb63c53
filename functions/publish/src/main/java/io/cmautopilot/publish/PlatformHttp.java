package io.cmautopilot.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The platforms' HTTP calls, through the shared {@link HttpClient}, with the transport failures sorted by what they
 * mean for a publish: a refused or timed-out connection means the request never left (safe to retry); a timeout or
 * a broken connection after the request was written means the post may exist (unconfirmed).
 */
public final class PlatformHttp {
    private final HttpClient client;
    private final Clock clock;
    private final Duration requestTimeout;

    public PlatformHttp(HttpClient client, Clock clock, Duration requestTimeout) {
        this.client = client;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
    }

    public Clock clock() {
        return clock;
    }

    /** The outcome of one exchange. */
    public sealed interface Exchange {
    }

    public record Answered(int status, HttpHeaders headers, String body) implements Exchange {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The body as JSON; an empty object when it is not JSON (an HTML error page from a proxy). */
        public JsonNode json() {
            try {
                JsonNode node = Json.tree(body);
                return node == null ? Json.object() : node;
            } catch (RuntimeException e) {
                return Json.object();
            }
        }
    }

    /** The request never reached the platform (connection refused, connect timeout, unknown host). */
    public record NotSent(String reason) implements Exchange {
    }

    /** The request was (or may have been) written but no answer came back. */
    public record Lost(String reason) implements Exchange {
    }

    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    public static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body));
    }

    public static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Rejects a header value that could split the request (CR/LF), e.g. a corrupted token. */
    public static String headerValue(String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header value contains CR or LF");
        }
        return value;
    }

    public Exchange send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answered(response.statusCode(), response.headers(), response.body());
        } catch (HttpConnectTimeoutException e) {
            return new NotSent("connection timed out");
        } catch (ConnectException e) {
            return new NotSent("connection refused");
        } catch (HttpTimeoutException e) {
            return new Lost("no answer within " + requestTimeout.toSeconds() + " s");
        } catch (java.nio.channels.UnresolvedAddressException e) {
            return new NotSent("unknown host");
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
                return new NotSent("connection failed: " + e.getCause().getClass().getSimpleName());
            }
            return new Lost("connection broken: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lost("interrupted");
        }
    }

    /**
     * The usual mapping of a failed exchange: 429 and 5xx retry later (at the time the platform gave, if any); 401
     * needs a reconnect; any other 4xx is a rejection that keeps the platform's message (extracted by
     * {@code message}). Transport: not sent retries; lost is unconfirmed.
     */
    public PublishResult classify(Exchange exchange, Function<Answered, String> message) {
        return switch (exchange) {
            case NotSent n -> PublishResult.RetryLater.of(null, n.reason());
            case Lost l -> new PublishResult.Unconfirmed(l.reason());
            case Answered a -> classifyAnswer(a, message.apply(a));
        };
    }

    /**
     * The mapping for a call that must happen at most once and whose network keeps no idempotency key (a first
     * comment, a reply): only what certainly created nothing is retried (the request never left, or a 429 refused it
     * at the door). A 5xx or a lost answer may hide a success, so it is unconfirmed and never repeated blindly; other
     * 4xx are rejections.
     */
    public PublishResult classifyOnce(Exchange exchange, Function<Answered, String> message) {
        return switch (exchange) {
            case NotSent n -> PublishResult.RetryLater.of(null, n.reason());
            case Lost l -> new PublishResult.Unconfirmed(l.reason() + "; it may have been posted");
            case Answered a when a.status() >= 500 -> new PublishResult.Unconfirmed("HTTP " + a.status() + ": "
                    + message.apply(a) + "; it may have been posted");
            case Answered a -> classifyAnswer(a, message.apply(a));
        };
    }

    public PublishResult classifyAnswer(Answered a, String message) {
        String text = "HTTP " + a.status() + (message == null || message.isBlank() ? "" : ": " + message);
        if (a.status() == 429 || a.status() >= 500) {
            return PublishResult.RetryLater.of(retryAt(a.headers()).orElse(null), text);
        }
        if (a.status() == 401) {
            return new PublishResult.NeedsReconnect(text);
        }
        return new PublishResult.Rejected(text);
    }

    /**
     * When the platform allows the next call: {@code Retry-After} (seconds or HTTP-date, RFC 9110 section 10.2.3),
     * X's {@code x-rate-limit-reset} (epoch seconds), {@code X-RateLimit-Reset} (Mastodon: an ISO 8601 time;
     * elsewhere epoch seconds), or Bluesky's {@code RateLimit-Reset} (epoch seconds).
     */
    public Optional<Instant> retryAt(HttpHeaders headers) {
        Instant now = clock.instant();
        Optional<String> retryAfter = headers.firstValue("retry-after");
        if (retryAfter.isPresent()) {
            String v = retryAfter.get().trim();
            try {
                return Optional.of(now.plusSeconds(Math.max(0, Long.parseLong(v))));
            } catch (NumberFormatException ignored) {
                try {
                    return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (DateTimeParseException ignoredToo) {
                    // unusable header: fall through to the reset headers
                }
            }
        }
        for (String name : new String[]{"x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"}) {
            Optional<String> reset = headers.firstValue(name);
            if (reset.isPresent()) {
                String v = reset.get().trim();
                try {
                    return Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
                } catch (NumberFormatException e) {
                    try {
                        return Optional.of(Instant.parse(v));
                    } catch (DateTimeParseException ignored) {
                        try {
                            return Optional.of(ZonedDateTime.parse(v).toInstant());
                        } catch (DateTimeParseException ignoredToo) {
                            // unusable: the caller's backoff applies
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
