package io.cmautopilot.publish.meta;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Facebook Page: text posts go to {@code POST /{page-id}/feed} ({@code message}); one image goes to
 * {@code POST /{page-id}/photos} ({@code url}, {@code caption}); several images are uploaded unpublished
 * ({@code published=false}) and attached to one feed post with {@code attached_media[i]={"media_fbid": …}}. The page
 * id is the account's {@code externalId}; the Page access token travels in the Authorization header, never in a URL.
 */
public final class FacebookPublisher implements NetworkPublisher {
    private final PlatformHttp http;
    private final String graphUrl;

    public FacebookPublisher(PlatformHttp http, String graphUrl) {
        this.http = http;
        this.graphUrl = graphUrl.replaceAll("/+$", "");
    }

    @Override
    public Network network() {
        return Network.FACEBOOK;
    }

    @Override
    public PublishResult publish(PublishRequest request) {
        Optional<String> token = request.credentials().get("pageAccessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no pageAccessToken stored for this account");
        }
        String pageId = request.account().externalId();
        if (pageId == null || pageId.isBlank()) {
            return new PublishResult.Rejected("the Facebook account has no externalId (page id)");
        }
        String message = String.join("\n\n", request.parts());
        List<Post.Media> media = request.media();
        if (media.size() == 1) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("url", media.get(0).url());
            form.put("caption", message);
            form.put("alt_text_custom", media.get(0).altText());
            var exchange = post(pageId + "/photos", form, token.get());
            if (exchange instanceof Answered a && a.ok()) {
                String id = a.json().path("post_id").asText(a.json().path("id").asText());
                return new PublishResult.Published(id, "https://www.facebook.com/" + id);
            }
            return Graph.classify(http, exchange);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("message", message);
        List<String> photoIds = new ArrayList<>();
        for (Post.Media m : media) {
            Map<String, String> photo = new LinkedHashMap<>();
            photo.put("url", m.url());
            photo.put("published", "false");
            photo.put("alt_text_custom", m.altText());
            var exchange = post(pageId + "/photos", photo, token.get());
            if (!(exchange instanceof Answered a && a.ok())) {
                // unpublished photos are invisible: nothing is out yet, the outcome is the upload's
                return Graph.classify(http, exchange);
            }
            photoIds.add(a.json().path("id").asText());
        }
        for (int i = 0; i < photoIds.size(); i++) {
            form.put("attached_media[" + i + "]", "{\"media_fbid\":\"" + photoIds.get(i) + "\"}");
        }
        var exchange = post(pageId + "/feed", form, token.get());
        if (exchange instanceof Answered a && a.ok()) {
            String id = a.json().path("id").asText();
            return new PublishResult.Published(id, "https://www.facebook.com/" + id);
        }
        return Graph.classify(http, exchange);
    }

    @Override
    public boolean supportsReplies() {
        return true;
    }

    /** A comment as the page: {@code POST /{post-or-comment-id}/comments} with {@code message}. */
    @Override
    public PublishResult reply(io.cmautopilot.publish.ReplyRequest request) {
        Optional<String> token = request.credentials().get("pageAccessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no pageAccessToken stored for this account");
        }
        PublishResult r = Graph.comment(http, graphUrl, request.parentRemoteId(), request.text(), token.get());
        return r instanceof PublishResult.Published p
                ? new PublishResult.Published(p.remoteId(), "https://www.facebook.com/" + p.remoteId()) : r;
    }

    private PlatformHttp.Exchange post(String path, Map<String, String> form, String token) {
        return http.send(http.request(URI.create(graphUrl + "/" + path))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(PlatformHttp.form(form)).build());
    }
}
