package io.cmautopilot.publish.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.publish.MediaFetcher;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Threads;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bluesky: {@code com.atproto.repo.createRecord} of an {@code app.bsky.feed.post} record on the account's PDS
 * (default https://bsky.social), with rich-text facets (docs.bsky.app "Links, mentions, and rich text": byte ranges
 * with an inclusive start and exclusive end, counted in UTF-8 bytes). Images are uploaded as blobs
 * ({@code com.atproto.repo.uploadBlob}) and embedded in the first part ({@code app.bsky.embed.images}, with alt text).
 * <p>
 * Sessions are reused, never created per post: {@code createSession} is limited to 30 per 5 minutes and 300 per day
 * per account (PLATFORMS.md). A session lives in memory for the warm function and in the account's secret (keys
 * {@code sessionAccessJwt}, {@code sessionRefreshJwt}, {@code did}, {@code sessionHandle}) across cold starts. An
 * expired access token (HTTP 400 {@code ExpiredToken}) is renewed with {@code refreshSession} (authenticated with the
 * refresh JWT); only when that fails is a new session created from the app password.
 */
public final class BlueskyPublisher implements NetworkPublisher {
    static final String DEFAULT_PDS = "https://bsky.social";
    /** {@code app.bsky.embed.images}: at most 4 images of at most 1,000,000 bytes each (lexicon maxSize). */
    static final int MAX_IMAGE_BYTES = 1_000_000;
    private final PlatformHttp http;
    private final MediaFetcher media;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public BlueskyPublisher(PlatformHttp http, MediaFetcher media) {
        this.http = http;
        this.media = media;
    }

    record Session(String accessJwt, String refreshJwt, String did, String handle) {
    }

    /** A failure to get a session, already classified. */
    static final class NoSession extends Exception {
        final transient PublishResult result;

        NoSession(PublishResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    @Override
    public Network network() {
        return Network.BLUESKY;
    }

    PlatformHttp http() {
        return http;
    }

    @Override
    public PublishResult publish(PublishRequest request) {
        String pds = request.account().baseUrl() == null || request.account().baseUrl().isBlank()
                ? DEFAULT_PDS : request.account().baseUrl().replaceAll("/+$", "");
        String key = request.account().brandId() + "/" + request.account().id();
        Session session;
        try {
            session = session(pds, key, request.credentials());
        } catch (NoSession e) {
            return e.result;
        }
        final Session[] current = {session};
        ArrayNode images = Json.MAPPER.createArrayNode();
        for (Post.Media m : request.media()) {
            MediaFetcher.Fetched image = media.fetch(m.url());
            if (!image.ok()) {
                return image.failure();
            }
            if (image.bytes().length > MAX_IMAGE_BYTES) {
                return new PublishResult.Rejected("image " + m.url() + " is larger than Bluesky's 1,000,000 bytes");
            }
            var uploaded = authed(pds, key, request.credentials(), current, s -> http.request(
                    URI.create(pds + "/xrpc/com.atproto.repo.uploadBlob"))
                    .header("Authorization", "Bearer " + PlatformHttp.headerValue(s.accessJwt()))
                    .header("Content-Type", image.contentType())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(image.bytes())).build());
            if (uploaded instanceof PublishResult failure) {
                return failure;
            }
            Answered a = (Answered) uploaded;
            images.addObject().put("alt", m.altText()).set("image", a.json().path("blob"));
        }
        return Threads.publish(request, (index, text, root, parent) -> {
            ObjectNode record = Json.object().put("$type", "app.bsky.feed.post").put("text", text)
                    .put("createdAt", http.clock().instant().toString());
            var facets = Facets.of(text, handle -> resolveHandle(pds, handle));
            if (!facets.isEmpty()) {
                record.set("facets", facets);
            }
            if (request.language() != null) {
                record.putArray("langs").add(request.language());
            }
            if (index == 0 && !images.isEmpty()) {
                record.putObject("embed").put("$type", "app.bsky.embed.images").set("images", images);
            }
            if (parent != null) {
                ObjectNode reply = record.putObject("reply");
                reply.putObject("root").put("uri", root.id()).put("cid", root.cid());
                reply.putObject("parent").put("uri", parent.id()).put("cid", parent.cid());
            }
            var exchange = createRecord(pds, current[0], record);
            if (exchange instanceof Answered a && expired(a)) {
                try {
                    current[0] = renew(pds, key, request.credentials(), current[0]);
                } catch (NoSession e) {
                    return Threads.Part.failed(e.result);
                }
                exchange = createRecord(pds, current[0], record);
            }
            if (exchange instanceof Answered a && a.ok()) {
                JsonNode created = a.json();
                String uri = created.path("uri").asText();
                String rkey = uri.substring(uri.lastIndexOf('/') + 1);
                String who = current[0].handle() != null ? current[0].handle() : current[0].did();
                return Threads.Part.posted(new Threads.Ref(uri, "https://bsky.app/profile/" + who + "/post/" + rkey,
                        created.path("cid").asText()));
            }
            return Threads.Part.failed(http.classify(exchange, BlueskyPublisher::message));
        });
    }

    /**
     * Sends an authenticated call, renewing the session once if the PDS says the token expired. Returns the 2xx
     * {@link Answered}, or the classified failure (an unanswered upload is retried: nothing is published by it).
     */
    Object authed(String pds, String key, Credentials credentials, Session[] current,
                          java.util.function.Function<Session, java.net.http.HttpRequest> call) {
        var exchange = http.send(call.apply(current[0]));
        if (exchange instanceof Answered a && expired(a)) {
            try {
                current[0] = renew(pds, key, credentials, current[0]);
            } catch (NoSession e) {
                return e.result;
            }
            exchange = http.send(call.apply(current[0]));
        }
        if (exchange instanceof Answered a && a.ok()) {
            return a;
        }
        PublishResult r = http.classify(exchange, BlueskyPublisher::message);
        return r instanceof PublishResult.Unconfirmed u ? PublishResult.RetryLater.of(null, u.reason()) : r;
    }

    PlatformHttp.Exchange createRecord(String pds, Session session, ObjectNode record) {
        ObjectNode body = Json.object().put("repo", session.did()).put("collection", "app.bsky.feed.post");
        body.set("record", record);
        return http.send(http.request(URI.create(pds + "/xrpc/com.atproto.repo.createRecord"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(session.accessJwt()))
                .header("Content-Type", "application/json").POST(PlatformHttp.json(body)).build());
    }

    static boolean expired(Answered a) {
        String error = a.json().path("error").asText("");
        return (a.status() == 400 || a.status() == 401)
                && (error.equals("ExpiredToken") || error.equals("InvalidToken"));
    }

    static String message(Answered a) {
        JsonNode body = a.json();
        String error = body.path("error").asText("");
        String message = body.path("message").asText("");
        return error.isEmpty() ? (message.isEmpty() ? a.body() : message) : error + (message.isEmpty() ? "" : ": " + message);
    }

    Session session(String pds, String key, Credentials credentials) throws NoSession {
        Session cached = sessions.get(key);
        if (cached != null) {
            return cached;
        }
        synchronized (credentials) {
            cached = sessions.get(key);
            if (cached != null) {
                return cached;
            }
            Optional<String> access = credentials.get("sessionAccessJwt");
            Optional<String> did = credentials.get("did");
            if (access.isPresent() && did.isPresent()) {
                Session stored = new Session(access.get(), credentials.get("sessionRefreshJwt").orElse(null),
                        did.get(), credentials.get("sessionHandle").orElse(null));
                sessions.put(key, stored);
                return stored;
            }
            return createSession(pds, key, credentials);
        }
    }

    /** Renews the session after {@code failed} was refused, unless another worker already did. */
    Session renew(String pds, String key, Credentials credentials, Session failed) throws NoSession {
        synchronized (credentials) {
            Session now = sessions.get(key);
            if (now != null && !now.accessJwt().equals(failed.accessJwt())) {
                return now;
            }
            if (failed.refreshJwt() != null) {
                var exchange = http.send(http.request(URI.create(pds + "/xrpc/com.atproto.server.refreshSession"))
                        .header("Authorization", "Bearer " + PlatformHttp.headerValue(failed.refreshJwt()))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
                if (exchange instanceof Answered a && a.ok()) {
                    return store(key, credentials, a.json());
                }
                if (!(exchange instanceof Answered a && (a.status() == 400 || a.status() == 401))) {
                    throw new NoSession(http.classify(exchange, BlueskyPublisher::message));
                }
            }
            return createSession(pds, key, credentials);
        }
    }

    private Session createSession(String pds, String key, Credentials credentials) throws NoSession {
        Optional<String> identifier = credentials.get("identifier");
        Optional<String> password = credentials.get("appPassword");
        if (identifier.isEmpty() || password.isEmpty()) {
            throw new NoSession(new PublishResult.NeedsReconnect("no identifier/appPassword stored for this account"));
        }
        var exchange = http.send(http.request(URI.create(pds + "/xrpc/com.atproto.server.createSession"))
                .header("Content-Type", "application/json")
                .POST(PlatformHttp.json(Map.of("identifier", identifier.get(), "password", password.get()))).build());
        if (exchange instanceof Answered a && a.ok()) {
            return store(key, credentials, a.json());
        }
        if (exchange instanceof Answered a && (a.status() == 400 || a.status() == 401)) {
            // AuthenticationRequired "Invalid identifier or password", or a revoked app password
            throw new NoSession(new PublishResult.NeedsReconnect("HTTP " + a.status() + ": " + message(a)));
        }
        throw new NoSession(http.classify(exchange, BlueskyPublisher::message));
    }

    private Session store(String key, Credentials credentials, JsonNode s) {
        Session session = new Session(s.path("accessJwt").asText(), s.path("refreshJwt").asText(null),
                s.path("did").asText(), s.path("handle").asText(null));
        sessions.put(key, session);
        java.util.HashMap<String, String> changes = new java.util.HashMap<>();
        changes.put("sessionAccessJwt", session.accessJwt());
        changes.put("sessionRefreshJwt", session.refreshJwt());
        changes.put("did", session.did());
        changes.put("sessionHandle", session.handle());
        credentials.merge(changes);
        return session;
    }

    /** A handle's DID for a mention facet; empty when it does not resolve (the mention then stays plain text). */
    Optional<String> resolveHandle(String pds, String handle) {
        var exchange = http.send(http.request(URI.create(pds + "/xrpc/com.atproto.identity.resolveHandle?handle="
                + PlatformHttp.enc(handle))).GET().build());
        if (exchange instanceof Answered a && a.ok()) {
            return Optional.ofNullable(a.json().path("did").asText(null));
        }
        return Optional.empty();
    }
}
