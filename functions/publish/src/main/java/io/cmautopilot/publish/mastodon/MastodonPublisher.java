package io.cmautopilot.publish.mastodon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.ReplyRequest;
import io.cmautopilot.publish.Threads;

import io.cmautopilot.core.post.Post;
import io.cmautopilot.publish.MediaFetcher;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mastodon: {@code POST /api/v1/statuses} on the account's instance (docs.joinmastodon.org/methods/statuses), with
 * the bearer token and an {@code Idempotency-Key} header: the instance keeps keys for up to an hour and answers a
 * repeated key with the status it already created, which is why a target whose outcome is unknown may be published
 * again here (and only here). Thread parts reply with {@code in_reply_to_id}; images (with their alt text as
 * {@code description}) are uploaded first and attached to the first part with {@code media_ids}.
 * <p>
 * A status request that got no answer (timeout, broken connection after it was written) is therefore not
 * UNCONFIRMED here: it is retried with the same key, after {@link #LOST_RETRY_DELAY} (a repeat sent while the instance
 * is still creating the first may not yet find the key), as long as the first lost attempt is younger than
 * {@link #IDEMPOTENCY_WINDOW}, our margin inside the instance's hour. The time of that first lost attempt travels in
 * the checkpoint ({@code part.N.lostAt}); once the window has passed the outcome really is unknown and the part is
 * UNCONFIRMED without sending anything.
 */
public final class MastodonPublisher implements NetworkPublisher {
    /** Mastodon stores an Idempotency-Key for up to an hour (docs.joinmastodon.org/methods/statuses); our margin. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(50);
    /** How long a lost status waits before its repeat: long enough for a slow instance to finish the first. */
    public static final Duration LOST_RETRY_DELAY = Duration.ofMinutes(1);
    private final PlatformHttp http;
    private final MediaFetcher media;
    private final int polls;
    private final Duration pollInterval;

    public MastodonPublisher(PlatformHttp http, MediaFetcher media, int polls, Duration pollInterval) {
        this.http = http;
        this.media = media;
        this.polls = polls;
        this.pollInterval = pollInterval;
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
        String instance = base.replaceAll("/+$", "");
        List<String> mediaIds = new ArrayList<>();
        for (Post.Media m : request.media()) {
            Object uploaded = upload(instance, token.get(), m);
            if (uploaded instanceof PublishResult failure) {
                return failure;
            }
            mediaIds.add((String) uploaded);
        }
        URI uri = URI.create(instance + "/api/v1/statuses");
        return Threads.publish(request, (index, text, root, parent) -> {
            ObjectNode body = Json.object().put("status", text);
            if (parent != null) {
                body.put("in_reply_to_id", parent.id());
            }
            if (index == 0 && !mediaIds.isEmpty()) {
                var ids = body.putArray("media_ids");
                mediaIds.forEach(ids::add);
            }
            if (request.language() != null) {
                body.put("language", request.language());
            }
            String lostKey = Threads.lostAtKey(index);
            Instant lostAt = lostAt(request.checkpoint().get(lostKey));
            Instant now = http.clock().instant();
            if (lostAt != null && !now.isBefore(lostAt.plus(IDEMPOTENCY_WINDOW))) {
                return Threads.Part.failed(new PublishResult.Unconfirmed("no answer from the instance since "
                        + lostAt + " and its Idempotency-Key window has passed; check the account before publishing"
                        + " again, to avoid a duplicate"));
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
            if (exchange instanceof PlatformHttp.Lost lost) {
                // The instance deduplicates on the key: repeating it later is safe while the key is kept.
                Instant first = lostAt == null ? now : lostAt;
                return Threads.Part.failed(new PublishResult.RetryLater(now.plus(LOST_RETRY_DELAY),
                        lost.reason() + "; retrying with the same Idempotency-Key", Map.of(lostKey, first.toString())));
            }
            return Threads.Part.failed(http.classify(exchange, MastodonPublisher::message));
        });
    }

    @Override
    public boolean supportsReplies() {
        return true;
    }

    /**
     * A reply status ({@code in_reply_to_id}) with the request's {@code Idempotency-Key}, so a retry after a lost
     * answer is dropped by the instance instead of posting twice (keys are kept for an hour).
     */
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
        ObjectNode body = Json.object().put("status", request.text()).put("in_reply_to_id", request.parentRemoteId());
        if (request.language() != null) {
            body.put("language", request.language());
        }
        var exchange = http.send(http.request(URI.create(base.replaceAll("/+$", "") + "/api/v1/statuses"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get()))
                .header("Idempotency-Key", PlatformHttp.headerValue(request.idempotencyKey()))
                .header("Content-Type", "application/json").POST(PlatformHttp.json(body)).build());
        if (exchange instanceof Answered a && a.ok()) {
            return new PublishResult.Published(a.json().path("id").asText(), a.json().path("url").asText(null));
        }
        return http.classify(exchange, MastodonPublisher::message);
    }

    private static Instant lostAt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH; // unreadable: treat the window as passed, never resend blindly
        }
    }

    private static String message(Answered a) {
        return a.json().path("error").asText(a.body());
    }

    /**
     * Uploads one image with its alt text ({@code POST /api/v2/media}, multipart {@code file} + {@code description}).
     * A 202 means the instance processes it in the background (url null): poll {@code GET /api/v1/media/:id} (206
     * while processing, 200 when ready), because a status cannot attach unprocessed media. Returns the media id or
     * the failure. An upload that is never attached does no harm (the instance removes orphans), so retrying is safe.
     */
    private Object upload(String instance, String token, Post.Media m) {
        MediaFetcher.Fetched image = media.fetch(m.url());
        if (!image.ok()) {
            return image.failure();
        }
        var form = new MediaFetcher.Multipart().file("file", image.fileName(), image.contentType(), image.bytes())
                .field("description", m.altText());
        var exchange = http.send(http.request(URI.create(instance + "/api/v2/media"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Content-Type", form.contentType()).POST(form.body()).build());
        if (!(exchange instanceof Answered a && a.ok())) {
            return unsent(http.classify(exchange, MastodonPublisher::message));
        }
        String id = a.json().path("id").asText();
        if (a.status() == 200 && !a.json().path("url").isNull()) {
            return id;
        }
        for (int i = 0; i < polls; i++) {
            sleep();
            var poll = http.send(http.request(URI.create(instance + "/api/v1/media/" + PlatformHttp.enc(id)))
                    .header("Authorization", "Bearer " + PlatformHttp.headerValue(token)).GET().build());
            if (poll instanceof Answered p && p.status() == 200) {
                return id;
            }
            if (!(poll instanceof Answered p && p.status() == 206)) {
                return unsent(http.classify(poll, MastodonPublisher::message));
            }
        }
        return PublishResult.RetryLater.of(null, "Mastodon is still processing media " + id);
    }

    /** Nothing is published before the status itself: an upload that got no answer is simply retried. */
    private static PublishResult unsent(PublishResult r) {
        return r instanceof PublishResult.Unconfirmed u ? PublishResult.RetryLater.of(null, u.reason()) : r;
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
