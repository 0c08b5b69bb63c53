package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.reply.Reply;
import io.cmautopilot.core.reply.ReplyStore;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.mastodon.MastodonReplies;
import io.cmautopilot.publish.meta.MetaReplies;
import io.cmautopilot.publish.reply.InboxActions;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.HttpEvents;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Hide, unhide and delete through the API, on the platforms (WireMock) and in the table. */
class InboxModerationTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension platform = WireMocks.server();
    @TempDir
    Path dir;
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    Table table;
    CommentStore comments;
    ReplyStore replies;
    ApiHandler handler;

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        comments = new CommentStore(table);
        replies = new ReplyStore(table);
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        brands.createAccount(new Account("fb", "acme", Network.FACEBOOK, "Acme", "104017082474153", null,
                secrets.createMap("acme/fb", Map.of("pageAccessToken", "page-token")), Account.Status.ACTIVE,
                Map.of(), NOW));
        brands.createAccount(new Account("md", "acme", Network.MASTODON, "@acme", "1", platform.baseUrl(),
                secrets.createMap("acme/md", Map.of("accessToken", "md-token")), Account.Status.ACTIVE, Map.of(), NOW));
        PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofSeconds(5));
        InboxActions actions = new InboxActions(brands, secrets, List.of(
                new MetaReplies(Network.FACEBOOK, http, platform.baseUrl()), new MastodonReplies(http)));
        handler = new ApiHandler(List.of(new CommentRoutes(brands, comments, new InboxRoutes(brands,
                new InboxStore(table), replies, new RecordingBus(), Clock.fixed(NOW, ZoneOffset.UTC), actions))));
    }

    Comment comment(Network network, String accountId, String externalId) {
        Comment c = Comment.received(Ids.next(), "acme", accountId, network, externalId, null, null,
                new Comment.Author("u1", "jane", "Jane"), "spam spam", "en", NOW, NOW, null, Comment.Kind.COMMENT);
        comments.insert(c, io.cmautopilot.core.comment.CommentStore.Origin.relay(c.brandId()));
        return c;
    }

    record Answer(int status, JsonNode body) {
    }

    Answer call(HttpEvents e) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(e.build(), null);
        return new Answer(r.getStatusCode(), Json.tree(r.getBody()));
    }

    Answer action(String id, String verb) {
        return call(HttpEvents.request("POST", "/v1/brands/{brand}/comments/{id}/" + verb).path("brand", "acme")
                .path("id", id).header("X-CM-User", "sam@acme.example"));
    }

    Answer get(String id) {
        return call(HttpEvents.request("GET", "/v1/brands/{brand}/comments/{id}").path("brand", "acme").path("id", id));
    }

    @Test
    void a_facebook_comment_is_hidden_and_shown_again_on_the_page_and_in_the_inbox() {
        Comment c = comment(Network.FACEBOOK, "fb", "122145678901234567_1234567890123456");
        platform.stubFor(post("/122145678901234567_1234567890123456").willReturn(okJson("{\"success\":true}")));

        Answer hidden = action(c.id(), "hide");

        assertThat(hidden.status()).isEqualTo(200);
        assertThat(hidden.body().get("visibility").asText()).isEqualTo("hidden");
        assertThat(hidden.body().get("hiddenReason").get("by").asText()).isEqualTo("person:sam@acme.example");
        platform.verify(postRequestedFor(urlEqualTo("/122145678901234567_1234567890123456"))
                .withHeader("Authorization", equalTo("Bearer page-token")).withRequestBody(equalTo("is_hidden=true")));

        Answer shown = action(c.id(), "unhide");
        assertThat(shown.body().get("visibility").asText()).isEqualTo("visible");
        assertThat(shown.body().get("hiddenReason").isNull()).isTrue();
        platform.verify(postRequestedFor(urlEqualTo("/122145678901234567_1234567890123456"))
                .withRequestBody(equalTo("is_hidden=false")));
    }

    @Test
    void a_refusal_by_meta_is_422_with_its_message_and_the_comment_stays_visible() {
        Comment c = comment(Network.FACEBOOK, "fb", "1_2");
        platform.stubFor(post("/1_2").willReturn(aResponse().withStatus(403).withHeader("Content-Type",
                "application/json").withBody("{\"error\":{\"message\":\"(#10) This endpoint requires the "
                + "'pages_manage_engagement' permission\",\"type\":\"OAuthException\",\"code\":10,\"fbtrace_id\":\"A\"}}")));

        Answer a = action(c.id(), "hide");

        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().get("message").asText()).startsWith("facebook refused:").contains("pages_manage_engagement");
        assertThat(get(c.id()).body().get("visibility").asText()).isEqualTo("visible");
    }

    @Test
    void hiding_where_the_network_cannot_is_422_naming_it() {
        Comment c = comment(Network.MASTODON, "md", "109876");
        Answer a = action(c.id(), "hide");
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().get("message").asText()).startsWith("mastodon:");
    }

    Reply published(Comment c, String accountId, String remoteId) {
        Reply r = replies.create(c, accountId, "Thanks!", null, null, NOW).reply();
        PostStore posts = new PostStore(table);
        PostTarget due = posts.dueTargets(NOW.plusSeconds(1), 10).stream().filter(t -> t.postId().equals(r.id()))
                .findFirst().orElseThrow();
        PostTarget claimed = posts.claim(due, "test", NOW, NOW.plusSeconds(300)).orElseThrow();
        assertThat(posts.finish(claimed, "test", PostStore.Outcome.published(remoteId, null), NOW)).isTrue();
        return r;
    }

    Answer deleteReply(String commentId, String replyId) {
        return call(HttpEvents.request("DELETE", "/v1/brands/{brand}/comments/{id}/replies/{replyId}")
                .path("brand", "acme").path("id", commentId).path("replyId", replyId));
    }

    @Test
    void a_published_reply_is_deleted_on_the_network_and_shows_deleted() {
        Comment c = comment(Network.MASTODON, "md", "109876");
        Reply r = published(c, "md", "110001");
        platform.stubFor(delete("/api/v1/statuses/110001").willReturn(okJson("{\"id\":\"110001\"}")));

        Answer a = deleteReply(c.id(), r.id());

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("status").asText()).isEqualTo("DELETED");
        platform.verify(deleteRequestedFor(urlEqualTo("/api/v1/statuses/110001"))
                .withHeader("Authorization", equalTo("Bearer md-token")));
        assertThat(get(c.id()).body().get("replies").get(0).get("status").asText()).isEqualTo("DELETED");
        // again: nothing more is sent
        assertThat(deleteReply(c.id(), r.id()).status()).isEqualTo(200);
        platform.verify(1, deleteRequestedFor(urlEqualTo("/api/v1/statuses/110001")));
    }

    @Test
    void a_queued_reply_is_cancelled_before_it_leaves_and_unknown_replies_are_404() {
        Comment c = comment(Network.MASTODON, "md", "109877");
        Reply r = replies.create(c, "md", "Thanks!", null, null, NOW).reply();

        Answer a = deleteReply(c.id(), r.id());

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(new PostStore(table).dueTargets(NOW.plusSeconds(60), 10)).isEmpty();
        assertThat(deleteReply(c.id(), "reply-UNKNOWN").status()).isEqualTo(404);
        Comment other = comment(Network.MASTODON, "md", "109878");
        assertThat(deleteReply(other.id(), r.id()).status()).as("a reply of another comment").isEqualTo(404);
    }
}
