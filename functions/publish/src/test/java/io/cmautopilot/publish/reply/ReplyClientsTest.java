package io.cmautopilot.publish.reply;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.reply.Reply;
import io.cmautopilot.core.reply.ReplyText;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.publish.MediaFetcher;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.bluesky.BlueskyPublisher;
import io.cmautopilot.publish.bluesky.BlueskyReplies;
import io.cmautopilot.publish.linkedin.LinkedInReplies;
import io.cmautopilot.publish.local.LocalSinkReplies;
import io.cmautopilot.publish.mastodon.MastodonReplies;
import io.cmautopilot.publish.meta.MetaReplies;
import io.cmautopilot.publish.x.XPublisher;
import io.cmautopilot.publish.x.XReplies;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Each network's reply call against WireMock, with the request and error shapes its documentation gives. */
class ReplyClientsTest {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    @RegisterExtension
    static WireMockExtension api = WireMocks.server();
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);
    final PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), clock, Duration.ofSeconds(5));

    static Comment comment(Network network, String externalId, String authorHandle) {
        return Comment.received("C1", "acme", "a1", network, externalId, null, null,
                new Comment.Author("u1", authorHandle, "Jane"), "where is my parcel?", "en", T0, T0,
                "https://example.test/c", Comment.Kind.COMMENT);
    }

    ReplyRequest request(Network network, String externalId, String authorHandle, String accountExternalId,
                         String baseUrl, Map<String, String> credentials, String text) {
        Comment c = comment(network, externalId, authorHandle);
        Account account = new Account("a1", "acme", network, "acme", accountExternalId, baseUrl, "ref-a1",
                Account.Status.ACTIVE, Map.of(), T0);
        Reply reply = new Reply("reply-01JREPLY", "acme", "C1", network, externalId, "a1", network, text, null,
                TargetStatus.PUBLISHING, 1, null, null, null, T0, T0, null);
        return new ReplyRequest(reply, c, account, new Credentials("ref-a1", credentials, null),
                ReplyText.compose(network, c.author(), text), "en");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void mastodon_replies_in_reply_to_the_status_mentioning_the_author_with_a_stable_idempotency_key() {
        ReplyRequest r = request(Network.MASTODON, "109876", "jane@social.example", null, api.baseUrl(),
                Map.of("accessToken", "tok"), "It left this morning.");
        api.stubFor(post("/api/v1/statuses").willReturn(okJson(
                "{\"id\":\"110001\",\"url\":\"https://m.example/@acme/110001\",\"in_reply_to_id\":\"109876\"}")));

        PublishResult result = new MastodonReplies(http).reply(r);

        assertThat(result).isEqualTo(new PublishResult.Published("110001", "https://m.example/@acme/110001"));
        api.verify(postRequestedFor(urlEqualTo("/api/v1/statuses"))
                .withHeader("Authorization", equalTo("Bearer tok"))
                .withHeader("Idempotency-Key", equalTo(r.idempotencyKey()))
                .withRequestBody(equalToJson("{\"status\":\"@jane@social.example It left this morning.\","
                        + "\"in_reply_to_id\":\"109876\",\"language\":\"en\"}")));
        assertThat(new MastodonReplies(http).deduplicates()).isTrue();
    }

    @Test
    void mastodon_errors_are_classified_with_the_instances_message_and_reset() {
        MastodonReplies replies = new MastodonReplies(http);
        ReplyRequest r = request(Network.MASTODON, "109876", "jane", null, api.baseUrl(),
                Map.of("accessToken", "tok"), "hi");
        api.stubFor(post("/api/v1/statuses").willReturn(json(422,
                "{\"error\":\"Validation failed: Text character limit of 500 exceeded\"}")));
        assertThat(replies.reply(r)).isEqualTo(new PublishResult.Rejected(
                "HTTP 422: Validation failed: Text character limit of 500 exceeded"));

        api.stubFor(post("/api/v1/statuses").willReturn(json(429, "{\"error\":\"Too many requests\"}")
                .withHeader("X-RateLimit-Reset", "2026-12-01T08:05:00.000Z")));
        assertThat(replies.reply(r)).isInstanceOfSatisfying(PublishResult.RetryLater.class,
                retry -> assertThat(retry.notBefore()).isEqualTo(Instant.parse("2026-12-01T08:05:00Z")));

        api.stubFor(post("/api/v1/statuses").willReturn(json(401, "{\"error\":\"The access token is invalid\"}")));
        assertThat(replies.reply(r)).isInstanceOf(PublishResult.NeedsReconnect.class);
    }

    @Test
    void bluesky_replies_with_the_comment_as_parent_and_its_thread_root_resolved_from_the_appview() {
        String comment = "at://did:plc:jane/app.bsky.feed.post/3kcomment";
        api.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(okJson(
                "{\"accessJwt\":\"acc\",\"refreshJwt\":\"ref\",\"did\":\"did:plc:acme\",\"handle\":\"acme.bsky.social\"}")));
        api.stubFor(get(urlPathEqualTo("/xrpc/app.bsky.feed.getPosts")).willReturn(okJson("{\"posts\":[{\"uri\":\""
                + comment + "\",\"cid\":\"bafycomment\",\"author\":{\"did\":\"did:plc:jane\"},\"record\":{\"$type\":"
                + "\"app.bsky.feed.post\",\"text\":\"where?\",\"reply\":{\"root\":{\"uri\":\"at://did:plc:acme/"
                + "app.bsky.feed.post/3kroot\",\"cid\":\"bafyroot\"},\"parent\":{\"uri\":\"at://did:plc:acme/"
                + "app.bsky.feed.post/3kroot\",\"cid\":\"bafyroot\"}}}}]}")));
        api.stubFor(post("/xrpc/com.atproto.repo.createRecord").willReturn(okJson(
                "{\"uri\":\"at://did:plc:acme/app.bsky.feed.post/3kreply\",\"cid\":\"bafyreply\"}")));
        BlueskyPublisher bluesky = new BlueskyPublisher(http, new MediaFetcher(HttpClient.newHttpClient(), http));

        PublishResult result = new BlueskyReplies(bluesky).reply(request(Network.BLUESKY, comment, "jane.bsky.social",
                "did:plc:acme", api.baseUrl(), Map.of("identifier", "acme.bsky.social", "appPassword", "pw"),
                "It left this morning."));

        assertThat(result).isEqualTo(new PublishResult.Published("at://did:plc:acme/app.bsky.feed.post/3kreply",
                "https://bsky.app/profile/acme.bsky.social/post/3kreply"));
        api.verify(postRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.createRecord"))
                .withHeader("Authorization", equalTo("Bearer acc"))
                .withRequestBody(matchingJsonPath("$.repo", equalTo("did:plc:acme")))
                .withRequestBody(matchingJsonPath("$.record.reply.parent.uri", equalTo(comment)))
                .withRequestBody(matchingJsonPath("$.record.reply.parent.cid", equalTo("bafycomment")))
                .withRequestBody(matchingJsonPath("$.record.reply.root.uri",
                        equalTo("at://did:plc:acme/app.bsky.feed.post/3kroot")))
                .withRequestBody(matchingJsonPath("$.record.reply.root.cid", equalTo("bafyroot"))));
    }

    @Test
    void bluesky_a_top_level_post_is_its_own_root_and_a_vanished_post_is_rejected() {
        String comment = "at://did:plc:jane/app.bsky.feed.post/3kmention";
        api.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(okJson(
                "{\"accessJwt\":\"acc\",\"refreshJwt\":\"ref\",\"did\":\"did:plc:acme\",\"handle\":\"acme.bsky.social\"}")));
        api.stubFor(get(urlPathEqualTo("/xrpc/app.bsky.feed.getPosts")).willReturn(okJson("{\"posts\":[{\"uri\":\""
                + comment + "\",\"cid\":\"bafymention\",\"record\":{\"text\":\"@acme hi\"}}]}")));
        api.stubFor(post("/xrpc/com.atproto.repo.createRecord").willReturn(okJson(
                "{\"uri\":\"at://did:plc:acme/app.bsky.feed.post/3kr\",\"cid\":\"c\"}")));
        BlueskyPublisher bluesky = new BlueskyPublisher(http, new MediaFetcher(HttpClient.newHttpClient(), http));
        ReplyRequest r = request(Network.BLUESKY, comment, "jane.bsky.social", "did:plc:acme", api.baseUrl(),
                Map.of("identifier", "acme.bsky.social", "appPassword", "pw"), "Hello!");

        assertThat(new BlueskyReplies(bluesky).reply(r)).isInstanceOf(PublishResult.Published.class);
        api.verify(postRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.createRecord"))
                .withRequestBody(matchingJsonPath("$.record.reply.root.uri", equalTo(comment)))
                .withRequestBody(matchingJsonPath("$.record.reply.parent.cid", equalTo("bafymention"))));

        api.stubFor(get(urlPathEqualTo("/xrpc/app.bsky.feed.getPosts")).willReturn(okJson("{\"posts\":[]}")));
        assertThat(new BlueskyReplies(bluesky).reply(r)).isInstanceOf(PublishResult.Rejected.class);
    }

    @Test
    void x_replies_with_in_reply_to_tweet_id_and_keeps_xs_refusal() {
        XReplies replies = new XReplies(new XPublisher(http, api.baseUrl(),
                new io.cmautopilot.publish.MediaFetcher(java.net.http.HttpClient.newHttpClient(), http)));
        ReplyRequest r = request(Network.X, "1861000000000000009", "jane", "42", null,
                Map.of("accessToken", "user-token"), "It left this morning.");
        api.stubFor(post("/2/tweets").willReturn(json(201,
                "{\"data\":{\"id\":\"1861000000000000010\",\"text\":\"It left this morning.\"}}")));

        assertThat(replies.reply(r)).isEqualTo(new PublishResult.Published("1861000000000000010",
                "https://x.com/acme/status/1861000000000000010"));
        api.verify(postRequestedFor(urlEqualTo("/2/tweets")).withHeader("Authorization", equalTo("Bearer user-token"))
                .withRequestBody(equalToJson("{\"text\":\"It left this morning.\",\"reply\":"
                        + "{\"in_reply_to_tweet_id\":\"1861000000000000009\"}}")));

        api.stubFor(post("/2/tweets").willReturn(json(403, "{\"detail\":\"Reply to this conversation is not allowed "
                + "because you have not been mentioned or otherwise engaged by the author of the post you are "
                + "replying to.\",\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}")));
        assertThat(replies.reply(r)).isInstanceOfSatisfying(PublishResult.Rejected.class,
                rejected -> assertThat(rejected.reason()).startsWith("HTTP 403: Reply to this conversation"));

        api.stubFor(post("/2/tweets").willReturn(json(429, "{\"title\":\"Too Many Requests\",\"status\":429}")
                .withHeader("x-rate-limit-reset", "1796112300")));
        assertThat(replies.reply(r)).isInstanceOfSatisfying(PublishResult.RetryLater.class,
                retry -> assertThat(retry.notBefore()).isEqualTo(Instant.ofEpochSecond(1796112300)));
    }

    @Test
    void linkedin_replies_with_a_nested_comment_through_the_comments_api() {
        String commentUrn = "urn:li:comment:(urn:li:activity:7100000000000000001,7100000000000000002)";
        String path = "/rest/socialActions/" + URLEncoder.encode(commentUrn, StandardCharsets.UTF_8) + "/comments";
        api.stubFor(post(urlEqualTo(path)).willReturn(json(201, "{\"actor\":\"urn:li:organization:2414183\"}")
                .withHeader("x-restli-id", "7100000000000000003")));
        LinkedInReplies replies = new LinkedInReplies(http, api.baseUrl(), "202510");

        PublishResult result = replies.reply(request(Network.LINKEDIN, commentUrn, null, "2414183", null,
                Map.of("accessToken", "li-token"), "Thanks (we check) #service"));

        assertThat(result).isEqualTo(new PublishResult.Published("7100000000000000003",
                "https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000001"));
        api.verify(postRequestedFor(urlEqualTo(path)).withHeader("Linkedin-Version", equalTo("202510"))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withHeader("Authorization", equalTo("Bearer li-token"))
                .withRequestBody(equalToJson("{\"actor\":\"urn:li:organization:2414183\",\"object\":"
                        + "\"urn:li:activity:7100000000000000001\",\"parentComment\":\"" + commentUrn + "\","
                        + "\"message\":{\"text\":\"Thanks \\\\(we check\\\\) {hashtag|\\\\#|service}\"}}")));

        api.stubFor(post(urlEqualTo(path)).willReturn(json(403, "{\"status\":403,\"serviceErrorCode\":100,"
                + "\"code\":\"ACCESS_DENIED\",\"message\":\"Not enough permissions to access: partnerApiSocialActions\"}")));
        assertThat(replies.reply(request(Network.LINKEDIN, commentUrn, null, "2414183", null,
                Map.of("accessToken", "li-token"), "x"))).isEqualTo(new PublishResult.Rejected(
                "HTTP 403: ACCESS_DENIED: Not enough permissions to access: partnerApiSocialActions"));
    }

    @Test
    void facebook_replies_on_the_comments_edge_of_the_comment_with_the_page_token() {
        MetaReplies replies = new MetaReplies(Network.FACEBOOK, http, api.baseUrl());
        api.stubFor(post("/123_456/comments").willReturn(okJson("{\"id\":\"123_789\"}")));
        ReplyRequest r = request(Network.FACEBOOK, "123_456", "Jane", "123", null,
                Map.of("pageAccessToken", "page-token"), "It left this morning.");

        assertThat(replies.reply(r)).isEqualTo(new PublishResult.Published("123_789",
                "https://www.facebook.com/123_789"));
        api.verify(postRequestedFor(urlEqualTo("/123_456/comments"))
                .withHeader("Authorization", equalTo("Bearer page-token"))
                .withRequestBody(equalTo("message=It+left+this+morning.")));

        api.stubFor(post("/123_456/comments").willReturn(json(400, "{\"error\":{\"message\":\"Error validating access "
                + "token: Session has expired\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,"
                + "\"fbtrace_id\":\"AbC\"}}")));
        assertThat(replies.reply(r)).isInstanceOf(PublishResult.NeedsReconnect.class);

        api.stubFor(post("/123_456/comments").willReturn(json(400, "{\"error\":{\"message\":\"Calls to this api have "
                + "exceeded the rate limit.\",\"type\":\"OAuthException\",\"code\":613,\"fbtrace_id\":\"AbC\"}}")));
        assertThat(replies.reply(r)).isInstanceOf(PublishResult.RetryLater.class);
    }

    @Test
    void instagram_replies_on_the_replies_edge_of_the_ig_comment() {
        MetaReplies replies = new MetaReplies(Network.INSTAGRAM, http, api.baseUrl());
        api.stubFor(post("/17890000000000001/replies").willReturn(okJson("{\"id\":\"17890000000000002\"}")));
        ReplyRequest r = request(Network.INSTAGRAM, "17890000000000001", "jane", "1784", null,
                Map.of("accessToken", "ig-token"), "Merci !");

        assertThat(replies.reply(r)).isEqualTo(new PublishResult.Published("17890000000000002",
                "https://example.test/c"));
        api.verify(postRequestedFor(urlEqualTo("/17890000000000001/replies"))
                .withHeader("Authorization", equalTo("Bearer ig-token"))
                .withRequestBody(equalTo("message=Merci+%21")));

        api.stubFor(post("/17890000000000001/replies").willReturn(json(400, "{\"error\":{\"message\":\"Invalid "
                + "parameter\",\"type\":\"OAuthException\",\"code\":100,\"error_subcode\":2534023,"
                + "\"fbtrace_id\":\"A\"}}")));
        assertThat(replies.reply(r)).isInstanceOfSatisfying(PublishResult.Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("Invalid parameter", "100/2534023"));
    }

    NetworkReplier.Moderation moderation(ReplyRequest r) {
        return new NetworkReplier.Moderation(r.comment(), r.account(), r.credentials());
    }

    @Test
    void x_hides_a_reply_with_the_hidden_replies_endpoint_and_deletes_our_post() {
        XReplies replies = new XReplies(new XPublisher(http, api.baseUrl(),
                new io.cmautopilot.publish.MediaFetcher(java.net.http.HttpClient.newHttpClient(), http)));
        ReplyRequest r = request(Network.X, "1861000000000000009", "jane", "42", null,
                Map.of("accessToken", "user-token"), "x");
        api.stubFor(put("/2/tweets/1861000000000000009/hidden").willReturn(okJson("{\"data\":{\"hidden\":true}}")));
        api.stubFor(delete("/2/tweets/1861000000000000010").willReturn(okJson("{\"data\":{\"deleted\":true}}")));

        assertThat(replies.canHide()).isTrue();
        assertThat(replies.hide(moderation(r), true)).isInstanceOf(PublishResult.Published.class);
        api.verify(putRequestedFor(urlEqualTo("/2/tweets/1861000000000000009/hidden"))
                .withHeader("Authorization", equalTo("Bearer user-token"))
                .withRequestBody(equalToJson("{\"hidden\":true}")));
        assertThat(replies.delete(moderation(r), "1861000000000000010")).isInstanceOf(PublishResult.Published.class);

        api.stubFor(put("/2/tweets/1861000000000000009/hidden").willReturn(json(403, "{\"detail\":\"You can only "
                + "hide or unhide replies to conversations you authored.\",\"title\":\"Forbidden\",\"status\":403}")));
        assertThat(replies.hide(moderation(r), true)).isInstanceOfSatisfying(PublishResult.Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("conversations you authored"));
    }

    @Test
    void instagram_hides_with_hide_and_deletes_with_delete_on_the_ig_comment() {
        MetaReplies replies = new MetaReplies(Network.INSTAGRAM, http, api.baseUrl());
        ReplyRequest r = request(Network.INSTAGRAM, "17890000000000001", "jane", "1784", null,
                Map.of("accessToken", "ig-token"), "x");
        api.stubFor(post("/17890000000000001").willReturn(okJson("{\"success\":true}")));
        api.stubFor(delete("/17890000000000002").willReturn(okJson("{\"success\":true}")));

        assertThat(replies.hide(moderation(r), true)).isInstanceOf(PublishResult.Published.class);
        api.verify(postRequestedFor(urlEqualTo("/17890000000000001")).withRequestBody(equalTo("hide=true")));
        assertThat(replies.delete(moderation(r), "17890000000000002")).isInstanceOf(PublishResult.Published.class);
        api.verify(deleteRequestedFor(urlEqualTo("/17890000000000002"))
                .withHeader("Authorization", equalTo("Bearer ig-token")));
    }

    @Test
    void bluesky_deletes_our_record_and_linkedin_our_comment_and_neither_can_hide() {
        api.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(okJson(
                "{\"accessJwt\":\"acc\",\"refreshJwt\":\"ref\",\"did\":\"did:plc:acme\",\"handle\":\"acme.bsky.social\"}")));
        api.stubFor(post("/xrpc/com.atproto.repo.deleteRecord").willReturn(okJson("{}")));
        BlueskyReplies bluesky = new BlueskyReplies(new BlueskyPublisher(http,
                new MediaFetcher(HttpClient.newHttpClient(), http)));
        ReplyRequest b = request(Network.BLUESKY, "at://did:plc:jane/app.bsky.feed.post/3kc", "jane", "did:plc:acme",
                api.baseUrl(), Map.of("identifier", "acme.bsky.social", "appPassword", "pw"), "x");
        assertThat(bluesky.delete(moderation(b), "at://did:plc:acme/app.bsky.feed.post/3kreply"))
                .isInstanceOf(PublishResult.Published.class);
        api.verify(postRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.deleteRecord"))
                .withRequestBody(equalToJson("{\"repo\":\"did:plc:acme\",\"collection\":\"app.bsky.feed.post\","
                        + "\"rkey\":\"3kreply\"}")));
        assertThat(bluesky.canHide()).isFalse();
        assertThat(bluesky.hide(moderation(b), true)).isInstanceOfSatisfying(PublishResult.Rejected.class,
                rejected -> assertThat(rejected.reason()).startsWith("bluesky:"));

        String commentUrn = "urn:li:comment:(urn:li:activity:71,72)";
        String path = "/rest/socialActions/" + URLEncoder.encode(commentUrn, StandardCharsets.UTF_8)
                + "/comments/73?actor=" + URLEncoder.encode("urn:li:organization:2414183", StandardCharsets.UTF_8);
        api.stubFor(delete(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        LinkedInReplies linkedin = new LinkedInReplies(http, api.baseUrl(), "202510");
        ReplyRequest l = request(Network.LINKEDIN, commentUrn, null, "2414183", null, Map.of("accessToken", "li"), "x");
        assertThat(linkedin.delete(moderation(l), "73")).isInstanceOf(PublishResult.Published.class);
        api.verify(deleteRequestedFor(urlEqualTo(path)).withHeader("Linkedin-Version", equalTo("202510")));
    }

    @Test
    void the_local_sink_writes_one_file_per_reply_however_often_it_is_sent() throws Exception {
        LocalSinkReplies sink = new LocalSinkReplies(dir, clock);
        ReplyRequest r = request(Network.LOCAL, "local-1", "jane", null, null, Map.of(), "Thanks!");

        assertThat(sink.reply(r)).isInstanceOf(PublishResult.Published.class);
        assertThat(sink.reply(r)).isInstanceOf(PublishResult.Published.class);

        try (var files = Files.list(dir.resolve("replies"))) {
            assertThat(files.toList()).singleElement()
                    .satisfies(f -> assertThat(Files.readString(f)).contains("\"inReplyTo\" : \"local-1\""));
        }
    }
}
