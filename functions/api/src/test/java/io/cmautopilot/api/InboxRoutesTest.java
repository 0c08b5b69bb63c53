package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentState;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class InboxRoutesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    Table table;
    CommentStore comments;
    InboxStore inbox;
    RecordingBus bus;
    ApiHandler handler;

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        comments = new CommentStore(table);
        inbox = new InboxStore(table);
        bus = new RecordingBus();
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        brands.create(new Brand("other", "Other", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        for (Network n : List.of(Network.MASTODON, Network.X, Network.INSTAGRAM, Network.LINKEDIN)) {
            brands.createAccount(new Account("acc-" + n.id(), "acme", n, "@acme", "ext-" + n.id(),
                    n == Network.MASTODON ? "https://m.example" : null, null, Account.Status.ACTIVE, Map.of(), NOW));
        }
        handler = new ApiHandler(List.of(new CommentRoutes(brands, comments, new InboxRoutes(brands, inbox,
                new ReplyStore(table), bus, Clock.fixed(NOW, ZoneOffset.UTC))),
                new SavedReplyRoutes(brands, new io.cmautopilot.core.reply.SavedReplyStore(table),
                        Clock.fixed(NOW, ZoneOffset.UTC))));
    }

    Comment comment(String externalId, Network network, Instant received, String text) {
        Comment c = Comment.received(Ids.next(), "acme", "acc-" + network.id(), network, externalId, null, null,
                new Comment.Author("u1", "jane@social.example", "Jane"), text, "en", received.minusSeconds(30),
                received, "https://example.test/" + externalId, Comment.Kind.COMMENT);
        assertThat(comments.insert(c, io.cmautopilot.core.comment.CommentStore.Origin.relay(c.brandId()))).isTrue();
        return c;
    }

    record Answer(int status, JsonNode body, Map<String, String> headers) {
    }

    Answer call(HttpEvents request) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(request.build(), null);
        return new Answer(r.getStatusCode(), r.getBody() == null || r.getBody().isEmpty() ? null
                : Json.tree(r.getBody()), r.getHeaders());
    }

    Answer get(String id) {
        return call(HttpEvents.request("GET", "/v1/brands/{brand}/comments/{id}").path("brand", "acme").path("id", id));
    }

    Answer patch(String id, String json, String ifMatch) {
        HttpEvents e = HttpEvents.request("PATCH", "/v1/brands/{brand}/comments/{id}").path("brand", "acme")
                .path("id", id).json(json);
        if (ifMatch != null) {
            e.header("If-Match", ifMatch);
        }
        return call(e);
    }

    Answer list(Map<String, String> query) {
        HttpEvents e = HttpEvents.request("GET", "/v1/brands/{brand}/comments").path("brand", "acme");
        query.forEach(e::query);
        return call(e);
    }

    @Test
    void a_new_comment_is_open_visible_at_version_zero_with_no_replies() {
        Comment c = comment("1", Network.MASTODON, NOW.minusSeconds(600), "where is my parcel?");

        Answer a = get(c.id());

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("state").asText()).isEqualTo("open");
        assertThat(a.body().get("visibility").asText()).isEqualTo("visible");
        assertThat(a.body().get("version").asLong()).isZero();
        assertThat(a.body().get("notes")).isEmpty();
        assertThat(a.body().get("replies")).isEmpty();
        assertThat(a.headers()).containsEntry("etag", "\"0\"");
    }

    @Test
    void another_brand_cannot_read_a_comment_by_its_id_and_unknown_ids_are_404() {
        Comment c = comment("1", Network.MASTODON, NOW, "hello");
        Answer other = call(HttpEvents.request("GET", "/v1/brands/{brand}/comments/{id}").path("brand", "other")
                .path("id", c.id()));
        assertThat(other.status()).isEqualTo(404);
        assertThat(get("01JUNKNOWN").status()).isEqualTo(404);
        // an id no comment can have is refused before any lookup (docs/SECURITY.md, "Input limits")
        assertThat(get("x".repeat(500)).status()).isEqualTo(400);
        assertThat(get("x".repeat(500)).body().get("field").asText()).isEqualTo("id");
    }

    @Test
    void a_patch_on_the_version_read_applies_and_a_stale_one_gets_409_and_changes_nothing() {
        Comment c = comment("1", Network.MASTODON, NOW, "hello");

        Answer first = patch(c.id(), "{\"state\":\"resolved\",\"assignee\":\"sam@acme.example\",\"note\":\"sent a DM\"}", "\"0\"");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("state").asText()).isEqualTo("resolved");
        assertThat(first.body().get("assignee").asText()).isEqualTo("sam@acme.example");
        assertThat(first.body().get("notes").get(0).get("text").asText()).isEqualTo("sent a DM");
        assertThat(first.body().get("version").asLong()).isEqualTo(1);

        Answer stale = patch(c.id(), "{\"note\":\"written on version 0\"}", "\"0\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("error").asText()).isEqualTo("conflict");
        assertThat(stale.body().get("version").asLong()).isEqualTo(1);
        assertThat(get(c.id()).body().get("notes")).hasSize(1);

        assertThat(bus.events(DomainEvent.COMMENT_STATE_CHANGED)).singleElement().satisfies(e -> {
            assertThat(e.detail().get("to").asText()).isEqualTo("resolved");
            // the documented example (docs/EVENTS.md) has exactly these fields
            JsonNode example = Json.tree(io.cmautopilot.testing.Events.text("bus/comment-state-changed.json"));
            assertThat(example.path("detail-type").asText()).isEqualTo(DomainEvent.COMMENT_STATE_CHANGED);
            List<String> emitted = new ArrayList<>();
            e.detail().fieldNames().forEachRemaining(emitted::add);
            List<String> documented = new ArrayList<>();
            example.path("detail").fieldNames().forEachRemaining(documented::add);
            assertThat(emitted).containsExactlyInAnyOrderElementsOf(documented);
        });
    }

    @Test
    void bad_patches_are_400_naming_the_field() {
        Comment c = comment("1", Network.MASTODON, NOW, "hello");
        assertThat(patch(c.id(), "{\"state\":\"done\"}", null).body().get("field").asText()).isEqualTo("state");
        assertThat(patch(c.id(), "{\"colour\":\"red\"}", null).body().get("field").asText()).isEqualTo("colour");
        assertThat(patch(c.id(), "{\"note\":\"  \"}", null).body().get("field").asText()).isEqualTo("note");
        assertThat(patch(c.id(), "{}", null).status()).isEqualTo(400);
        assertThat(patch(c.id(), "{\"note\":\"x\"}", "\"abc\"").body().get("field").asText()).isEqualTo("If-Match");
        assertThat(get(c.id()).body().get("version").asLong()).isZero();
    }

    @Test
    void concurrent_notes_on_the_same_version_let_one_win_and_the_others_retry_so_no_note_is_lost()
            throws Exception {
        Comment c = comment("1", Network.MASTODON, NOW, "hello");
        int people = 8;
        ExecutorService pool = Executors.newFixedThreadPool(people);
        CountDownLatch start = new CountDownLatch(1);
        List<Integer> firstTry = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                start.await();
                boolean first = true;
                while (true) {
                    long version = get(c.id()).body().get("version").asLong();
                    Answer a = patch(c.id(), "{\"note\":\"note " + n + "\"}", "\"" + version + "\"");
                    if (first) {
                        firstTry.add(a.status());
                        first = false;
                    }
                    if (a.status() == 200) {
                        return null;
                    }
                    assertThat(a.status()).isEqualTo(409);
                }
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        JsonNode stored = get(c.id()).body();
        List<String> notes = new ArrayList<>();
        stored.get("notes").forEach(n -> notes.add(n.get("text").asText()));
        assertThat(notes).hasSize(people).doesNotHaveDuplicates();
        assertThat(stored.get("version").asLong()).isEqualTo(people);
        assertThat(firstTry).contains(200);
    }

    @Test
    void the_list_filters_by_state_assignee_needs_reply_and_age_on_the_inbox_index() {
        Comment old = comment("old", Network.MASTODON, NOW.minusSeconds(5 * 3600), "old question?");
        Comment fresh = comment("fresh", Network.X, NOW.minusSeconds(600), "fresh question?");
        Comment calm = comment("calm", Network.X, NOW.minusSeconds(7200), "nice");
        comments.applyScore(old, new Sentiment(Sentiment.Label.NEUTRAL, Map.of(), "lexicon", "en"),
                List.of(new Flag(Flag.Type.NEEDS_REPLY, Flag.Severity.MEDIUM, List.of("?"))), NOW);
        inbox.settle(calm, CommentState.afterScoring(List.of()), NOW);
        patch(fresh.id(), "{\"assignee\":\"sam\"}", null);

        assertThat(ids(list(Map.of("state", "open")))).containsExactly(fresh.id(), old.id());
        assertThat(ids(list(Map.of("state", "resolved")))).containsExactly(calm.id());
        assertThat(ids(list(Map.of("state", "open", "olderThan", "4h")))).containsExactly(old.id());
        assertThat(ids(list(Map.of("olderThan", "PT1H")))).containsExactly(calm.id(), old.id());
        assertThat(ids(list(Map.of("assignee", "sam")))).containsExactly(fresh.id());
        assertThat(ids(list(Map.of("needsReply", "true")))).containsExactly(old.id());
        assertThat(ids(list(Map.of("state", "open", "needsReply", "false")))).containsExactly(fresh.id());
        assertThat(list(Map.of("state", "closed")).body().get("field").asText()).isEqualTo("state");
        assertThat(list(Map.of("olderThan", "soon")).body().get("field").asText()).isEqualTo("olderThan");
        assertThat(list(Map.of("needsReply", "maybe")).body().get("field").asText()).isEqualTo("needsReply");
    }

    @Test
    void scoring_resolves_a_calm_comment_but_never_overrides_a_person() {
        Comment calm = comment("calm", Network.X, NOW, "nice");
        Comment taken = comment("taken", Network.X, NOW, "also nice");
        patch(taken.id(), "{\"state\":\"ignored\"}", null);

        assertThat(inbox.settle(calm, CommentState.afterScoring(List.of()), NOW)).isTrue();
        assertThat(inbox.settle(taken, CommentState.afterScoring(List.of()), NOW)).isFalse();

        assertThat(get(calm.id()).body().get("state").asText()).isEqualTo("resolved");
        assertThat(get(calm.id()).body().get("stateBy").asText()).isEqualTo("scoring");
        assertThat(get(taken.id()).body().get("state").asText()).isEqualTo("ignored");
    }

    Answer reply(String id, String json, String key) {
        HttpEvents e = HttpEvents.request("POST", "/v1/brands/{brand}/comments/{id}/replies").path("brand", "acme")
                .path("id", id).json(json);
        if (key != null) {
            e.header("Idempotency-Key", key);
        }
        return call(e);
    }

    @Test
    void a_reply_is_accepted_once_per_idempotency_key_and_listed_on_its_comment() {
        Comment c = comment("1", Network.MASTODON, NOW, "where is my parcel?");

        Answer first = reply(c.id(), "{\"text\":\"It left this morning.\"}", "key-1");
        Answer retried = reply(c.id(), "{\"text\":\"It left this morning.\"}", "key-1");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body().get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.body().get("id").asText()).isEqualTo(first.body().get("id").asText());
        assertThat(retried.headers()).containsEntry("idempotent-replayed", "true");
        JsonNode stored = get(c.id()).body();
        assertThat(stored.get("replies")).singleElement()
                .satisfies(r -> assertThat(r.get("text").asText()).isEqualTo("It left this morning."));
        // the reply waits on the due index like any post target
        assertThat(new PostStore(table).dueTargets(NOW.plusSeconds(1), 10)).singleElement()
                .satisfies(t -> assertThat(t.postId()).isEqualTo(first.body().get("id").asText()));

        Answer reused = reply(c.id(), "{\"text\":\"Something else\"}", "key-1");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(get(c.id()).body().get("replies")).hasSize(1);
    }

    @Test
    void a_reply_over_the_network_limit_is_422_naming_the_rule_and_nothing_is_stored() {
        Comment c = comment("1", Network.X, NOW, "hello?");
        Answer a = reply(c.id(), "{\"text\":\"" + "a".repeat(281) + "\"}", null);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().get("field").asText()).isEqualTo("text");
        assertThat(a.body().get("message").asText()).contains("x:", "281", "280");
        assertThat(get(c.id()).body().get("replies")).isEmpty();
    }

    @Test
    void a_linkedin_reply_is_held_to_linkedins_comment_limit_not_the_post_limit() {
        Comment c = comment("urn:li:comment:(urn:li:activity:1,2)", Network.LINKEDIN, NOW, "hello?");
        Answer a = reply(c.id(), "{\"text\":\"" + "é".repeat(1251) + "\"}", null);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().get("field").asText()).isEqualTo("text");
        assertThat(a.body().get("message").asText()).isEqualTo("linkedin: the text is 1251 characters long; the limit "
                + "is 1250 (LinkedIn's limit for a comment)");
        assertThat(get(c.id()).body().get("replies")).isEmpty();

        assertThat(reply(c.id(), "{\"text\":\"" + "é".repeat(1250) + "\"}", null).status()).isEqualTo(202);
    }

    @Test
    void a_mastodon_reply_counts_the_authors_mention_in_the_limit() {
        Comment c = comment("1", Network.MASTODON, NOW, "hello?");
        Answer a = reply(c.id(), "{\"text\":\"" + "a".repeat(495) + "\"}", null);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().get("message").asText()).contains("mention");
    }

    @Test
    void bad_replies_are_refused_with_the_field() {
        Comment c = comment("1", Network.MASTODON, NOW, "hello?");
        assertThat(reply(c.id(), "{\"text\":\"\"}", null).body().get("field").asText()).isEqualTo("text");
        assertThat(reply(c.id(), "{\"text\":\"ok\",\"to\":\"x\"}", null).body().get("field").asText()).isEqualTo("to");
        assertThat(reply(c.id(), "{\"text\":\"ok\"}", "has space").body().get("field").asText())
                .isEqualTo("Idempotency-Key");
        assertThat(get(c.id()).body().get("replies")).isEmpty();
    }

    Answer saved(String method, String id, String json) {
        HttpEvents e = HttpEvents.request(method, id == null ? "/v1/brands/{brand}/saved-replies"
                : "/v1/brands/{brand}/saved-replies/{id}").path("brand", "acme");
        if (id != null) {
            e.path("id", id);
        }
        if (json != null) {
            e.json(json);
        }
        return call(e);
    }

    @Test
    void saved_replies_are_kept_per_language_and_refuse_unknown_placeholders() {
        Answer en = saved("POST", null, "{\"name\":\"Shipping\",\"language\":\"en\",\"text\":\"Hi {author}, "
                + "it ships in 3 days. {brand}\"}");
        Answer fr = saved("POST", null, "{\"name\":\"Livraison\",\"language\":\"fr\",\"text\":\"Bonjour "
                + "{author}, l’envoi part sous 3 jours.\"}");
        assertThat(en.status()).isEqualTo(201);
        assertThat(fr.status()).isEqualTo(201);
        assertThat(saved("POST", null, "{\"name\":\"x\",\"language\":\"en\",\"text\":\"Hi {first_name}\"}")
                .body().get("message").asText()).contains("{first_name}");
        assertThat(saved("POST", null, "{\"name\":\"x\",\"language\":\"de\",\"text\":\"Hallo\"}")
                .body().get("field").asText()).isEqualTo("language");

        HttpEvents onlyFr = HttpEvents.request("GET", "/v1/brands/{brand}/saved-replies").path("brand", "acme")
                .query("language", "fr");
        assertThat(call(onlyFr).body().get("items")).singleElement()
                .satisfies(i -> assertThat(i.get("name").asText()).isEqualTo("Livraison"));

        String id = en.body().get("id").asText();
        Answer replaced = saved("PUT", id, "{\"name\":\"Shipping\",\"language\":\"en\",\"text\":\"Hi {author}!\"}");
        assertThat(replaced.body().get("text").asText()).isEqualTo("Hi {author}!");
        assertThat(saved("DELETE", id, null).status()).isEqualTo(200);
        assertThat(saved("DELETE", id, null).status()).isEqualTo(404);
        assertThat(saved("GET", null, null).body().get("items")).hasSize(1);
    }

    @Test
    void a_reply_from_a_saved_reply_fills_the_authors_name_without_making_a_mention_or_a_hashtag() {
        Comment c = Comment.received(Ids.next(), "acme", "acc-x", Network.X, "1861", null, null,
                new Comment.Author("u9", "fan", "#1 Fan @home"), "when?", "en", NOW, NOW, null, Comment.Kind.REPLY);
        comments.insert(c, io.cmautopilot.core.comment.CommentStore.Origin.relay(c.brandId()));
        String id = saved("POST", null, "{\"name\":\"Soon\",\"language\":\"en\",\"text\":\"Hi {author}, "
                + "soon! {brand}\"}").body().get("id").asText();

        Answer a = reply(c.id(), "{\"savedReplyId\":\"" + id + "\"}", null);

        assertThat(a.status()).isEqualTo(202);
        assertThat(a.body().get("text").asText()).isEqualTo("Hi #\u20601 Fan @\u2060home, soon! Acme");
        assertThat(a.body().get("savedReplyId").asText()).isEqualTo(id);
        assertThat(reply(c.id(), "{\"savedReplyId\":\"nope\"}", null).body().get("field").asText())
                .isEqualTo("savedReplyId");
    }

    private static List<String> ids(Answer a) {
        assertThat(a.status()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.body().get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }
}
