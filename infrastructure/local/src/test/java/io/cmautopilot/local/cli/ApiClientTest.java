package io.cmautopilot.local.cli;

import com.sun.net.httpserver.HttpServer;
import io.cmautopilot.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's HTTP client: plain to the local runtime, SigV4-signed (execute-api) to a deployed API. */
class ApiClientTest {
    HttpServer server;
    final Map<String, List<String>> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v));
            byte[] body = "{\"ok\":true}".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        System.setProperty("aws.region", "eu-west-3");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void theLocalRuntimeIsCalledWithoutSignature() {
        var r = new ApiClient(endpoint()).post("/v1/brands", Json.object().put("id", "x"));

        assertThat(r.ok()).isTrue();
        assertThat(seen).doesNotContainKey("authorization");
        assertThat(seen.get("content-type")).containsExactly("application/json");
    }

    @Test
    void aDeployedApiIsCalledWithSigV4ForExecuteApiFromTheDefaultCredentials() {
        var r = new ApiClient(endpoint(), true).post("/v1/brands", Json.object().put("id", "x"));

        assertThat(r.ok()).isTrue();
        assertThat(seen.get("authorization")).singleElement().asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-3/execute-api/aws4_request")
                .contains("SignedHeaders=").contains("Signature=");
        assertThat(seen).containsKey("x-amz-date");
    }

    @Test
    void theRegionOfAnExecuteApiHostWins() {
        ApiClient c = new ApiClient("https://abc123.execute-api.ap-southeast-2.amazonaws.com");

        assertThat(c.region()).isEqualTo("ap-southeast-2");
        assertThat(new ApiClient("https://api.example.com").region()).isEqualTo("eu-west-3");
    }
}
