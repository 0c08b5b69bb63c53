package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What Lambda calls: the stream method, fed the sample events' JSON as the runtime passes it. */
class ApiHandlerStreamTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;
    private ApiHandler api;

    @BeforeEach
    void wire() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        api = new ApiHandler(new StaticServices(new Env(Map.of()), Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"),
                ZoneOffset.UTC), table, new RecordingBus(), new FileSecrets(dir.resolve("secrets.json")), null,
                HttpClient.newHttpClient()));
    }

    private JsonNode stream(String eventJson) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        api.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.tree(out.toByteArray());
    }

    @Test
    void create_then_get_a_brand_through_the_stream_answers_as_the_typed_method_does() throws IOException {
        JsonNode created = stream(Events.text("api/create-brand.json"));
        assertThat(created.get("statusCode").asInt()).isEqualTo(201);
        assertThat(Json.tree(created.get("body").asText()).get("webhookSecret").asText()).hasSize(64);

        String get = Events.text("api/get-post.json")
                .replace("GET /v1/brands/{brand}/posts/{id}", "GET /v1/brands/{brand}")
                .replace("/v1/brands/acme/posts/01JDX2Q8Z4K7M3N5P6R8S9T0VW", "/v1/brands/acme")
                .replaceAll(",\\s*\"id\": \"01JDX2Q8Z4K7M3N5P6R8S9T0VW\"", "");
        JsonNode read = stream(get);
        APIGatewayV2HTTPResponse typed = api.handleRequest(
                HttpEvents.request("GET", "/v1/brands/{brand}").path("brand", "acme").build(), null);

        assertThat(read.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Json.tree(read.get("body").asText())).isEqualTo(Json.tree(typed.getBody()));
        JsonNode brand = Json.tree(read.get("body").asText());
        assertThat(brand.get("id").asText()).isEqualTo("acme");
        assertThat(brand.get("settings").get("crisis").get("minNegative").asInt()).isEqualTo(10);
        assertThat(read.get("headers").get("content-type").asText()).isEqualTo("application/json");
    }

    @Test
    void an_unknown_brand_is_a_404_in_the_contract_shape() throws IOException {
        String get = Events.text("api/get-post.json");
        JsonNode r = stream(get);

        assertThat(r.get("statusCode").asInt()).isEqualTo(404);
        assertThat(Json.tree(r.get("body").asText()).get("error").asText()).isEqualTo("not_found");
    }
}
