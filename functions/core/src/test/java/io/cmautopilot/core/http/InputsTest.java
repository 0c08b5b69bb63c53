package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InputsTest {
    private final List<HttpRequest> reached = new java.util.ArrayList<>();
    private final Router router = new Router(1024).on("GET /v1/brands/{brand}/posts/{id}", r -> {
        reached.add(r);
        return HttpResponses.json(200, Json.object().put("at", String.valueOf(Inputs.instant(r, "at", null))));
    });

    private APIGatewayV2HTTPResponse get(String brand, String id, Map<String, String> query) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRouteKey("GET /v1/brands/{brand}/posts/{id}");
        e.setRawPath("/v1/brands/" + brand + "/posts/" + id);
        e.setPathParameters(Map.of("brand", brand, "id", id));
        e.setQueryStringParameters(new HashMap<>(query));
        return router.handle(e);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse r) {
        return Json.tree(r.getBody());
    }

    @Test
    void ids_that_cannot_be_keys_are_400_before_the_route_runs() {
        for (var bad : List.of(new String[]{"x".repeat(5000), "P1", "brand"}, new String[]{"ACME", "P1", "brand"},
                new String[]{"acme", "x".repeat(129), "id"}, new String[]{"acme", "a#b", "id"},
                new String[]{"acme", "é", "id"}, new String[]{"acme", "", "id"}, new String[]{"acme", "a\u0000", "id"})) {
            APIGatewayV2HTTPResponse r = get(bad[0], bad[1], Map.of());
            assertThat(r.getStatusCode()).as(bad[1]).isEqualTo(400);
            assertThat(body(r).get("error").asText()).isEqualTo("bad_request");
            assertThat(body(r).get("field").asText()).isEqualTo(bad[2]);
        }
        for (var bad : List.of(Map.of("cursor", "c".repeat(2049)), Map.of("q", "a\nb"),
                Map.of("subscription", "S#1"), Map.of("accountId", "x".repeat(200)))) {
            APIGatewayV2HTTPResponse r = get("acme", "P1", bad);
            assertThat(r.getStatusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(body(r).get("field").asText()).isEqualTo(bad.keySet().iterator().next());
        }
        assertThat(reached).isEmpty();
        assertThat(get("acme", "01JDX8M6Q2V3W4X5Y6Z7A8B9C0-2", Map.of("cursor", "c1.a.b")).getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void times_are_range_checked() {
        for (String t : List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1999-12-31T23:59:59Z",
                "2200-01-01T00:00:00.001Z", "2026-12-01", "2026-12-01T09:00:00+25:00")) {
            APIGatewayV2HTTPResponse r = get("acme", "P1", Map.of("at", t));
            assertThat(r.getStatusCode()).as(t).isEqualTo(400);
            assertThat(body(r).get("field").asText()).isEqualTo("at");
        }
        assertThat(body(get("acme", "P1", Map.of("at", "2026-12-01T10:00:00+01:00"))).get("at").asText())
                .isEqualTo(Instant.parse("2026-12-01T09:00:00Z").toString());
    }
}
