package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API edge: what the handler receives (payload format 2.0) and what the client gets back. */
class HttpGatewayTest {
    @TempDir
    static Path data;
    static LocalRuntime runtime;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.onTestTemplate(data).start();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(runtime.baseUrl() + pathAndQuery));
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return Json.tree(r.body());
    }

    @Test
    void aGetArrivesAsPayloadFormat2WithPathQueryHeadersAndCookies() throws Exception {
        var r = send(at("/items/42%20b?x=1&x=2&y=%C3%A9t%C3%A9&flag").header("X-Custom-Header", "Value")
                .header("Cookie", "a=1; b=2"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode e = json(r);
        assertThat(e.path("version").asText()).isEqualTo("2.0");
        assertThat(e.path("routeKey").asText()).isEqualTo("GET /items/{id}");
        assertThat(e.path("rawPath").asText()).isEqualTo("/items/42%20b");
        assertThat(e.path("rawQueryString").asText()).isEqualTo("x=1&x=2&y=%C3%A9t%C3%A9&flag");
        assertThat(e.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(e.path("queryStringParameters").path("y").asText()).isEqualTo("été");
        assertThat(e.path("queryStringParameters").path("flag").asText()).isEqualTo("");
        assertThat(e.path("pathParameters").path("id").asText()).isEqualTo("42 b");
        assertThat(e.path("headers").path("x-custom-header").asText()).isEqualTo("Value");
        assertThat(e.path("headers").has("X-Custom-Header")).isFalse();
        assertThat(e.path("headers").has("cookie")).isFalse();
        assertThat(e.path("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2");
        assertThat(e.path("method").asText()).isEqualTo("GET");
        assertThat(e.path("contextPath").asText()).isEqualTo("/items/42%20b");
        assertThat(e.path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(e.path("stage").asText()).isEqualTo("$default");
        assertThat(e.path("requestId").asText()).isNotBlank();
        assertThat(e.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(e.path("body").isNull()).isTrue();
    }

    @Test
    void theFunctionsResponseIsWrittenWithItsStatusHeadersAndCookies() throws Exception {
        var r = send(at("/items/7").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"café\"}"))
                .header("content-type", "application/json; charset=utf-8"));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("x-echo")).contains("yes");
        assertThat(r.headers().allValues("set-cookie")).containsExactly("session=abc; HttpOnly");
        JsonNode e = json(r);
        assertThat(e.path("routeKey").asText()).isEqualTo("POST /items/{id}");
        assertThat(e.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(e.path("body").asText()).isEqualTo("{\"name\":\"café\"}");
    }

    @Test
    void aBinaryBodyArrivesBase64EncodedAndDecodesToTheSameBytes() throws Exception {
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        var r = send(at("/items/1").POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("content-type", "application/octet-stream"));

        JsonNode e = json(r);
        assertThat(e.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(e.path("body").asText())).isEqualTo(bytes);
        assertThat(e.path("bodySha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    @Test
    void aFormPostIsBase64EncodedAsApiGatewayDoes() throws Exception {
        var r = send(at("/items/1").POST(HttpRequest.BodyPublishers.ofString("a=1&b=%C3%A9"))
                .header("content-type", "application/x-www-form-urlencoded"));

        JsonNode e = json(r);
        assertThat(e.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(e.path("bodyText").asText()).isEqualTo("a=1&b=%C3%A9");
    }

    @Test
    void aBase64ResponseBodyIsDecodedForTheClient() throws Exception {
        var r = send(at("/binary"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("image/png");
        assertThat(r.body()).isEqualTo(io.cmautopilot.local.fixtures.EchoHandlerAccess.png());
    }

    @Test
    void aLiteralRouteBeatsAParameterAndTheGreedyProxyTakesTheRest() throws Exception {
        assertThat(json(send(at("/items/special"))).path("routeKey").asText()).isEqualTo("GET /items/special");

        JsonNode e = json(send(at("/files/a/b/c.txt").method("DELETE", HttpRequest.BodyPublishers.noBody())));
        assertThat(e.path("routeKey").asText()).isEqualTo("ANY /files/{proxy+}");
        assertThat(e.path("pathParameters").path("proxy").asText()).isEqualTo("a/b/c.txt");
        assertThat(e.path("method").asText()).isEqualTo("DELETE");
    }

    @Test
    void unknownPathsAre404AndKnownPathsWithAnotherMethod405InTheContractShape() throws Exception {
        var notFound = send(at("/nothing/here"));
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound).path("error").asText()).isEqualTo("not_found");

        var wrongMethod = send(at("/binary").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).contains("GET");
        assertThat(json(wrongMethod).path("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aHandlerThatThrowsIsA500WithoutInternals() throws Exception {
        var r = send(at("/boom"));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).path("error").asText()).isEqualTo("internal");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("IllegalStateException");
    }

    @Test
    void theEnvironmentIsTheTemplatesResolvedToLocalValuesPlusTheLocalSettings() throws Exception {
        JsonNode env = json(send(at("/env")));

        assertThat(env.path("TABLE_NAME").asText()).isEqualTo("cm-local");
        assertThat(env.path("BUS_NAME").asText()).isEqualTo("cm-local-bus");
        assertThat(env.path("GREETING").asText()).isEqualTo("hello");
        assertThat(env.path("STACK_LABEL").asText()).isEqualTo("cm-local-hello");
        assertThat(env.path("WORK_QUEUE_ARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:WorkQueue");
        assertThat(env.path("WORK_QUEUE_URL").asText()).endsWith("/WorkQueue");
        assertThat(env.path("API_URL").asText()).isEqualTo(runtime.baseUrl());
        assertThat(env.path("CM_LOCAL_BASE_URL").asText()).isEqualTo(runtime.baseUrl());
        assertThat(env.path("CM_LOCAL").asText()).isEqualTo("true");
        assertThat(env.path("SENTIMENT_ENGINE").asText()).isEqualTo("lexicon");
        assertThat(env.path("CM_LOCAL_SINK_DIR").asText()).isEqualTo(data.resolve("sink").toAbsolutePath().toString());
        assertThat(env.path("CM_META_APP_SECRET").asText()).hasSize(48);
        assertThat(env.path("CM_META_VERIFY_TOKEN").asText()).hasSize(48);
        assertThat(env.path("CM_X_CONSUMER_SECRET").asText()).hasSize(48);
        assertThat(env.path("CM_LINKEDIN_CLIENT_SECRET").asText()).hasSize(48);
    }
}
