package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.crypto.Hmac;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.engines.ProjectRoot;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * End to end on the REAL template.yaml, driven only over HTTP as a platform and a user would: a signed webhook
 * comment goes in, the management API and the outbox show what became of it.
 */
class LocalLoopTest {
    @TempDir
    static Path data;
    static LocalRuntime runtime;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.builder(ProjectRoot.find(), data).port(0).fireSchedules(false).environment(Map.of())
                .log(System.out::println).start();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends and expects a status; the failure names the step and shows the answer (a missing route says so). */
    static JsonNode step(String what, int status, String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, path, body, headers);
        if (r.statusCode() != status) {
            fail("step '%s': %s %s answered %d, expected %d: %s", what, method, path, r.statusCode(), status, r.body());
        }
        return r.body().isEmpty() ? Json.object() : Json.tree(r.body());
    }

    static JsonNode step(String what, int status, String method, String path, String body)
            throws IOException, InterruptedException {
        return step(what, status, method, path, body, Map.of());
    }

    @Test
    void theRealTemplateIsServedAndUnknownRoutesGetTheContractsErrorShape() throws Exception {
        HttpResponse<String> r = send("GET", "/no/such/route", null, Map.of());

        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode error = Json.tree(r.body());
        assertThat(error.path("error").asText()).isEqualTo("not_found");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(runtime.wiring().routes()).extracting(route -> route.routeKey()).contains("POST /v1/brands");
    }

    @Test
    void aSignedWebhookCommentIsScoredFlaggedCountedAndReachesTheDigest() throws Exception {
        // A brand, alerts to a team address, a subscriber to this hour's daily digest.
        JsonNode brand = step("create the brand", 201, "POST", "/v1/brands",
                "{\"id\":\"loop\",\"name\":\"Loop Coffee\",\"timezone\":\"UTC\",\"language\":\"en\"}");
        String secret = brand.path("webhookSecret").asText();
        assertThat(secret).as("the brand's webhook secret, shown once").isNotBlank();
        step("set the alert e-mail", 200, "PUT", "/v1/brands/loop/settings",
                "{\"alertEmails\":[\"team@loop.example\"],\"watchlist\":[\"refund\"]}");
        int hour = Instant.now().atZone(ZoneOffset.UTC).getHour();
        step("subscribe to the digest", 201, "POST", "/v1/brands/loop/subscriptions",
                "{\"email\":\"boss@loop.example\",\"cadence\":\"daily\",\"hour\":" + hour + ",\"timezone\":\"UTC\",\"language\":\"en\"}");

        // A platform delivers an angry comment through the signed generic webhook; a forged one is refused.
        ObjectNode comment = Json.object().put("network", "mastodon").put("externalId", "loop-1")
                .put("text", "Worst coffee ever, awful service. I want a refund!").put("createdAt", Instant.now().toString())
                .put("permalink", "https://mastodon.example/@angry/1");
        comment.putObject("author").put("id", "u1").put("handle", "angry").put("name", "Angry Customer");
        String raw = comment.toString();
        String ts = Long.toString(Instant.now().getEpochSecond());
        step("deliver a forged comment", 401, "POST", "/webhooks/generic/loop", raw,
                Map.of("X-CM-Timestamp", ts, "X-CM-Signature", "sha256=" + "0".repeat(64)));
        step("deliver the signed comment", 200, "POST", "/webhooks/generic/loop", raw,
                Map.of("X-CM-Timestamp", ts, "X-CM-Signature", "sha256=" + Hmac.sha256Hex(secret, ts + "." + raw)));
        step("deliver the same comment again (a retry)", 200, "POST", "/webhooks/generic/loop", raw,
                Map.of("X-CM-Timestamp", ts, "X-CM-Signature", "sha256=" + Hmac.sha256Hex(secret, ts + "." + raw)));

        // The bus takes it to the queue, scoring scores and flags it.
        JsonNode scored = waitFor("the comment scored", () -> {
            JsonNode items = get("/v1/brands/loop/comments").path("items");
            return items.size() == 1 && items.get(0).hasNonNull("sentiment") ? items.get(0) : null;
        });
        assertThat(scored.path("externalId").asText()).isEqualTo("loop-1");
        assertThat(scored.path("sentiment").toString()).contains("NEGATIVE");
        assertThat(scored.path("flags").toString()).contains("NEGATIVE").contains("WATCHLIST");
        JsonNode firstFlag = scored.path("flags").get(0);
        String flag = firstFlag.isTextual() ? firstFlag.asText() : firstFlag.path("type").asText();
        JsonNode flagged = get("/v1/brands/loop/comments?flag=" + flag).path("items");
        assertThat(flagged).hasSize(1);
        JsonNode positive = get("/v1/brands/loop/comments?sentiment=POSITIVE").path("items");
        assertThat(positive).isEmpty();

        // The counters moved: the digest preview counts the comment.
        String preview = send("GET", "/v1/brands/loop/digest/preview?cadence=daily", null, Map.of()).body();
        assertThat(preview).contains("Loop Coffee");

        // The hourly digest run mails the subscriber; the outbox shows the comment.
        // The daily digest covers the previous day: run the hourly schedule as of tomorrow at the subscriber's hour.
        String tomorrow = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(java.time.Duration.ofDays(1))
                .plusSeconds(30).toString();
        var fired = step("fire the digest schedule", 200, "POST", "/_local/schedules/" + scheduledFunction("digest")
                + "/fire?at=" + tomorrow, null);
        assertThat(fired.path("fired")).isNotEmpty();
        Path eml = waitFor("the digest to boss@loop.example in the outbox", () -> outbox().stream()
                .filter(p -> p.toString().endsWith(".eml")).filter(p -> read(p).contains("To: boss@loop.example"))
                .findFirst().orElse(null));
        Path digest = eml.resolveSibling(eml.getFileName().toString().replace(".eml", ".html"));
        String html = read(digest);
        assertThat(html).contains("Worst coffee ever");
        assertThat(html).contains("Loop Coffee");
    }

    static String scheduledFunction(String feature) {
        return runtime.wiring().schedules().stream().map(s -> s.functionId())
                .filter(f -> f.toLowerCase().contains(feature)).findFirst()
                .orElseThrow(() -> new AssertionError("template.yaml has no " + feature + " schedule"));
    }

    static JsonNode get(String path) {
        try {
            return step("GET " + path, 200, "GET", path, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Path> outbox() {
        try (Stream<Path> s = Files.list(runtime.outbox())) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    static <T> T waitFor(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            runtime.awaitIdle(Duration.ofSeconds(2));
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited 30 s for " + what);
    }

}
