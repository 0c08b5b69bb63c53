package io.cmautopilot.local.http;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's static files under /console/ on the local runtime: what is served, and what never is. The gateway
 * hands the handler the decoded path, so traversal attempts arrive here as {@code ..} segments; the browser tests
 * (ConsoleEndToEndTest) cover the whole path through the gateway.
 */
class ConsoleAssetsTest {
    @TempDir
    Path dir;
    private ConsoleAssets assets;

    @BeforeEach
    void files() throws IOException {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dist.resolve("index.html"), "<!doctype html><title>console</title>");
        Files.writeString(dist.resolve("app-ABCD1234.js"), "console.log(1)");
        Files.writeString(dir.resolve("secret.txt"), "not for the browser");
        assets = new ConsoleAssets(dist);
    }

    private static String body(HttpGateway.MountedReply r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void serves_the_app_with_its_types_caching_and_security_headers() {
        HttpGateway.MountedReply index = assets.handle("GET", "/console/", "brand=acme");
        assertThat(index.status()).isEqualTo(200);
        assertThat(body(index)).contains("<title>console</title>");
        assertThat(index.headers()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-cache").containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(index.headers().get("Content-Security-Policy")).contains("script-src 'self'")
                .contains("frame-ancestors 'none'");

        HttpGateway.MountedReply js = assets.handle("GET", "/console/app-ABCD1234.js", "");
        assertThat(js.headers()).containsEntry("Content-Type", "text/javascript; charset=utf-8")
                .containsEntry("Cache-Control", "public, max-age=31536000, immutable");
        assertThat(assets.handle("HEAD", "/console/app-ABCD1234.js", "").body()).isEmpty();

        assertThat(body(assets.handle("GET", "/console/config.json", ""))).isEqualTo("{\"auth\":\"none\",\"apiBase\":\"\"}");
    }

    @Test
    void the_bare_prefix_redirects_keeping_the_deep_link() {
        HttpGateway.MountedReply r = assets.handle("GET", "/console", "brand=acme&comment=C1");
        assertThat(r.status()).isEqualTo(308);
        assertThat(r.headers()).containsEntry("Location", "/console/?brand=acme&comment=C1");
    }

    @Test
    void nothing_outside_the_dist_folder_is_served_and_only_get_and_head_are_allowed() throws IOException {
        assertThat(assets.handle("GET", "/console/missing.js", "").status()).isEqualTo(404);
        assertThat(assets.handle("GET", "/consolefoo", "").status()).isEqualTo(404);
        for (String attempt : new String[]{"/console/../secret.txt", "/console/a/../../secret.txt", "/console/..\\secret.txt",
                "/console/\0x"}) {
            HttpGateway.MountedReply r = assets.handle("GET", attempt, "");
            assertThat(r.status()).as(attempt).isEqualTo(404);
            assertThat(body(r)).doesNotContain("not for the browser");
        }
        Files.createSymbolicLink(dir.resolve("dist").resolve("link.txt"), dir.resolve("secret.txt"));
        assertThat(assets.handle("GET", "/console/link.txt", "").status()).as("a link out of dist").isEqualTo(404);
        HttpGateway.MountedReply post = assets.handle("POST", "/console/", "");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
    }

    @Test
    void an_unbuilt_console_says_how_to_build_it() {
        HttpGateway.MountedReply r = new ConsoleAssets(dir.resolve("nothing-here")).handle("GET", "/console/", "");
        assertThat(r.status()).isEqualTo(503);
        assertThat(body(r)).contains("./cm build");
    }
}
