package io.cmautopilot.publish.linkedin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.reply.NetworkReplier;
import io.cmautopilot.publish.reply.ReplyRequest;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LinkedIn replies, through the Community Management Comments API (learn.microsoft.com, "Comments API", "Create a
 * Comment"): {@code POST /rest/socialActions/{target}/comments} with {@code Linkedin-Version} and
 * {@code X-Restli-Protocol-Version: 2.0.0}. A reply to a comment is a nested comment: the target is the comment's
 * URN ({@code urn:li:comment:(urn:li:activity:…,…)}), {@code object} the post it hangs on and {@code parentComment}
 * the comment; a reply to a post mention is a top-level comment on that post. The actor is the organization (the
 * account's {@code externalId}); {@code message.text} uses the same reserved-character escaping as posts. The new
 * comment's URN is the {@code x-restli-id} header, or the body's {@code $URN}.
 */
public final class LinkedInReplies implements NetworkReplier {
    private static final Pattern COMMENT_URN = Pattern.compile("urn:li:comment:\\((urn:li:[a-zA-Z]+:[^,]+),([^)]+)\\)");
    private final PlatformHttp http;
    private final String baseUrl;
    private final String version;

    public LinkedInReplies(PlatformHttp http, String baseUrl, String version) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.version = version;
    }

    @Override
    public Network network() {
        return Network.LINKEDIN;
    }

    @Override
    public PublishResult reply(ReplyRequest request) {
        Optional<String> token = request.credentials().get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        Optional<String> actor = LinkedInPublisher.author(request.account().externalId());
        if (actor.isEmpty()) {
            return new PublishResult.Rejected("the LinkedIn account has no externalId (organization URN)");
        }
        String target = request.comment().externalId();
        Matcher m = COMMENT_URN.matcher(target);
        ObjectNode body = Json.object().put("actor", actor.get());
        if (m.matches()) {
            body.put("object", m.group(1)).put("parentComment", target);
        } else {
            body.put("object", target);
        }
        body.putObject("message").put("text", LinkedInPublisher.littleText(request.text()));
        var exchange = http.send(http.request(URI.create(baseUrl + "/rest/socialActions/"
                        + PlatformHttp.enc(target) + "/comments"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get()))
                .header("Linkedin-Version", version).header("X-Restli-Protocol-Version", "2.0.0")
                .header("Content-Type", "application/json").POST(PlatformHttp.json(body)).build());
        if (exchange instanceof Answered a && a.ok()) {
            String urn = a.header("x-restli-id").orElse(a.json().path("$URN").asText(null));
            if (urn == null || urn.isBlank()) {
                return new PublishResult.Unconfirmed("LinkedIn answered " + a.status() + " without the comment's URN");
            }
            String post = m.matches() ? m.group(1) : target;
            return new PublishResult.Published(urn, "https://www.linkedin.com/feed/update/" + post);
        }
        return http.classify(exchange, LinkedInPublisher::message);
    }

    /**
     * "Delete a Comment": {@code DELETE /rest/socialActions/{target}/comments/{commentId}?actor={actor}}, on the
     * target the reply was created on (the comment it answers); 204 when deleted.
     */
    @Override
    public PublishResult delete(Moderation request, String remoteId) {
        Optional<String> token = request.credentials().get("accessToken");
        Optional<String> actor = LinkedInPublisher.author(request.account().externalId());
        if (token.isEmpty() || actor.isEmpty()) {
            return new PublishResult.NeedsReconnect("the LinkedIn account has no token or organization");
        }
        String id = remoteId.startsWith("urn:li:comment:") ? remoteId.replaceAll(".*,([^)]+)\\)$", "$1") : remoteId;
        var exchange = http.send(http.request(URI.create(baseUrl + "/rest/socialActions/"
                        + PlatformHttp.enc(request.comment().externalId()) + "/comments/" + PlatformHttp.enc(id)
                        + "?actor=" + PlatformHttp.enc(actor.get())))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get()))
                .header("Linkedin-Version", version).header("X-Restli-Protocol-Version", "2.0.0").DELETE().build());
        if (exchange instanceof Answered a && a.ok()) {
            return new PublishResult.Published(remoteId, null);
        }
        return http.classify(exchange, LinkedInPublisher::message);
    }
}
