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
import io.cmautopilot.publish.ReplyRequest;
import io.cmautopilot.publish.Threads;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bluesky: {@code com.atproto.repo.createRecord} of an {@code app.bsky.feed.post} record on the account's PDS
 * (default https://bsky.social), with rich-text facets (docs.bsky.app "Links, mentions, and rich text": byte ranges
 * with an inclusive start and exclusive end, counted in UTF-8 bytes). Images are uploaded as blobs
 * ({@code com.atproto.repo.uploadBlob}) and embedded in the first part ({@code app.bsky.embed.images}, with alt text).
 * <p>
 * Sessions are reused, never created per post: {@code createSession} is limited to 30 per 5 minutes and 300 per day
 * per account (docs/PLATFORMS.md). A session lives in memory for the warm function and in the account's secret (keys
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

    private final LinkCards cards;

    public BlueskyPublisher(PlatformHttp http, MediaFetcher media) {
        this(http, media, new LinkCards(media, false));
    }

    BlueskyPublisher(PlatformHttp http, MediaFetcher media, LinkCards cards) {
        this.http = http;
        this.media = media;
        this.cards = cards;
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
        ObjectNode card = images.isEmpty() && request.checkpoint().isEmpty() && !request.parts().isEmpty()
                ? externalCard(pds, key, request.credentials(), current, request.parts().get(0)) : null;
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
            } else if (index == 0 && card != null) {
                record.set("embed", card);
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
     * An {@code app.bsky.embed.external} card for the first link of the text, when its page gives a title (its
     * {@code og:image}, if it fits Bluesky's 1,000,000 bytes, is uploaded as the card's thumb). Null when there is no
     * link or the page cannot be read safely: the post then goes out without a card.
     */
    private ObjectNode externalCard(String pds, String key, Credentials credentials, Session[] current, String text) {
        var links = Facets.links(text);
        if (links.isEmpty()) {
            return null;
        }
        var found = cards.card(links.get(0).uri());
        if (found.isEmpty()) {
            return null;
        }
        LinkCards.Card c = found.get();
        ObjectNode embed = Json.object().put("$type", "app.bsky.embed.external");
        ObjectNode external = embed.putObject("external").put("uri", c.uri()).put("title", c.title())
                .put("description", c.description());
        if (c.imageUrl() != null) {
            MediaFetcher.Fetched image = media.fetch(c.imageUrl());
            if (image.ok() && image.bytes().length <= MAX_IMAGE_BYTES) {
                Object uploaded = authed(pds, key, credentials, current, s -> http.request(
                        URI.create(pds + "/xrpc/com.atproto.repo.uploadBlob"))
                        .header("Authorization", "Bearer " + PlatformHttp.headerValue(s.accessJwt()))
                        .header("Content-Type", image.contentType())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(image.bytes())).build());
                if (uploaded instanceof Answered a) {
                    external.set("thumb", a.json().path("blob"));
                }
            }
        }
        return embed;
    }

    @Override
    public boolean supportsReplies() {
        return true;
    }

    /**
     * A reply post: the parent's {@code cid} (and its thread root, when the parent is itself a reply) are read with
     * {@code com.atproto.repo.getRecord}, then the post is created with {@code reply: {root, parent}} and the same
     * facets as any post. Bluesky keeps no idempotency key: an answer that may hide a success is unconfirmed.
     */
    @Override
    public PublishResult reply(ReplyRequest request) {
        String pds = request.account().baseUrl() == null || request.account().baseUrl().isBlank()
                ? DEFAULT_PDS : request.account().baseUrl().replaceAll("/+$", "");
        String key = request.account().brandId() + "/" + request.account().id();
        Matcher at = AT_URI.matcher(request.parentRemoteId());
        if (!at.matches()) {
            return new PublishResult.Rejected("not a Bluesky post URI: " + request.parentRemoteId());
        }
        final Session[] current = new Session[1];
        try {
            current[0] = session(pds, key, request.credentials());
        } catch (NoSession e) {
            return e.result;
        }
        Object parent = authed(pds, key, request.credentials(), current, s -> http.request(URI.create(pds
                + "/xrpc/com.atproto.repo.getRecord?repo=" + PlatformHttp.enc(at.group(1))
                + "&collection=" + PlatformHttp.enc(at.group(2)) + "&rkey=" + PlatformHttp.enc(at.group(3))))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(s.accessJwt())).GET().build());
        if (parent instanceof PublishResult failure) {
            return failure;
        }
        JsonNode found = ((Answered) parent).json();
        String parentCid = found.path("cid").asText("");
        if (parentCid.isEmpty()) {
            return PublishResult.RetryLater.of(null, "Bluesky answered getRecord without a cid");
        }
        JsonNode root = found.path("value").path("reply").path("root");
        ObjectNode record = Json.object().put("$type", "app.bsky.feed.post").put("text", request.text())
                .put("createdAt", http.clock().instant().toString());
        var facets = Facets.of(request.text(), handle -> resolveHandle(pds, handle));
        if (!facets.isEmpty()) {
            record.set("facets", facets);
        }
        if (request.language() != null) {
            record.putArray("langs").add(request.language());
        }
        ObjectNode reply = record.putObject("reply");
        if (root.hasNonNull("uri") && root.hasNonNull("cid")) {
            reply.putObject("root").put("uri", root.get("uri").asText()).put("cid", root.get("cid").asText());
        } else {
            reply.putObject("root").put("uri", request.parentRemoteId()).put("cid", parentCid);
        }
        reply.putObject("parent").put("uri", request.parentRemoteId()).put("cid", parentCid);
        var exchange = createRecord(pds, current[0], record);
        if (exchange instanceof Answered a && expired(a)) {
            try {
                current[0] = renew(pds, key, request.credentials(), current[0]);
            } catch (NoSession e) {
                return e.result;
            }
            exchange = createRecord(pds, current[0], record);
        }
        if (exchange instanceof Answered a && a.ok()) {
            String uri = a.json().path("uri").asText();
            String who = current[0].handle() != null ? current[0].handle() : current[0].did();
            return new PublishResult.Published(uri, "https://bsky.app/profile/" + who + "/post/"
                    + uri.substring(uri.lastIndexOf('/') + 1));
        }
        return http.classifyOnce(exchange, BlueskyPublisher::message);
    }

    private static final Pattern AT_URI = Pattern.compile("at://([^/]+)/([^/]+)/([^/?#]+)");

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
