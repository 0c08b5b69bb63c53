package io.cmautopilot.publish.linkedin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.publish.MediaFetcher;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.ReplyRequest;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LinkedIn: {@code POST /rest/posts} (Posts API, versioned) with {@code Linkedin-Version: YYYYMM} and
 * {@code X-Restli-Protocol-Version: 2.0.0}; the new post's URN comes back in the {@code x-restli-id} header of the
 * 201. The author is the account's {@code externalId}: a full URN ({@code urn:li:organization:…} or
 * {@code urn:li:person:…}), or a bare number taken as an organization id. {@code commentary} is in LinkedIn's "little
 * text" format (learn.microsoft.com/linkedin/marketing/community-management/shares/little-text-format): a hashtag is
 * sent as the HashtagTemplate {@code {hashtag|\#|word}} so it stays clickable, a mention written in the format's own
 * MentionElement form {@code @[Name](urn:li:organization:123)} (or {@code urn:li:person:…}) is passed through, and
 * everywhere else the reserved characters {@code | { } @ [ ] ( ) < > # \ * _ ~} are backslash-escaped, or LinkedIn
 * cuts the text at the first one. LinkedIn publishes no rate headers (a 429 falls back to our backoff), and programmatic refresh
 * tokens are for approved partners only: a 401 asks for a reconnect.
 */
public final class LinkedInPublisher implements NetworkPublisher {
    /** The version pinned in core (PlatformVersions, with its sunset date); override with CM_LINKEDIN_VERSION. */
    public static final String DEFAULT_VERSION = io.cmautopilot.core.platform.PlatformVersions.LINKEDIN.version();
    private static final Pattern RESERVED = Pattern.compile("([|{}@\\[\\]()<>#\\\\*_~])");
    /** The Images API takes JPG, GIF and PNG; we refuse anything over 20 MB before uploading it. */
    static final int MAX_IMAGE_BYTES = 20 * 1024 * 1024;
    private final PlatformHttp http;
    private final String baseUrl;
    private final String version;
    private final MediaFetcher media;

    public LinkedInPublisher(PlatformHttp http, String baseUrl, String version, MediaFetcher media) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.version = version;
        this.media = media;
    }

    @Override
    public Network network() {
        return Network.LINKEDIN;
    }

    /**
     * A hashtag: '#' not glued to a word, URL fragment or another '#', then letters, digits or '_' with at least one
     * letter ({@code #1} stays text).
     */
    private static final Pattern HASHTAG = Pattern.compile(
            "(?<![\\p{L}\\p{N}_&/#\\\\])#([\\p{L}\\p{M}\\p{N}_]*\\p{L}[\\p{L}\\p{M}\\p{N}_]*)");
    /** A mention already in little-text form: {@code @[Name](urn:li:person|organization|organizationBrand:id)}. */
    private static final Pattern MENTION = Pattern.compile(
            "@\\[([^\\]\\n]{1,100})\\]\\((urn:li:(?:person|organization|organizationBrand):[A-Za-z0-9_-]{1,64})\\)");

    static String littleText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        Matcher mention = MENTION.matcher(text);
        int at = 0;
        while (mention.find()) {
            hashtags(text.substring(at, mention.start()), out);
            out.append("@[").append(escape(mention.group(1))).append("](").append(mention.group(2)).append(')');
            at = mention.end();
        }
        hashtags(text.substring(at), out);
        return out.toString();
    }

    private static void hashtags(String plain, StringBuilder out) {
        Matcher tag = HASHTAG.matcher(plain);
        int at = 0;
        while (tag.find()) {
            out.append(escape(plain.substring(at, tag.start())));
            out.append("{hashtag|\\#|").append(escape(tag.group(1))).append('}');
            at = tag.end();
        }
        out.append(escape(plain.substring(at)));
    }

    private static String escape(String plain) {
        return RESERVED.matcher(plain).replaceAll("\\\\$1");
    }

    static Optional<String> author(String externalId) {
        if (externalId == null || externalId.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(externalId.startsWith("urn:li:") ? externalId : "urn:li:organization:" + externalId);
    }

    @Override
    public PublishResult publish(PublishRequest request) {
        Optional<String> token = request.credentials().get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        Optional<String> author = author(request.account().externalId());
        if (author.isEmpty()) {
            return new PublishResult.Rejected("the LinkedIn account has no externalId (author URN)");
        }
        List<String[]> images = new ArrayList<>();
        for (Post.Media m : request.media()) {
            Object uploaded = upload(token.get(), author.get(), m);
            if (uploaded instanceof PublishResult failure) {
                return failure;
            }
            images.add(new String[]{(String) uploaded, m.altText()});
        }
        ObjectNode body = Json.object().put("author", author.get())
                .put("commentary", littleText(String.join("\n\n", request.parts())))
                .put("visibility", "PUBLIC").put("lifecycleState", "PUBLISHED")
                .put("isReshareDisabledByAuthor", false);
        if (images.size() == 1) {
            body.putObject("content").putObject("media").put("id", images.get(0)[0]).put("altText", images.get(0)[1]);
        } else if (images.size() > 1) {
            var list = body.putObject("content").putObject("multiImage").putArray("images");
            images.forEach(i -> list.addObject().put("id", i[0]).put("altText", i[1]));
        }
        ObjectNode distribution = body.putObject("distribution").put("feedDistribution", "MAIN_FEED");
        distribution.putArray("targetEntities");
        distribution.putArray("thirdPartyDistributionChannels");
        var exchange = http.send(http.request(URI.create(baseUrl + "/rest/posts"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get()))
                .header("Linkedin-Version", version).header("X-Restli-Protocol-Version", "2.0.0")
                .header("Content-Type", "application/json").POST(PlatformHttp.json(body)).build());
        if (exchange instanceof Answered a && a.ok()) {
            Optional<String> urn = a.header("x-restli-id");
            if (urn.isEmpty()) {
                return new PublishResult.Unconfirmed("LinkedIn answered " + a.status() + " without x-restli-id");
            }
            return new PublishResult.Published(urn.get(), "https://www.linkedin.com/feed/update/" + urn.get());
        }
        return http.classify(exchange, LinkedInPublisher::message);
    }

    /**
     * Images API: {@code POST /rest/images?action=initializeUpload} with {@code {initializeUploadRequest: {owner}}}
     * answers {@code {value: {uploadUrl, image}}}; the bytes are then PUT to {@code uploadUrl} with the same token.
     * The image URN goes into the post's {@code content.media.id} (one image, with {@code altText}) or
     * {@code content.multiImage.images[]}. An upload publishes nothing: anything short of a rejection is retried.
     */
    private Object upload(String token, String owner, Post.Media m) {
        MediaFetcher.Fetched image = media.fetch(m.url());
        if (!image.ok()) {
            return image.failure();
        }
        if (image.bytes().length > MAX_IMAGE_BYTES) {
            return new PublishResult.Rejected("image " + m.url() + " is larger than 20 MB");
        }
        ObjectNode init = Json.object();
        init.putObject("initializeUploadRequest").put("owner", owner);
        var exchange = http.send(rest(URI.create(baseUrl + "/rest/images?action=initializeUpload"), token)
                .header("Content-Type", "application/json").POST(PlatformHttp.json(init)).build());
        if (!(exchange instanceof Answered a && a.ok())) {
            return unsent(http.classify(exchange, LinkedInPublisher::message));
        }
        JsonNode value = a.json().path("value");
        String uploadUrl = value.path("uploadUrl").asText("");
        String urn = value.path("image").asText("");
        if (uploadUrl.isEmpty() || urn.isEmpty()) {
            return PublishResult.RetryLater.of(null, "LinkedIn answered initializeUpload without uploadUrl/image");
        }
        URI target = URI.create(uploadUrl);
        if (!"https".equals(target.getScheme()) && !baseUrl.startsWith("http://")) {
            return new PublishResult.Rejected("LinkedIn gave a non-https upload URL");
        }
        var put = http.send(http.request(target)
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Content-Type", image.contentType())
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(image.bytes())).build());
        if (!(put instanceof Answered p && p.ok())) {
            return unsent(http.classify(put, LinkedInPublisher::message));
        }
        return urn;
    }

    private static PublishResult unsent(PublishResult r) {
        return r instanceof PublishResult.Unconfirmed u ? PublishResult.RetryLater.of(null, u.reason()) : r;
    }

    private java.net.http.HttpRequest.Builder rest(URI uri, String token) {
        return http.request(uri).header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Linkedin-Version", version).header("X-Restli-Protocol-Version", "2.0.0");
    }

    @Override
    public boolean supportsReplies() {
        return true;
    }

    /**
     * A comment as the account (Comments API): {@code POST /rest/socialActions/{urn}/comments} with
     * {@code {actor, object, message: {text}}}; the new comment's URN comes back in {@code x-restli-id} (or the
     * body's {@code $URN}). LinkedIn keeps no idempotency key: an answer that may hide a success is unconfirmed.
     */
    @Override
    public PublishResult reply(ReplyRequest request) {
        Optional<String> token = request.credentials().get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        Optional<String> actor = author(request.account().externalId());
        if (actor.isEmpty()) {
            return new PublishResult.Rejected("the LinkedIn account has no externalId (author URN)");
        }
        ObjectNode body = Json.object().put("actor", actor.get()).put("object", request.parentRemoteId());
        body.putObject("message").put("text", request.text());
        var exchange = http.send(rest(URI.create(baseUrl + "/rest/socialActions/"
                + PlatformHttp.enc(request.parentRemoteId()) + "/comments"), token.get())
                .header("Content-Type", "application/json").POST(PlatformHttp.json(body)).build());
        if (exchange instanceof Answered a && a.ok()) {
            String urn = a.header("x-restli-id").orElse(a.json().path("$URN").asText(a.json().path("id").asText("")));
            return new PublishResult.Published(urn, "https://www.linkedin.com/feed/update/" + request.parentRemoteId());
        }
        return http.classifyOnce(exchange, LinkedInPublisher::message);
    }

    /** LinkedIn errors: {@code {status, serviceErrorCode, code, message}}. */
    static String message(Answered a) {
        JsonNode body = a.json();
        String code = body.path("code").asText("");
        String message = body.path("message").asText(a.body());
        return code.isEmpty() ? message : code + ": " + message;
    }
}
