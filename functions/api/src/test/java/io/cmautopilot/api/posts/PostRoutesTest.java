package io.cmautopilot.api.posts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostRoutesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    static final Instant NOW = Instant.parse("2026-12-01T07:55:00Z");

    @TempDir
    Path dir;

    private Table table;
    private Router router;
    private final io.cmautopilot.core.bus.RecordingBus bus = new io.cmautopilot.core.bus.RecordingBus();

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        BrandStore brands = new BrandStore(table);
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        brands.create(new Brand("other", "Other", ZoneId.of("UTC"), "en", null, null, NOW));
        account(brands, secrets, "mastodon-main", Network.MASTODON, Map.of(), Map.of("accessToken", "t"));
        account(brands, secrets, "mastodon-small", Network.MASTODON, Map.of("maxCharacters", "100"),
                Map.of("accessToken", "t"));
        account(brands, secrets, "x-main", Network.X, Map.of(), Map.of("accessToken", "t"));
        account(brands, secrets, "bluesky-main", Network.BLUESKY, Map.of(),
                Map.of("identifier", "acme.bsky.social", "appPassword", "p"));
        account(brands, secrets, "linkedin-main", Network.LINKEDIN, Map.of(), Map.of("accessToken", "t"));
        account(brands, secrets, "facebook-main", Network.FACEBOOK, Map.of(), Map.of("pageAccessToken", "t"));
        account(brands, secrets, "instagram-main", Network.INSTAGRAM, Map.of(), Map.of("accessToken", "t"));
        router = new Router(256 * 1024);
        new PostRoutes(brands, new PostStore(table), Clock.fixed(NOW, ZoneOffset.UTC),
                io.cmautopilot.core.store.CursorCodec.forTable(table, new io.cmautopilot.core.config.Env(Map.of())),
                bus).register(router);
    }

    private static void account(BrandStore brands, FileSecrets secrets, String id, Network network,
                                Map<String, String> settings, Map<String, String> credentials) {
        String ref = secrets.createMap("acme/" + id, credentials);
        brands.createAccount(new Account(id, "acme", network, "@" + id, null,
                network == Network.MASTODON ? "https://m.example" : null, ref, Account.Status.ACTIVE, settings, NOW));
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String sample, Map<String, String> pathParams, String body, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = Events.http(sample);
        if (pathParams != null) {
            Map<String, String> params = new HashMap<>(event.getPathParameters());
            params.putAll(pathParams);
            event.setPathParameters(params);
        }
        if (body != null) {
            event.setBody(body);
        }
        if (query != null) {
            event.setQueryStringParameters(query);
        }
        APIGatewayV2HTTPResponse r = router.handle(event);
        return new Answer(r.getStatusCode(), Json.tree(r.getBody()));
    }

    private Answer create(Object body) {
        return call("api/create-post.json", null, Json.write(body), null);
    }

    private static ObjectNode body(String text, String... accounts) {
        ObjectNode b = Json.object().put("text", text);
        var ids = b.putArray("accountIds");
        for (String a : accounts) {
            ids.add(a);
        }
        return b;
    }

    private static void assertError(Answer a, int status, String field, String... messageParts) {
        assertThat(a.status()).as(a.body().toString()).isEqualTo(status);
        assertThat(a.body().path("field").asText()).isEqualTo(field);
        assertThat(a.body().path("error").asText()).isEqualTo(status == 422 ? "validation_failed"
                : status == 400 ? "bad_request" : a.body().path("error").asText());
        for (String part : messageParts) {
            assertThat(a.body().path("message").asText()).contains(part);
        }
    }

    @Test
    void the_sample_post_is_created_read_back_listed_and_cancelled() {
        Answer created = call("api/create-post.json", null, null, null);

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().path("id").asText();
        assertThat(created.body().path("status").asText()).isEqualTo("SCHEDULED");
        assertThat(created.body().path("publishAt").asText()).isEqualTo("2026-12-01T09:00+01:00");
        assertThat(created.body().path("targets")).hasSize(2);
        assertThat(created.body().path("targets").get(0).path("status").asText()).isEqualTo("SCHEDULED");
        assertThat(created.body().path("recurrence").path("weekdays").get(0).asText()).isEqualTo("tuesday");
        assertThat(created.body().has("timeResolution")).isFalse();

        Answer read = call("api/get-post.json", Map.of("id", id), null, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().path("variants").path("x").asText()).startsWith("Winter menu");

        Answer listed = call("api/list-posts.json", null, null, null);
        assertThat(listed.body().path("items")).extracting(n -> n.path("id").asText()).containsExactly(id);

        Answer cancelled = call("api/cancel-post.json", Map.of("id", id), null, null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(new PostStore(table).dueTargets(NOW.plusSeconds(86400 * 30), 10)).isEmpty();
    }

    @Test
    void cancel_is_refused_once_a_target_is_published() {
        String id = create(body("hello", "x-main", "mastodon-main")).body().path("id").asText();
        PostStore store = new PostStore(table);
        var seen = store.dueTargets(NOW, 10).stream().filter(t -> t.accountId().equals("x-main")).findFirst().orElseThrow();
        var claimed = store.claim(seen, "tick", NOW, NOW.plusSeconds(60)).orElseThrow();
        store.finish(claimed, "tick", PostStore.Outcome.published("1", "https://x.com/acme/status/1"), NOW);

        assertError(call("api/cancel-post.json", Map.of("id", id), null, null), 409, "", "already");
        assertThat(store.get(id).orElseThrow().targets()).extracting(t -> t.status())
                .containsExactlyInAnyOrder(TargetStatus.PUBLISHED, TargetStatus.SCHEDULED);
    }

    @Test
    void unknown_brands_and_posts_are_404_and_posts_do_not_leak_across_brands() {
        String id = create(body("hello", "x-main")).body().path("id").asText();

        assertThat(call("api/get-post.json", Map.of("brand", "nope", "id", id), null, null).status()).isEqualTo(404);
        assertThat(call("api/get-post.json", Map.of("id", "01NOPE"), null, null).status()).isEqualTo(404);
        assertThat(call("api/get-post.json", Map.of("brand", "other", "id", id), null, null).status()).isEqualTo(404);
        assertThat(call("api/create-post.json", Map.of("brand", "nope"), null, null).status()).isEqualTo(404);
    }

    @Test
    void x_counts_weighted_length_with_urls_as_23_and_emoji_as_2() {
        String url = "https://www.acme.com/menu/" + "a".repeat(80);
        assertThat(create(body("a".repeat(250) + " " + url, "x-main")).status()).isEqualTo(201);

        ObjectNode b = body("fine on other networks", "x-main", "mastodon-main");
        b.putObject("variants").put("x", "🍲".repeat(141));
        assertError(create(b), 422, "variants.x", "x:", "282", "280");
    }

    @Test
    void bluesky_counts_graphemes_so_a_family_emoji_is_one() {
        String family = "👨‍👩‍👧‍👦";
        assertThat(create(body(family.repeat(100), "bluesky-main")).status()).isEqualTo(201);
        assertError(create(body("é".repeat(301), "bluesky-main")), 422, "text", "bluesky", "301", "300 ");
        // 120 families are 120 graphemes but 3,000 bytes: the lexicon's byte limit applies too
        assertError(create(body(family.repeat(121), "bluesky-main")), 422, "text", "bluesky", "UTF-8 bytes");
    }

    @Test
    void mastodon_uses_the_instance_limit_of_each_account() {
        String url = "https://www.acme.com/menu/" + "b".repeat(60);
        assertThat(create(body("c".repeat(70) + " " + url, "mastodon-small")).status()).isEqualTo(201);
        assertError(create(body("c".repeat(101), "mastodon-small")), 422, "text", "mastodon", "100");
        assertThat(create(body("c".repeat(400), "mastodon-main")).status()).isEqualTo(201);
    }

    @Test
    void linkedin_facebook_and_instagram_limits() {
        assertError(create(body("d".repeat(3001), "linkedin-main")), 422, "text", "linkedin", "3000");
        assertError(create(body("d".repeat(63207), "facebook-main")), 422, "text", "facebook", "63206");
        ObjectNode ig = body("d".repeat(2201), "instagram-main");
        ig.putArray("media").addObject().put("url", "https://cdn.acme.example/a.jpg").put("altText", "a bowl of soup");
        assertError(create(ig), 422, "text", "instagram", "2200");
        assertError(create(body("no image", "instagram-main")), 422, "media", "instagram", "image");
    }

    @Test
    void media_must_be_https_with_alt_text() {
        ObjectNode b = body("look", "facebook-main");
        b.putArray("media").addObject().put("url", "http://cdn.acme.example/a.jpg").put("altText", "soup");
        assertError(create(b), 422, "media[0].url", "https");
        ObjectNode noAlt = body("look", "facebook-main");
        noAlt.putArray("media").addObject().put("url", "https://cdn.acme.example/a.jpg");
        assertError(create(noAlt), 422, "media[0].altText", "altText");
    }

    @Test
    void accounts_text_and_time_are_checked_with_the_field_at_fault() {
        assertError(create(body("hi", "x-main", "nope")), 422, "accountIds[1]", "unknown account 'nope'");
        assertError(create(body("   ", "x-main")), 422, "text", "empty");
        assertError(create(Json.object().put("text", "hi")), 422, "accountIds");

        ObjectNode past = body("hi", "x-main").put("publishAt", "2026-12-01T08:50:00+01:00");
        assertError(create(past), 422, "publishAt", "in the past");
        ObjectNode withinGrace = body("hi", "x-main").put("publishAt", "2026-12-01T08:54:00+01:00");
        assertThat(create(withinGrace).status()).isEqualTo(201);

        ObjectNode both = body("hi", "x-main").put("publishAt", "2026-12-02T09:00:00+01:00");
        both.putObject("local").put("dateTime", "2026-12-02T09:00").put("timezone", "Europe/Paris");
        assertError(create(both), 400, "publishAt", "not both");

        Answer now = create(body("hi", "x-main"));
        assertThat(now.status()).isEqualTo(201);
        assertThat(now.body().path("publishAt").asText()).isEqualTo("2026-12-01T08:55+01:00");

        ObjectNode badZone = body("hi", "x-main");
        badZone.putObject("local").put("dateTime", "2026-12-02T09:00").put("timezone", "Mars/Olympus");
        assertError(create(badZone), 400, "local.timezone", "IANA");
    }

    @Test
    void a_long_text_is_accepted_as_a_thread_within_25_parts() {
        assertThat(create(body("word ".repeat(120), "x-main").put("thread", true)).status()).isEqualTo(201);
        assertError(create(body("word ".repeat(1500), "x-main").put("thread", true)), 422, "text", "parts");
        assertError(create(body("word ".repeat(120), "x-main")), 422, "text", "thread: true");
    }

    @Test
    void a_local_time_in_the_spring_gap_moves_forward_by_the_gap() {
        ObjectNode paris = body("spring", "x-main");
        paris.putObject("local").put("dateTime", "2027-03-28T02:30").put("timezone", "Europe/Paris");
        Answer a = create(paris);
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.body().path("publishAt").asText()).isEqualTo("2027-03-28T03:30+02:00");
        assertThat(a.body().path("timeResolution").path("rule").asText()).isEqualTo("gap");
        assertThat(a.body().path("timeResolution").path("message").asText()).contains("moved forward by 1 h");

        ObjectNode ny = body("spring", "x-main");
        ny.putObject("local").put("dateTime", "2027-03-14T02:15").put("timezone", "America/New_York");
        Answer b = create(ny);
        assertThat(b.body().path("publishAt").asText()).isEqualTo("2027-03-14T03:15-04:00");
        assertThat(b.body().path("timezone").asText()).isEqualTo("America/New_York");
    }

    @Test
    void a_local_time_in_the_autumn_overlap_takes_the_earlier_offset() {
        ObjectNode paris = body("autumn", "x-main");
        paris.putObject("local").put("dateTime", "2027-10-31T02:30").put("timezone", "Europe/Paris");
        Answer a = create(paris);
        assertThat(a.body().path("publishAt").asText()).isEqualTo("2027-10-31T02:30+02:00");
        assertThat(a.body().path("timeResolution").path("rule").asText()).isEqualTo("overlap");

        ObjectNode ny = body("autumn", "x-main");
        ny.putObject("local").put("dateTime", "2027-11-07T01:30").put("timezone", "America/New_York");
        Answer b = create(ny);
        assertThat(b.body().path("publishAt").asText()).isEqualTo("2027-11-07T01:30-04:00");
        assertThat(Instant.parse("2027-11-07T05:30:00Z")).isEqualTo(
                java.time.OffsetDateTime.parse(b.body().path("publishAt").asText()).toInstant());
    }

    @Test
    void recurrence_is_validated() {
        ObjectNode noEnd = body("weekly", "x-main");
        noEnd.putObject("recurrence").put("frequency", "weekly");
        Answer endless = create(noEnd);
        assertThat(endless.status()).as(endless.body().toString()).isEqualTo(201);
        assertThat(endless.body().path("recurrence").has("until")).isFalse();
        assertThat(endless.body().path("recurrence").has("count")).isFalse();
        ObjectNode badDay = body("weekly", "x-main");
        badDay.putObject("recurrence").put("frequency", "weekly").put("count", 3).putArray("weekdays").add("funday");
        assertError(create(badDay), 422, "recurrence.weekdays[0]");
        ObjectNode badFreq = body("x", "x-main");
        badFreq.putObject("recurrence").put("frequency", "hourly").put("count", 3);
        assertError(create(badFreq), 422, "recurrence.frequency");
    }

    private java.util.List<String> listAll(Map<String, String> filters, int limit) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> q = new HashMap<>(filters);
            q.put("limit", String.valueOf(limit));
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            Answer page = call("api/list-posts.json", null, null, q);
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            assertThat(page.body().path("items").size()).isLessThanOrEqualTo(limit);
            page.body().path("items").forEach(n -> ids.add(n.path("id").asText()));
            cursor = page.body().path("cursor").isNull() ? null : page.body().path("cursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        return ids;
    }

    @Test
    void the_listing_pages_past_200_and_filters_before_the_limit() {
        PostStore store = new PostStore(table);
        java.util.List<String> cancelled = new java.util.ArrayList<>();
        for (int i = 0; i < 230; i++) {
            ObjectNode b = body("post " + i, "x-main").put("publishAt",
                    NOW.plusSeconds(3600 + 60L * i).toString());
            String id = create(b).body().path("id").asText();
            if (i % 7 == 0) {
                store.cancel(id, NOW);
                cancelled.add(id);
            }
        }
        Map<String, String> window = Map.of("from", NOW.toString(), "to", NOW.plusSeconds(86400).toString());

        assertThat(listAll(window, 200)).hasSize(230).doesNotHaveDuplicates();
        Map<String, String> onlyCancelled = new HashMap<>(window);
        onlyCancelled.put("status", "CANCELLED");
        assertThat(listAll(onlyCancelled, 10)).containsExactlyElementsOf(cancelled);
        Answer first = call("api/list-posts.json", null, null, Map.of("from", NOW.toString(),
                "to", NOW.plusSeconds(86400).toString(), "status", "CANCELLED", "limit", "10"));
        assertThat(first.body().path("items")).as("a filtered page is full").hasSize(10);
    }

    @Test
    void a_posts_cursor_is_bound_to_brand_window_and_status() {
        for (int i = 0; i < 3; i++) {
            create(body("post " + i, "x-main").put("publishAt", NOW.plusSeconds(3600 + 60L * i).toString()));
        }
        Map<String, String> q = Map.of("from", NOW.toString(), "to", NOW.plusSeconds(86400).toString(), "limit", "1");
        String cursor = call("api/list-posts.json", null, null, q).body().path("cursor").asText();
        assertThat(cursor).isNotBlank();

        Map<String, String> otherStatus = new HashMap<>(q);
        otherStatus.put("status", "PUBLISHED");
        otherStatus.put("cursor", cursor);
        assertError(call("api/list-posts.json", null, null, otherStatus), 400, "cursor", "cursor");
        Map<String, String> otherWindow = new HashMap<>(q);
        otherWindow.put("from", NOW.plusSeconds(1).toString());
        otherWindow.put("cursor", cursor);
        assertError(call("api/list-posts.json", null, null, otherWindow), 400, "cursor", "cursor");
        Map<String, String> otherBrand = new HashMap<>(q);
        otherBrand.put("cursor", cursor);
        assertError(call("api/list-posts.json", Map.of("brand", "other"), null, otherBrand), 400, "cursor", "cursor");
        assertError(call("api/list-posts.json", null, null, Map.of("from", "-999999999-01-01T00:00:00Z")), 400,
                "from", "between");
    }
}
