package io.cmautopilot.publish.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.reply.NetworkReplier;
import io.cmautopilot.publish.reply.ReplyRequest;

import java.net.URI;

/**
 * Bluesky replies: {@code com.atproto.repo.createRecord} of an {@code app.bsky.feed.post} whose {@code reply} names
 * the parent (the comment) and the root of its thread, each as a strong reference {@code {uri, cid}} (docs.bsky.app,
 * "Posts": "replies"). The comment's cid and its thread root are read first with {@code app.bsky.feed.getPosts}
 * (through the PDS, which proxies it to the AppView): a post that is itself no reply is its own root. Sessions are
 * {@link BlueskyPublisher}'s, shared with publishing, so replying creates no extra sessions.
 */
public final class BlueskyReplies implements NetworkReplier {
    private final BlueskyPublisher bluesky;

    public BlueskyReplies(BlueskyPublisher bluesky) {
        this.bluesky = bluesky;
    }

    @Override
    public Network network() {
        return Network.BLUESKY;
    }

    @Override
    public PublishResult reply(ReplyRequest request) {
        PlatformHttp http = bluesky.http();
        String pds = request.account().baseUrl() == null || request.account().baseUrl().isBlank()
                ? BlueskyPublisher.DEFAULT_PDS : request.account().baseUrl().replaceAll("/+$", "");
        String key = request.account().brandId() + "/" + request.account().id();
        BlueskyPublisher.Session[] current = new BlueskyPublisher.Session[1];
        try {
            current[0] = bluesky.session(pds, key, request.credentials());
        } catch (BlueskyPublisher.NoSession e) {
            return e.result;
        }
        String uri = request.comment().externalId();
        Object read = bluesky.authed(pds, key, request.credentials(), current, s -> http.request(URI.create(pds
                        + "/xrpc/app.bsky.feed.getPosts?uris=" + PlatformHttp.enc(uri)))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(s.accessJwt())).GET().build());
        if (read instanceof PublishResult failure) {
            return failure;
        }
        JsonNode posts = ((Answered) read).json().path("posts");
        if (!posts.isArray() || posts.isEmpty()) {
            return new PublishResult.Rejected("the post " + uri + " is gone or not visible to this account");
        }
        JsonNode parent = posts.get(0);
        ObjectNode parentRef = Json.object().put("uri", parent.path("uri").asText(uri))
                .put("cid", parent.path("cid").asText());
        JsonNode root = parent.path("record").path("reply").path("root");
        ObjectNode rootRef = root.hasNonNull("uri") && root.hasNonNull("cid")
                ? Json.object().put("uri", root.get("uri").asText()).put("cid", root.get("cid").asText())
                : parentRef.deepCopy();

        ObjectNode record = Json.object().put("$type", "app.bsky.feed.post").put("text", request.text())
                .put("createdAt", http.clock().instant().toString());
        var facets = Facets.of(request.text(), handle -> bluesky.resolveHandle(pds, handle));
        if (!facets.isEmpty()) {
            record.set("facets", facets);
        }
        if (request.language() != null) {
            record.putArray("langs").add(request.language());
        }
        ObjectNode reply = record.putObject("reply");
        reply.set("root", rootRef);
        reply.set("parent", parentRef);
        var exchange = bluesky.createRecord(pds, current[0], record);
        if (exchange instanceof Answered a && BlueskyPublisher.expired(a)) {
            try {
                current[0] = bluesky.renew(pds, key, request.credentials(), current[0]);
            } catch (BlueskyPublisher.NoSession e) {
                return e.result;
            }
            exchange = bluesky.createRecord(pds, current[0], record);
        }
        if (exchange instanceof Answered a && a.ok()) {
            String created = a.json().path("uri").asText();
            String rkey = created.substring(created.lastIndexOf('/') + 1);
            String who = current[0].handle() != null ? current[0].handle() : current[0].did();
            return new PublishResult.Published(created, "https://bsky.app/profile/" + who + "/post/" + rkey);
        }
        return http.classify(exchange, BlueskyPublisher::message);
    }

    /** {@code com.atproto.repo.deleteRecord} of our post's record key, in our own repository. */
    @Override
    public PublishResult delete(Moderation request, String remoteId) {
        PlatformHttp http = bluesky.http();
        String pds = request.account().baseUrl() == null || request.account().baseUrl().isBlank()
                ? BlueskyPublisher.DEFAULT_PDS : request.account().baseUrl().replaceAll("/+$", "");
        String key = request.account().brandId() + "/" + request.account().id();
        BlueskyPublisher.Session[] current = new BlueskyPublisher.Session[1];
        try {
            current[0] = bluesky.session(pds, key, request.credentials());
        } catch (BlueskyPublisher.NoSession e) {
            return e.result;
        }
        String rkey = remoteId.substring(remoteId.lastIndexOf('/') + 1);
        Object r = bluesky.authed(pds, key, request.credentials(), current, s -> http.request(URI.create(pds
                        + "/xrpc/com.atproto.repo.deleteRecord"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(s.accessJwt()))
                .header("Content-Type", "application/json")
                .POST(PlatformHttp.json(java.util.Map.of("repo", s.did(), "collection", "app.bsky.feed.post",
                        "rkey", rkey))).build());
        return r instanceof PublishResult failure ? failure : new PublishResult.Published(remoteId, null);
    }
}
