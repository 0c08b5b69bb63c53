package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.reply.ReplyStore;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.HttpEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET …/comments/{id}} carries the thread: our post the comment is on and the comment it answers. */
class CommentThreadTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    Table table;
    CommentStore comments;
    PostStore posts;
    ApiHandler handler;

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        comments = new CommentStore(table);
        posts = new PostStore(table);
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        brands.create(new Brand("other", "Other", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        for (String brand : List.of("acme", "other")) {
            brands.createAccount(new Account(brand + "-masto", brand, Network.MASTODON, "@" + brand, "ext-" + brand,
                    "https://m.example", null, Account.Status.ACTIVE, Map.of(), NOW));
        }
        handler = new ApiHandler(List.of(new CommentRoutes(brands, comments, new InboxRoutes(brands,
                new InboxStore(table), new ReplyStore(table), new RecordingBus(), Clock.fixed(NOW, ZoneOffset.UTC)))));
    }

    /** A post published on Mastodon, as the publisher records it (target finished with its remote id and URL). */
    String published(String brand, String text, String remoteId) {
        String id = Ids.next();
        Instant at = NOW.minusSeconds(7200);
        posts.create(Post.builder().id(id).brandId(brand).text(text).publishAt(at).zone(ZoneId.of("Europe/Paris"))
                .createdAt(at.minusSeconds(60)).targets(List.of(PostTarget.scheduled(id, brand, brand + "-masto",
                        Network.MASTODON, at, at.minusSeconds(60)))).build());
        PostTarget claimed = posts.claim(posts.get(id).orElseThrow().targets().get(0), "tick", at, at.plusSeconds(60))
                .orElseThrow();
        assertThat(posts.finish(claimed, "tick", PostStore.Outcome.published(remoteId,
                "https://m.example/@" + brand + "/" + remoteId), at)).isTrue();
        return id;
    }

    /** A comment stored as intake stores it: the post resolved through the brand's remote-id reference. */
    Comment stored(String brand, CommentStore.Origin origin, String externalId, String parentExternalId,
                   String postRemoteId, String postIdOverride, String author, String text, Instant received) {
        String postId = postIdOverride != null ? postIdOverride : postRemoteId == null ? null
                : posts.findByRemoteId(brand, Network.MASTODON, postRemoteId).map(PostStore.RemoteRef::postId)
                .orElse(null);
        Comment c = Comment.received(Ids.next(), brand, brand + "-masto", Network.MASTODON, externalId,
                parentExternalId, postId, new Comment.Author("u-" + author, author + "@social.example", author),
                text, "en", received.minusSeconds(5), received, "https://social.example/@" + author + "/" + externalId,
                parentExternalId == null || parentExternalId.equals(postRemoteId) ? Comment.Kind.COMMENT
                        : Comment.Kind.REPLY);
        assertThat(comments.insert(c, origin)).isTrue();
        return c;
    }

    JsonNode get(String brand, String id) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(HttpEvents.request("GET",
                "/v1/brands/{brand}/comments/{id}").path("brand", brand).path("id", id).build(), null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        return Json.tree(r.getBody());
    }

    @Test
    void a_reply_on_our_post_shows_the_post_and_the_comment_it_answers() {
        CommentStore.Origin origin = CommentStore.Origin.account("acme", "acme-masto");
        String postId = published("acme", "Our winter collection is out", "109");
        Comment parent = stored("acme", origin, "201", "109", "109", null, "Jane", "Where can I buy it?",
                NOW.minusSeconds(600));
        Comment reply = stored("acme", origin, "202", "201", "109", null, "Bob", "Same question <b>here</b>",
                NOW.minusSeconds(300));

        JsonNode thread = get("acme", reply.id()).get("thread");

        assertThat(thread.at("/post/id").asText()).isEqualTo(postId);
        assertThat(thread.at("/post/text").asText()).isEqualTo("Our winter collection is out");
        assertThat(thread.at("/post/url").asText()).isEqualTo("https://m.example/@acme/109");
        assertThat(thread.at("/parent/id").asText()).isEqualTo(parent.id());
        assertThat(thread.at("/parent/text").asText()).isEqualTo("Where can I buy it?");
        assertThat(thread.at("/parent/author/name").asText()).isEqualTo("Jane");
        assertThat(thread.at("/parent/author/handle").asText()).isEqualTo("Jane@social.example");
        assertThat(thread.at("/parent/receivedAt").asText()).isEqualTo(NOW.minusSeconds(600).toString());

        // A top-level comment on the post: its parent is the post itself, not a comment, so no parent.
        JsonNode top = get("acme", parent.id()).get("thread");
        assertThat(top.at("/post/id").asText()).isEqualTo(postId);
        assertThat(top.has("parent")).isFalse();
    }

    @Test
    void the_relay_finds_the_parent_it_stored_itself() {
        CommentStore.Origin relay = CommentStore.Origin.relay("acme");
        Comment parent = stored("acme", relay, "301", null, null, null, "Jane", "First!", NOW.minusSeconds(60));
        Comment reply = stored("acme", relay, "302", "301", null, null, "Bob", "Second", NOW);

        JsonNode thread = get("acme", reply.id()).get("thread");

        assertThat(thread.at("/parent/id").asText()).isEqualTo(parent.id());
        assertThat(thread.has("post")).isFalse();
    }

    @Test
    void nothing_of_another_brand_is_ever_returned() {
        String theirPost = published("other", "Other brand's secret launch", "909");
        stored("other", CommentStore.Origin.account("other", "other-masto"), "401", "909", "909", null, "Eve",
                "Other brand's comment", NOW.minusSeconds(600));
        stored("other", CommentStore.Origin.relay("other"), "401", "909", "909", null, "Eve",
                "Other brand's comment", NOW.minusSeconds(600));
        // Same network ids in acme: the post resolves to nothing in acme's namespace, the parent's claim is absent.
        Comment viaIds = stored("acme", CommentStore.Origin.account("acme", "acme-masto"), "402", "401", "909", null,
                "Bob", "reply", NOW);
        // Even a comment whose stored post id names the other brand's post gets no post.
        Comment viaPostId = stored("acme", CommentStore.Origin.relay("acme"), "403", "401", null, theirPost, "Bob",
                "reply", NOW);

        for (Comment c : List.of(viaIds, viaPostId)) {
            JsonNode body = get("acme", c.id());
            assertThat(body.get("thread").isObject()).isTrue();
            assertThat(body.get("thread").size()).as("thread of %s", c.externalId()).isZero();
            assertThat(body.toString()).doesNotContain("Other brand").doesNotContain("/@other/");
        }
    }

    @Test
    void an_unknown_parent_or_post_leaves_the_fields_out() {
        Comment c = stored("acme", CommentStore.Origin.account("acme", "acme-masto"), "501", "500", null,
                "NOSUCHPOST", "Bob", "reply to something we never saw", NOW);

        JsonNode thread = get("acme", c.id()).get("thread");

        assertThat(thread.size()).isZero();
    }
}
