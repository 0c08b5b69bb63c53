package io.cmautopilot.api.brand;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.api.ApiHandler;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.config.StaticServices;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.HttpEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import io.cmautopilot.core.brand.Brand;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** GET /v1/brands: every brand by id, in pages of {items, cursor}; a cursor we did not issue is a 400. */
class BrandListTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;

    private ApiHandler api;
    private BrandStore brands;

    @BeforeEach
    void wire() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        brands = new BrandStore(table);
        api = new ApiHandler(new StaticServices(new Env(Map.of()), Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"),
                ZoneOffset.UTC), table, new RecordingBus(), new FileSecrets(dir.resolve("secrets.json")), null,
                HttpClient.newHttpClient()));
    }

    @Test
    void brands_are_listed_by_id_a_page_at_a_time() {
        for (String id : List.of("delta", "acme", "charlie", "bravo", "echo")) {
            brands.create(new Brand(id, "Brand " + id, ZoneId.of("Europe/Paris"), "en", null, null,
                    Instant.parse("2026-11-01T00:00:00Z")));
        }
        APIGatewayV2HTTPResponse first = api.handleRequest(Events.http("api/list-brands.json"), null);
        assertThat(first.getStatusCode()).isEqualTo(200);
        JsonNode page = Json.tree(first.getBody());
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(b -> ids.add(b.path("id").asText()));
        assertThat(ids).containsExactly("acme", "bravo");
        assertThat(first.getBody()).doesNotContain("webhookSecret");
        String cursor = page.path("cursor").asText();
        assertThat(cursor).isNotBlank();
        while (!cursor.isEmpty()) {
            JsonNode next = Json.tree(api.handleRequest(HttpEvents.request("GET", "/v1/brands").query("limit", "2")
                    .query("cursor", cursor).build(), null).getBody());
            next.path("items").forEach(b -> ids.add(b.path("id").asText()));
            cursor = next.path("cursor").isNull() ? "" : next.path("cursor").asText();
        }
        assertThat(ids).containsExactly("acme", "bravo", "charlie", "delta", "echo");
    }

    @Test
    void bad_limits_and_foreign_cursors_are_refused() {
        APIGatewayV2HTTPResponse big = api.handleRequest(HttpEvents.request("GET", "/v1/brands").query("limit", "5000")
                .build(), null);
        assertThat(big.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(big.getBody()).path("field").asText()).isEqualTo("limit");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "pk\u0001POST#1\u0002sk\u0001POST\u0002".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse bad = api.handleRequest(HttpEvents.request("GET", "/v1/brands").query("cursor", forged)
                .build(), null);
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.getBody()).path("field").asText()).isEqualTo("cursor");
        APIGatewayV2HTTPResponse junk = api.handleRequest(HttpEvents.request("GET", "/v1/brands").query("cursor", "%%%")
                .build(), null);
        assertThat(junk.getStatusCode()).isEqualTo(400);
    }

    @Test
    void only_a_cursor_this_listing_sealed_is_accepted() {
        for (String id : List.of("acme", "bravo", "charlie")) {
            brands.create(new Brand(id, "Brand " + id, ZoneId.of("Europe/Paris"), "en", null, null,
                    Instant.parse("2026-11-01T00:00:00Z")));
        }
        // What the store itself hands out (a real position in the BRANDS index) is not a cursor a client may send:
        // only the API's sealed form opens.
        String unsealed = brands.list(1, null).cursor();
        assertThat(unsealed).isNotNull();
        APIGatewayV2HTTPResponse raw = api.handleRequest(HttpEvents.request("GET", "/v1/brands").query("cursor",
                unsealed).build(), null);
        assertThat(raw.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(raw.getBody()).path("field").asText()).isEqualTo("cursor");
        String sealed = Json.tree(api.handleRequest(HttpEvents.request("GET", "/v1/brands").query("limit", "1").build(),
                null).getBody()).path("cursor").asText();
        APIGatewayV2HTTPResponse next = api.handleRequest(HttpEvents.request("GET", "/v1/brands").query("limit", "1")
                .query("cursor", sealed).build(), null);
        assertThat(next.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(next.getBody()).path("items").get(0).path("id").asText()).isEqualTo("bravo");
    }
}
