package io.cmautopilot.local.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's static files under /console/ on the local runtime: what is served, and what never is. */
class ConsoleAssetsTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dist.resolve("index.html"), "<!doctype html><title>console</title>");
        Files.writeString(dist.resolve("app-ABCD1234.js"), "console.log(1)");
        Files.writeString(dir.resolve("secret.txt"), "not for the browser");
        server = serve(dist);
    }

    private static HttpServer serve(Path dist) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext(ConsoleAssets.PREFIX, new ConsoleAssets(dist));
        s.start();
        return s;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String raw(String requestLine) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            s.getOutputStream().write((requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void serves_the_app_with_its_types_caching_and_security_headers() throws Exception {
        HttpResponse<String> index = get("/console/?brand=acme");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<title>console</title>");
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(index.headers().firstValue("content-security-policy").orElseThrow()).contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(index.headers().firstValue("x-content-type-options")).hasValue("nosniff");

        HttpResponse<String> js = get("/console/app-ABCD1234.js");
        assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");

        assertThat(get("/console/config.json").body()).isEqualTo("{\"auth\":\"none\",\"apiBase\":\"\"}");
    }

    @Test
    void the_bare_prefix_redirects_keeping_the_deep_link() throws Exception {
        HttpResponse<String> r = get("/console?brand=acme&comment=C1");
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("location")).hasValue("/console/?brand=acme&comment=C1");
    }

    @Test
    void nothing_outside_the_dist_folder_is_served_and_only_get_and_head_are_allowed() throws Exception {
        assertThat(get("/console/missing.js").statusCode()).isEqualTo(404);
        assertThat(get("/consolefoo").statusCode()).isEqualTo(404);
        // Raw request lines, so that no client normalises the dot segments away before they reach the server.
        assertThat(raw("GET /console/../secret.txt HTTP/1.1")).doesNotContain("not for the browser");
        assertThat(raw("GET /console/%2e%2e/secret.txt HTTP/1.1")).doesNotContain("not for the browser");
        assertThat(raw("GET /console/..%2fsecret.txt HTTP/1.1")).doesNotContain("not for the browser");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/console/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void an_unbuilt_console_says_how_to_build_it() throws Exception {
        server.stop(0);
        server = serve(dir.resolve("nothing-here"));
        HttpResponse<String> r = get("/console/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("./cm build");
    }
}
