package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.crisis.CrisisRecord;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/brands/{brand}/crises}: what the console's crisis banner reads. */
class CrisisRoutesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private ApiHandler handler;
    private CrisisStore crises;

    @BeforeEach
    void setUp() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        crises = new CrisisStore(table);
        handler = new ApiHandler(List.of(new CrisisRoutes(brands, crises, Clock.fixed(NOW, ZoneOffset.UTC))));
    }

    private void crisis(Duration ago, long negative) {
        Instant at = NOW.minus(ago);
        assertThat(crises.record(new CrisisRecord("acme", at, at.minusSeconds(3600), negative, negative + 3, 1.0, 0.5,
                2.5, "negatives above baseline", Map.of("x", negative), List.of("C1")), Duration.ZERO)).isTrue();
    }

    private APIGatewayV2HTTPResponse get(String brand, Map<String, String> query) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRouteKey("GET /v1/brands/{brand}/crises");
        e.setRawPath("/v1/brands/" + brand + "/crises");
        e.setPathParameters(Map.of("brand", brand));
        e.setQueryStringParameters(new HashMap<>(query));
        e.setHeaders(Map.of());
        e.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                        .withPath(e.getRawPath()).build()).build());
        return handler.handleRequest(e, null);
    }

    @Test
    void a_crisis_is_open_within_the_brand_cool_down_and_the_list_is_newest_first() {
        crisis(Duration.ofHours(5), 20);
        crisis(Duration.ofMinutes(30), 42);

        APIGatewayV2HTTPResponse r = get("acme", Map.of());

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.tree(r.getBody());
        assertThat(body.path("open").asBoolean()).isTrue();
        assertThat(body.path("items")).hasSize(2);
        assertThat(body.path("items").get(0).path("negative").asLong()).isEqualTo(42);
        assertThat(body.path("items").get(0).path("open").asBoolean()).isTrue();
        assertThat(body.path("items").get(0).path("openUntil").asText()).isEqualTo("2026-12-01T12:30:00Z");
        assertThat(body.path("items").get(1).path("open").asBoolean()).as("past the 180-minute cool-down").isFalse();
    }

    @Test
    void the_window_is_bounded_and_named_when_wrong() {
        crisis(Duration.ofHours(30), 20);
        assertThat(Json.tree(get("acme", Map.of()).getBody()).path("items")).as("default: the last 24 hours").isEmpty();
        assertThat(Json.tree(get("acme", Map.of("hours", "48")).getBody()).path("items")).hasSize(1);
        APIGatewayV2HTTPResponse bad = get("acme", Map.of("hours", "0"));
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.getBody()).path("field").asText()).isEqualTo("hours");
        assertThat(get("nobody", Map.of()).getStatusCode()).isEqualTo(404);
    }
}
