package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cmautopilot.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's API in template.yaml sends every management call through {@code ANY /v1/{proxy+}}. */
class ProxyRouteTest {
    private final Router router = new Router(1024)
            .on("GET /v1/brands/{brand}/posts/{id}", r -> HttpResponses.json(200, Json.object()
                    .put("route", r.routeKey()).put("brand", r.pathParam("brand")).put("id", r.pathParam("id"))))
            .on("GET /v1/brands/{brand}/posts/due", r -> HttpResponses.json(200, Json.object().put("route", r.routeKey())))
            .on("DELETE /v1/brands/{brand}/posts/{id}", r -> HttpResponses.json(200, Json.object().put("route", r.routeKey())));

    private static APIGatewayV2HTTPEvent proxied(String method, String rawPath) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRouteKey("ANY /v1/{proxy+}");
        e.setRawPath(rawPath);
        e.setPathParameters(Map.of("proxy", rawPath.substring(4)));
        e.setHeaders(Map.of());
        e.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(rawPath).build())
                .build());
        return e;
    }

    @Test
    void a_proxied_call_reaches_the_route_its_method_and_path_name_with_its_path_parameters() {
        APIGatewayV2HTTPResponse r = router.handle(proxied("GET", "/v1/brands/acme/posts/01J%7Ex"));
        assertThat(Json.tree(r.getBody()).path("route").asText()).isEqualTo("GET /v1/brands/{brand}/posts/{id}");
        assertThat(Json.tree(r.getBody()).path("brand").asText()).isEqualTo("acme");
        assertThat(Json.tree(r.getBody()).path("id").asText()).isEqualTo("01J~x");
        // The parameters the proxy resolved go through the same input limits as a dedicated route's.
        APIGatewayV2HTTPResponse slash = router.handle(proxied("GET", "/v1/brands/acme/posts/01J%2Fx"));
        assertThat(slash.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(slash.getBody()).path("field").asText()).isEqualTo("id");
        assertThat(Json.tree(router.handle(proxied("DELETE", "/v1/brands/acme/posts/1")).getBody()).path("route").asText())
                .isEqualTo("DELETE /v1/brands/{brand}/posts/{id}");
    }

    @Test
    void a_literal_segment_wins_over_a_parameter_and_unknown_paths_or_methods_are_404() {
        assertThat(Json.tree(router.handle(proxied("GET", "/v1/brands/acme/posts/due")).getBody()).path("route").asText())
                .isEqualTo("GET /v1/brands/{brand}/posts/due");
        assertThat(router.handle(proxied("PUT", "/v1/brands/acme/posts/1")).getStatusCode()).isEqualTo(404);
        assertThat(router.handle(proxied("GET", "/v1/brands/acme/posts")).getStatusCode()).isEqualTo(404);
        assertThat(router.handle(proxied("GET", "/v1/brands//posts/1")).getStatusCode()).isEqualTo(404);
        assertThat(router.handle(proxied("GET", "/v1/brands/%zz/posts/1")).getStatusCode()).isEqualTo(404);
    }
}
