package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream path a RequestStreamHandler takes gives what the typed path gives, for the same event JSON. */
class RouterStreamTest {
    private final List<HttpRequest> seen = new ArrayList<>();
    private final Router router = new Router(64)
            .on("POST /v1/brands/{brand}/posts", r -> {
                seen.add(r);
                return HttpResponses.json(201, Json.object().put("brand", r.pathParam("brand"))
                        .put("body", r.bodyText()).put("q", r.query("dry")).put("type", r.header("Content-Type")));
            })
            .on("GET /v1/brands/{brand}/posts/{id}", r -> {
                seen.add(r);
                throw ApiError.notFound("no post " + r.pathParam("id"));
            })
            .on("GET /cookies", r -> APIGatewayV2HTTPResponse.builder().withStatusCode(204)
                    .withCookies(List.of("a=1")).withMultiValueHeaders(Map.of("vary", List.of("accept", "origin")))
                    .build());

    private static JsonNode stream(Router router, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        router.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out);
        return Json.tree(out.toByteArray());
    }

    private static ObjectNode post(String body, boolean base64) {
        ObjectNode e = Json.object().put("version", "2.0").put("routeKey", "POST /v1/brands/{brand}/posts")
                .put("rawPath", "/v1/brands/acme/posts").put("body", body).put("isBase64Encoded", base64);
        e.putObject("headers").put("Content-Type", "application/json");
        e.putObject("queryStringParameters").put("dry", "yes");
        e.putObject("pathParameters").put("brand", "acme");
        e.putObject("requestContext").putObject("http").put("method", "post");
        return e;
    }

    @Test
    void a_sample_event_reads_the_same_through_the_stream_and_through_the_runtime_types() throws IOException {
        String json = Events.text("api/get-post.json");
        APIGatewayV2HTTPEvent typed = Events.http("api/get-post.json");

        JsonNode streamed = stream(router, json);
        APIGatewayV2HTTPResponse direct = router.handle(typed);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).usingRecursiveComparison().isEqualTo(seen.get(1));
        assertThat(seen.get(0).pathParam("id")).isEqualTo("01JDX2Q8Z4K7M3N5P6R8S9T0VW");
        assertThat(streamed.get("statusCode").asInt()).isEqualTo(direct.getStatusCode()).isEqualTo(404);
        assertThat(streamed.get("body").asText()).isEqualTo(direct.getBody());
        assertThat(Json.MAPPER.convertValue(streamed.get("headers"), Map.class)).isEqualTo(direct.getHeaders());
        assertThat(streamed.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void method_headers_query_path_and_base64_bodies_are_read_like_api_gateway_sends_them() throws IOException {
        JsonNode plain = stream(router, post("{\"a\":1}", false).toString());
        JsonNode encoded = stream(router, post(Base64.getEncoder().encodeToString("{\"a\":1}".getBytes()), true).toString());

        for (JsonNode r : List.of(plain, encoded)) {
            assertThat(r.get("statusCode").asInt()).isEqualTo(201);
            JsonNode body = Json.tree(r.get("body").asText());
            assertThat(body.get("brand").asText()).isEqualTo("acme");
            assertThat(body.get("body").asText()).isEqualTo("{\"a\":1}");
            assertThat(body.get("q").asText()).isEqualTo("yes");
            assertThat(body.get("type").asText()).isEqualTo("application/json");
        }
        assertThat(seen).extracting(HttpRequest::method).containsOnly("POST");
    }

    @Test
    void oversized_and_undecodable_bodies_and_unknown_routes_get_the_contract_errors() throws IOException {
        JsonNode big = stream(router, post("x".repeat(100), false).toString());
        JsonNode notBase64 = stream(router, post("%%%not base64", true).toString());
        JsonNode unknown = stream(router, "{\"routeKey\":\"GET /nowhere\",\"rawPath\":\"/nowhere\"}");

        assertThat(big.get("statusCode").asInt()).isEqualTo(413);
        assertThat(notBase64.get("statusCode").asInt()).isEqualTo(400);
        assertThat(Json.tree(notBase64.get("body").asText()).get("error").asText()).isNotBlank();
        assertThat(unknown.get("statusCode").asInt()).isEqualTo(404);
        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> stream(router, "[1,2]")).isInstanceOf(IOException.class);
    }

    @Test
    void cookies_and_multi_value_headers_are_written_in_the_payload_2_0_shape() throws IOException {
        JsonNode r = stream(router, "{\"routeKey\":\"GET /cookies\",\"rawPath\":\"/cookies\"}");

        assertThat(r.get("statusCode").asInt()).isEqualTo(204);
        assertThat(r.get("cookies").get(0).asText()).isEqualTo("a=1");
        assertThat(r.get("multiValueHeaders").get("vary")).hasSize(2);
        assertThat(r.has("body")).isFalse();
        assertThat(r.has("headers")).isFalse();
    }

    @Test
    void priming_runs_each_get_route_with_ids_that_name_nothing_and_never_a_write_route() {
        int answered = router.primeGetRoutes();

        assertThat(answered).isEqualTo(2);
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.pathParam("brand")).isEqualTo(Router.PRIME_ID);
            assertThat(r.pathParam("id")).isEqualTo(Router.PRIME_ID);
            assertThat(r.path()).isEqualTo("/v1/brands/cm-prime/posts/cm-prime");
        });
    }
}
