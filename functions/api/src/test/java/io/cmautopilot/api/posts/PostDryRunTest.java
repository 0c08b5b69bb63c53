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
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /v1/brands/{brand}/posts?dryRun=true}: the create validation and each network's measure, nothing stored. */
class PostDryRunTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    static final Instant NOW = Instant.parse("2026-12-01T07:55:00Z");

    private PostStore posts;
    private Router router;

    @BeforeEach
    void setUp() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        brands.createAccount(new Account("x-main", "acme", Network.X, "@acme", null, null, null, Account.Status.ACTIVE,
                Map.of(), NOW));
        brands.createAccount(new Account("masto", "acme", Network.MASTODON, "@acme", null, "https://m.example", null,
                Account.Status.ACTIVE, Map.of("maxCharacters", "100"), NOW));
        posts = new PostStore(table);
        router = new Router(256 * 1024);
        new PostRoutes(brands, posts, Clock.fixed(NOW, ZoneOffset.UTC), io.cmautopilot.core.store.CursorCodec.ephemeral(),
                new io.cmautopilot.core.bus.RecordingBus()).register(router);
    }

    private JsonNode[] dryRun(ObjectNode body, String flag) {
        APIGatewayV2HTTPEvent event = Events.http("api/create-post.json");
        event.setBody(Json.write(body));
        event.setQueryStringParameters(Map.of("dryRun", flag));
        APIGatewayV2HTTPResponse r = router.handle(event);
        return new JsonNode[]{Json.MAPPER.getNodeFactory().numberNode(r.getStatusCode()), Json.tree(r.getBody())};
    }

    private static ObjectNode body(String text, String... accounts) {
        ObjectNode b = Json.object().put("text", text);
        var ids = b.putArray("accountIds");
        for (String a : accounts) {
            ids.add(a);
        }
        return b;
    }

    private int stored() {
        return posts.listByBrand("acme", NOW.minusSeconds(86400), NOW.plusSeconds(86400 * 400), 100).size();
    }

    @Test
    void a_valid_post_is_validated_and_measured_per_network_and_nothing_is_stored() {
        ObjectNode b = body("Hello https://example.com/a/very/long/path/that/counts/as/twenty-three", "x-main", "masto");
        b.putObject("local").put("dateTime", "2026-12-02T09:00").put("timezone", "Europe/Paris");

        JsonNode[] r = dryRun(b, "true");

        assertThat(r[0].asInt()).isEqualTo(200);
        assertThat(r[1].path("valid").asBoolean()).isTrue();
        assertThat(r[1].path("post").path("publishAt").asText()).isEqualTo("2026-12-02T09:00+01:00");
        assertThat(r[1].path("post").has("id")).isFalse();
        JsonNode checks = r[1].path("checks");
        assertThat(checks).hasSize(2);
        assertThat(checks.get(0).path("network").asText()).isEqualTo("x");
        assertThat(checks.get(0).path("length").asInt()).isEqualTo(6 + 23);
        assertThat(checks.get(0).path("limit").asInt()).isEqualTo(280);
        assertThat(checks.get(1).path("network").asText()).isEqualTo("mastodon");
        assertThat(checks.get(1).path("limit").asInt()).as("the account's instance limit").isEqualTo(100);
        assertThat(checks.get(1).path("ok").asBoolean()).isTrue();
        assertThat(stored()).isZero();
    }

    @Test
    void a_text_over_a_network_limit_answers_200_with_the_error_the_create_would_give_and_the_counts() {
        JsonNode[] r = dryRun(body("x".repeat(290), "x-main"), "true");

        assertThat(r[0].asInt()).isEqualTo(200);
        assertThat(r[1].path("valid").asBoolean()).isFalse();
        assertThat(r[1].path("error").path("error").asText()).isEqualTo("validation_failed");
        assertThat(r[1].path("error").path("field").asText()).isEqualTo("text");
        assertThat(r[1].path("error").path("message").asText()).startsWith("x: the text is 290");
        assertThat(r[1].path("checks").get(0).path("ok").asBoolean()).isFalse();
        assertThat(r[1].path("checks").get(0).path("length").asInt()).isEqualTo(290);
        assertThat(stored()).isZero();
    }

    @Test
    void networks_alone_measure_a_reply_text_even_though_the_post_itself_is_incomplete() {
        ObjectNode b = Json.object().put("text", "y".repeat(120));
        b.putArray("networks").add("mastodon").add("bluesky").add("nonsense");

        JsonNode[] r = dryRun(b, "true");

        assertThat(r[0].asInt()).isEqualTo(200);
        assertThat(r[1].path("valid").asBoolean()).isFalse();
        assertThat(r[1].path("error").path("field").asText()).isEqualTo("accountIds");
        assertThat(r[1].path("checks")).hasSize(2);
        assertThat(r[1].path("checks").get(0).path("ok").asBoolean()).as("the brand's Mastodon account allows 100").isFalse();
        assertThat(r[1].path("checks").get(1).path("limit").asInt()).isEqualTo(300);
    }

    @Test
    void malformed_input_stays_a_400_and_a_bad_flag_is_named() {
        ObjectNode wrongType = Json.object().put("text", 42);
        JsonNode[] r = dryRun(wrongType, "true");
        assertThat(r[0].asInt()).isEqualTo(400);
        assertThat(r[1].path("field").asText()).isEqualTo("text");

        JsonNode[] bad = dryRun(body("hi", "x-main"), "yes");
        assertThat(bad[0].asInt()).isEqualTo(400);
        assertThat(bad[1].path("field").asText()).isEqualTo("dryRun");

        JsonNode[] off = dryRun(body("hi", "x-main"), "false");
        assertThat(off[0].asInt()).as("dryRun=false creates").isEqualTo(201);
        assertThat(stored()).isEqualTo(1);
    }
}
