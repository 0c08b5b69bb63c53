package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.store.CursorCodec;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommentRoutesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension();
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    static ApiHandler handler;

    /** Twelve comments, one a minute from T0: even ones on Mastodon, odd ones on Bluesky; every third negative. */
    @BeforeAll
    static void comments() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        CommentStore comments = new CommentStore(table);
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, T0));
        for (int i = 0; i < 12; i++) {
            Network network = i % 2 == 0 ? Network.MASTODON : Network.BLUESKY;
            Comment c = Comment.received("C" + i, "acme", "a1", network, "ext-" + i, null, null,
                    new Comment.Author("u" + i, "user" + i, "User " + i), "text " + i, "en", T0.plusSeconds(60L * i),
                    T0.plusSeconds(60L * i), "https://example.social/" + i, Comment.Kind.REPLY);
            comments.insert(c, CommentStore.Origin.account("acme", "a1"));
            if (i % 3 == 0) {
                comments.applyScore(c, new Sentiment(Sentiment.Label.NEGATIVE, Map.of("NEGATIVE", 0.91), "lexicon",
                        "en"), List.of(new Flag(Flag.Type.NEEDS_REPLY, Flag.Severity.MEDIUM, List.of("?"))), T0);
            }
        }
        brands.create(new Brand("rival", "Rival", ZoneId.of("Europe/Paris"), "en", null, null, T0));
        handler = new ApiHandler(List.of(new CommentRoutes(brands, comments, CursorCodec.forTable(table,
                new io.cmautopilot.core.config.Env(Map.of())))));
    }

    private static APIGatewayV2HTTPResponse get(String brand, Map<String, String> query) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRouteKey("GET /v1/brands/{brand}/comments");
        e.setRawPath("/v1/brands/" + brand + "/comments");
        e.setPathParameters(Map.of("brand", brand));
        e.setQueryStringParameters(new HashMap<>(query));
        e.setHeaders(Map.of());
        e.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                        .withPath(e.getRawPath()).build()).build());
        return handler.handleRequest(e, null);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse r) {
        return Json.tree(r.getBody());
    }

    private static List<String> ids(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    @Test
    void comments_come_newest_first_in_the_contract_shape() {
        APIGatewayV2HTTPResponse r = get("acme", Map.of("limit", "3"));

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode body = body(r);
        assertThat(ids(body)).containsExactly("C11", "C10", "C9");
        JsonNode c9 = body.get("items").get(2);
        assertThat(c9.get("network").asText()).isEqualTo("bluesky");
        assertThat(c9.get("externalId").asText()).isEqualTo("ext-9");
        assertThat(c9.get("author").get("handle").asText()).isEqualTo("user9");
        assertThat(c9.get("text").asText()).isEqualTo("text 9");
        assertThat(Instant.parse(c9.get("createdAt").asText())).isEqualTo(T0.plusSeconds(540));
        assertThat(c9.get("sentiment").asText()).isEqualTo("NEGATIVE");
        assertThat(c9.get("scores").get("NEGATIVE").asDouble()).isEqualTo(0.91);
        assertThat(c9.get("flags").get(0).get("type").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(c9.get("permalink").asText()).isEqualTo("https://example.social/9");
        assertThat(body.get("cursor").asText()).isNotBlank();
    }

    @Test
    void the_cursor_pages_through_everything_once() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> q = new HashMap<>(Map.of("limit", "5"));
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            JsonNode body = body(get("acme", q));
            seen.addAll(ids(body));
            cursor = body.get("cursor").isNull() ? null : body.get("cursor").asText();
        } while (cursor != null);

        assertThat(seen).containsExactly("C11", "C10", "C9", "C8", "C7", "C6", "C5", "C4", "C3", "C2", "C1", "C0");
    }

    @Test
    void filters_combine_time_window_network_sentiment_and_flag() {
        assertThat(ids(body(get("acme", Map.of("since", "2026-12-01T09:02:00+01:00",
                "until", "2026-12-01T08:06:00Z"))))).containsExactly("C5", "C4", "C3", "C2");
        assertThat(ids(body(get("acme", Map.of("network", "mastodon", "limit", "3")))))
                .containsExactly("C10", "C8", "C6");
        assertThat(ids(body(get("acme", Map.of("sentiment", "negative"))))).containsExactly("C9", "C6", "C3", "C0");
        assertThat(ids(body(get("acme", Map.of("flag", "needs_reply", "network", "bluesky")))))
                .containsExactly("C9", "C3");
    }

    @Test
    void a_filtered_page_is_full_and_its_cursor_continues_the_filter() {
        JsonNode first = body(get("acme", Map.of("sentiment", "NEGATIVE", "limit", "2")));
        assertThat(ids(first)).containsExactly("C9", "C6");

        JsonNode second = body(get("acme", Map.of("sentiment", "NEGATIVE", "limit", "2",
                "cursor", first.get("cursor").asText())));

        assertThat(ids(second)).containsExactly("C3", "C0");
    }

    @Test
    void an_unknown_brand_is_404() {
        assertThat(get("nobody", Map.of()).getStatusCode()).isEqualTo(404);
    }

    @Test
    void bad_filters_are_400_naming_the_parameter() {
        for (var bad : List.of(Map.of("since", "yesterday"), Map.of("until", "2026-12-01"),
                Map.of("network", "myspace"), Map.of("sentiment", "angry"), Map.of("flag", "spam"),
                Map.of("limit", "0"), Map.of("limit", "201"), Map.of("limit", "ten"),
                Map.of("cursor", "not-a-cursor!"))) {
            APIGatewayV2HTTPResponse r = get("acme", bad);
            assertThat(r.getStatusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(body(r).get("field").asText()).as(bad.toString()).isEqualTo(bad.keySet().iterator().next());
        }
        assertThat(body(get("acme", Map.of("since", "2026-12-01T09:00:00Z", "until", "2026-12-01T08:00:00Z")))
                .get("field").asText()).isEqualTo("since");
    }

    @Test
    void a_cursor_works_only_for_the_brand_and_filters_it_was_given_for() {
        String cursor = body(get("acme", Map.of("sentiment", "NEGATIVE", "limit", "2"))).get("cursor").asText();

        for (var replay : List.of(Map.of("brand", "rival", "sentiment", "NEGATIVE"),
                Map.of("brand", "acme", "sentiment", "POSITIVE"), Map.of("brand", "acme", "network", "mastodon"),
                Map.of("brand", "acme"))) {
            Map<String, String> q = new HashMap<>(replay);
            String brand = q.remove("brand");
            q.put("cursor", cursor);
            APIGatewayV2HTTPResponse r = get(brand, q);
            assertThat(r.getStatusCode()).as(replay.toString()).isEqualTo(400);
            assertThat(body(r).get("field").asText()).isEqualTo("cursor");
        }
        assertThat(get("acme", Map.of("sentiment", "NEGATIVE", "limit", "5", "cursor", cursor)).getStatusCode())
                .as("the page size may change between pages").isEqualTo(200);
    }

    @Test
    void an_unsigned_store_cursor_is_refused() {
        String raw = io.cmautopilot.core.store.Page.encode(Map.of("pk", Table.s("COMMENT#acme#C3"),
                "sk", Table.s("COMMENT"), "gsi2pk", Table.s("BRAND#acme#COMMENTS"),
                "gsi2sk", Table.s("2026-12-01T08:03:00.000Z#C3")));

        assertThat(get("acme", Map.of("cursor", raw)).getStatusCode()).isEqualTo(400);
    }

    @Test
    void times_outside_the_range_are_400() {
        for (String t : List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
                "2200-01-01T00:00:01Z")) {
            APIGatewayV2HTTPResponse r = get("acme", Map.of("since", t));
            assertThat(r.getStatusCode()).as(t).isEqualTo(400);
            assertThat(body(r).get("field").asText()).isEqualTo("since");
        }
    }
}
