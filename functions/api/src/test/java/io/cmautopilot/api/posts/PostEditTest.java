package io.cmautopilot.api.posts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.PublishingStore;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** PATCH a post (edit and reschedule), first comments, media on every network, and the brand's publishing switch. */
class PostEditTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    static final Instant NOW = Instant.parse("2026-12-01T07:55:00Z");

    @TempDir
    Path dir;

    private Table table;
    private Router router;
    private PostStore posts;
    private final RecordingBus bus = new RecordingBus();

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        BrandStore brands = new BrandStore(table);
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        for (Network n : List.of(Network.MASTODON, Network.X, Network.BLUESKY, Network.LINKEDIN, Network.FACEBOOK,
                Network.INSTAGRAM)) {
            String id = n.id() + "-main";
            brands.createAccount(new Account(id, "acme", n, "@" + id, "1", n == Network.MASTODON
                    ? "https://m.example" : null, secrets.createMap("acme/" + id, Map.of("accessToken", "t")),
                    Account.Status.ACTIVE, Map.of(), NOW));
        }
        posts = new PostStore(table);
        router = new Router(256 * 1024);
        new PostRoutes(brands, posts, Clock.fixed(NOW, ZoneOffset.UTC),
                io.cmautopilot.core.store.CursorCodec.forTable(table, new io.cmautopilot.core.config.Env(Map.of())), bus)
                .register(router);
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String sample, Map<String, String> pathParams, String body) {
        APIGatewayV2HTTPEvent event = Events.http(sample);
        if (pathParams != null) {
            Map<String, String> params = new HashMap<>(event.getPathParameters());
            params.putAll(pathParams);
            event.setPathParameters(params);
        }
        if (body != null) {
            event.setBody(body);
        }
        APIGatewayV2HTTPResponse r = router.handle(event);
        return new Answer(r.getStatusCode(), Json.tree(r.getBody()));
    }

    private String create(ObjectNode body) {
        Answer a = call("api/create-post.json", null, Json.write(body));
        assertThat(a.status()).as(a.body().toString()).isEqualTo(201);
        return a.body().path("id").asText();
    }

    private Answer patch(String id, Object body) {
        return call("api/patch-post.json", Map.of("id", id), body == null ? null : Json.write(body));
    }

    private static ObjectNode body(String text, String... accounts) {
        ObjectNode b = Json.object().put("text", text).put("publishAt", "2026-12-03T10:00:00+01:00");
        var ids = b.putArray("accountIds");
        for (String a : accounts) {
            ids.add(a);
        }
        return b;
    }

    @Test
    void the_sample_patch_edits_text_time_and_first_comment_of_a_scheduled_post() {
        String id = create(body("draft", "mastodon-main", "x-main"));

        Answer a = patch(id, null);

        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        assertThat(a.body().path("text").asText()).startsWith("Our winter menu is out");
        assertThat(a.body().path("publishAt").asText()).isEqualTo("2026-12-02T11:30+01:00");
        assertThat(a.body().path("firstComment").path("text").asText()).contains("https://acme.example/menu");
        Post stored = posts.get(id).orElseThrow();
        assertThat(stored.publishAt()).isEqualTo(Instant.parse("2026-12-02T10:30:00Z"));
        assertThat(stored.createdAt()).isEqualTo(NOW);
        assertThat(stored.targets()).extracting(PostTarget::dueAt).containsOnly(Instant.parse("2026-12-02T10:30:00Z"));
        // the due index follows the new time: nothing is due at the old one
        assertThat(posts.dueTargets(Instant.parse("2026-12-02T10:29:00Z"), 10)).isEmpty();
        assertThat(posts.dueTargets(Instant.parse("2026-12-02T10:31:00Z"), 10)).hasSize(2);
    }

    @Test
    void targets_variants_and_media_are_edited_and_null_removes_a_field() {
        ObjectNode b = body("hello", "mastodon-main", "x-main");
        b.putObject("variants").put("x", "hello X");
        String id = create(b);

        ObjectNode p = Json.object();
        p.putArray("accountIds").add("x-main").add("linkedin-main");
        p.putNull("variants");
        p.putArray("media").addObject().put("url", "https://cdn.acme.example/soup.jpg").put("altText", "a bowl of soup");
        Answer a = patch(id, p);

        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        Post stored = posts.get(id).orElseThrow();
        assertThat(stored.targets()).extracting(PostTarget::accountId).containsExactlyInAnyOrder("x-main", "linkedin-main");
        assertThat(stored.variants()).isEmpty();
        assertThat(stored.media()).containsExactly(new Post.Media("https://cdn.acme.example/soup.jpg", "a bowl of soup"));
        assertThat(stored.publishAt()).isEqualTo(Instant.parse("2026-12-03T09:00:00Z"));
        assertThat(posts.dueTargets(Instant.parse("2026-12-03T09:01:00Z"), 10)).extracting(PostTarget::accountId)
                .containsExactlyInAnyOrder("x-main", "linkedin-main");
    }

    @Test
    void an_edit_is_validated_exactly_like_a_create() {
        String id = create(body("hello", "x-main"));
        ObjectNode tooLong = Json.object().put("text", "x".repeat(281));
        Answer a = patch(id, tooLong);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().path("field").asText()).isEqualTo("text");
        assertThat(a.body().path("message").asText()).contains("x").contains("280");

        Answer past = patch(id, Json.object().put("publishAt", "2026-11-30T10:00:00+01:00"));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.body().path("field").asText()).isEqualTo("publishAt");

        Answer unknown = patch(id, Json.object().put("status", "PUBLISHED"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("field").asText()).isEqualTo("status");

        Answer ig = patch(id, Json.object().set("accountIds", Json.MAPPER.createArrayNode().add("instagram-main")));
        assertThat(ig.status()).isEqualTo(422);
        assertThat(ig.body().path("field").asText()).isEqualTo("media");
        assertThat(posts.get(id).orElseThrow().text()).isEqualTo("hello");
    }

    @Test
    void an_edit_after_a_claim_is_refused_naming_the_claimed_targets() {
        String id = create(body("hello", "mastodon-main", "x-main"));
        PostTarget x = posts.get(id).orElseThrow().targets().stream().filter(t -> t.accountId().equals("x-main"))
                .findFirst().orElseThrow();
        Instant due = Instant.parse("2026-12-03T09:00:00Z");
        assertThat(posts.claim(x, "tick-1", due, due.plus(Duration.ofMinutes(5)))).isPresent();

        Answer a = patch(id, Json.object().put("text", "changed"));

        assertThat(a.status()).isEqualTo(409);
        assertThat(a.body().path("error").asText()).isEqualTo("conflict");
        assertThat(a.body().path("message").asText()).contains("x-main (x) is PUBLISHING").doesNotContain("mastodon-main");
        assertThat(posts.get(id).orElseThrow().text()).isEqualTo("hello");
    }

    @Test
    void a_concurrent_claim_and_edit_never_both_win() throws Exception {
        Instant due = Instant.parse("2026-12-03T09:00:00Z");
        for (int round = 0; round < 8; round++) {
            String id = create(body("round " + round, "x-main"));
            PostTarget seen = posts.get(id).orElseThrow().targets().get(0);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            Future<Boolean> claim = pool.submit(() -> {
                start.await();
                return posts.claim(seen, "tick", due, due.plus(Duration.ofMinutes(5))).isPresent();
            });
            Future<Integer> edit = pool.submit(() -> {
                start.await();
                return patch(id, Json.object().put("text", "edited " + id)).status();
            });
            start.countDown();
            boolean claimed = claim.get();
            int status = edit.get();
            pool.shutdown();
            Post stored = posts.get(id).orElseThrow();
            if (claimed) {
                assertThat(stored.targets().get(0).status()).isEqualTo(TargetStatus.PUBLISHING);
                if (status == 200) {
                    // the edit committed first and the claim then took the edited post
                    assertThat(stored.text()).isEqualTo("edited " + id);
                } else {
                    assertThat(status).isEqualTo(409);
                    assertThat(stored.text()).isEqualTo("round " + round);
                }
            } else {
                // the claim lost only because the edit replaced the target first
                assertThat(status).isEqualTo(200);
                assertThat(stored.targets().get(0).status()).isEqualTo(TargetStatus.SCHEDULED);
            }
        }
    }

    @Test
    void first_comments_are_validated_per_network_and_shown_per_target() {
        ObjectNode b = body("hello", "x-main", "linkedin-main");
        b.putObject("firstComment").put("text", "more: https://acme.example").putObject("variants").put("x", "x".repeat(281));
        Answer tooLong = call("api/create-post.json", null, Json.write(b));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body().path("field").asText()).isEqualTo("firstComment.variants.x");

        // a LinkedIn first comment is a comment: LinkedIn's 1,250-character comment limit applies, not the post's 3,000
        ObjectNode longLinkedIn = body("hello", "x-main", "linkedin-main");
        longLinkedIn.putObject("firstComment").put("text", "more").putObject("variants")
                .put("linkedin", "l".repeat(1251));
        Answer overComment = call("api/create-post.json", null, Json.write(longLinkedIn));
        assertThat(overComment.status()).isEqualTo(422);
        assertThat(overComment.body().path("field").asText()).isEqualTo("firstComment.variants.linkedin");
        assertThat(overComment.body().path("message").asText()).isEqualTo("first comment: linkedin: the text is 1251 "
                + "characters long; the limit is 1250 (LinkedIn's limit for a comment)");

        ObjectNode empty = body("hello", "x-main");
        empty.putObject("firstComment").put("text", " ");
        assertThat(call("api/create-post.json", null, Json.write(empty)).body().path("field").asText())
                .isEqualTo("firstComment.text");

        ObjectNode ok = body("hello", "x-main", "linkedin-main");
        ok.putObject("firstComment").put("text", "more: https://acme.example");
        Answer created = call("api/create-post.json", null, Json.write(ok));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("targets").get(0).path("firstComment").path("status").asText())
                .isEqualTo("WAITING_FOR_POST");
        assertThat(posts.get(created.body().path("id").asText()).orElseThrow().firstComment().text())
                .isEqualTo("more: https://acme.example");
    }

    @Test
    void every_network_takes_media() {
        ObjectNode b = body("soup", "mastodon-main", "x-main", "bluesky-main", "linkedin-main", "facebook-main",
                "instagram-main");
        b.putArray("media").addObject().put("url", "https://cdn.acme.example/soup.jpg").put("altText", "a bowl of soup");
        assertThat(call("api/create-post.json", null, Json.write(b)).status()).isEqualTo(201);
    }

    @Test
    void the_publishing_switch_pauses_announces_and_resumes() {
        Answer paused = call("api/put-publishing.json", null, null);
        assertThat(paused.status()).as(paused.body().toString()).isEqualTo(200);
        assertThat(paused.body().path("paused").asBoolean()).isTrue();
        assertThat(paused.body().path("reason").asText()).isEqualTo("product recall: hold every scheduled post");
        assertThat(paused.body().path("source").asText()).isEqualTo("api");
        assertThat(new PublishingStore(table).get("acme").paused()).isTrue();
        assertThat(bus.events(DomainEvent.PUBLISHING_PAUSED)).singleElement()
                .satisfies(e -> assertThat(e.detail().path("reason").asText()).startsWith("product recall"));

        Answer again = call("api/put-publishing.json", null, null);
        assertThat(again.body().path("changed").asBoolean()).isFalse();
        assertThat(bus.events(DomainEvent.PUBLISHING_PAUSED)).hasSize(1);

        Answer resumed = call("api/put-publishing.json", null, "{\"paused\":false}");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.body().path("paused").asBoolean()).isFalse();
        assertThat(resumed.body().path("released").asInt()).isZero();

        Answer bad = call("api/put-publishing.json", null, "{\"paused\":\"yes\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("field").asText()).isEqualTo("paused");
        Answer missing = call("api/put-publishing.json", null, "{\"reason\":\"x\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body().path("field").asText()).isEqualTo("paused");
        Answer unknownBrand = call("api/put-publishing.json", Map.of("brand", "ghost"), null);
        assertThat(unknownBrand.status()).isEqualTo(404);
    }
}
