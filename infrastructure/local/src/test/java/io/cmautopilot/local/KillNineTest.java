package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.crypto.Hmac;
import io.cmautopilot.core.counter.CounterBucket;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.engines.DynamoDbLocal;
import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local runtime as a real child JVM ({@code cm up}) on the real template, flooded with signed webhook comments
 * and killed with kill -9 mid-flood, then started again on the same data folder: every comment the webhook
 * acknowledged (200) is scored, and each scored comment is counted exactly once.
 */
class KillNineTest {
    private static final String BRAND = "kill9";
    private static final int COMMENTS = 480;
    private static final int KILL_AFTER = 150;

    @TempDir
    Path data;
    private Process child;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private String start(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-Dcm.root=" + ProjectRoot.find(), "-cp", System.getProperty("java.class.path"),
                "io.cmautopilot.local.Main", "up", "--data", data.toString(), "--port", Integer.toString(port),
                "--no-schedules").redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Process p = child;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("ready: ")) {
                        ready.countDown();
                    }
                    if (line.startsWith("cm:") || line.contains("failed")) {
                        System.out.println("[child] " + line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        });
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("the child runtime is ready").isTrue();
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> send(String base, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every comment of the brand that has a sentiment, by external id, following the API's cursor. */
    private Set<String> scored(String base) throws Exception {
        Set<String> out = new HashSet<>();
        String cursor = null;
        do {
            String path = "/v1/brands/" + BRAND + "/comments?limit=200"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = Json.tree(send(base, "GET", path, null).body());
            page.path("items").forEach(c -> {
                if (c.hasNonNull("sentiment")) {
                    out.add(c.path("externalId").asText());
                }
            });
            cursor = page.path("cursor").isTextual() ? page.path("cursor").asText() : null;
        } while (cursor != null);
        return out;
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void every_acknowledged_comment_is_scored_exactly_once_after_a_kill_9_and_a_restart() throws Exception {
        long t0 = System.nanoTime();
        int port = DynamoDbLocal.freePort();
        String first = start(port);
        long tStarted = System.nanoTime();
        String secret = Json.tree(send(first, "POST", "/v1/brands", "{\"id\":\"" + BRAND
                + "\",\"name\":\"Kill Nine\",\"timezone\":\"UTC\",\"language\":\"en\"}").body()).path("webhookSecret").asText();
        assertThat(secret).isNotBlank();

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        Instant started = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < COMMENTS; i++) {
            String id = "k9-" + i;
            pool.submit(() -> {
                ObjectNode c = Json.object().put("network", "mastodon").put("externalId", id)
                        .put("text", (Integer.parseInt(id.substring(3)) % 2 == 0 ? "Awful service, I want a refund"
                                : "Lovely coffee, thank you")).put("createdAt", Instant.now().toString());
                c.putObject("author").put("id", "u-" + id).put("handle", "user" + id).put("name", "User");
                String raw = c.toString();
                String ts = Long.toString(Instant.now().getEpochSecond());
                try {
                    HttpResponse<String> r = send(first, "POST", "/webhooks/generic/" + BRAND, raw,
                            "X-CM-Timestamp", ts, "X-CM-Signature", "sha256=" + Hmac.sha256Hex(secret, ts + "." + raw));
                    if (r.statusCode() == 200) {
                        acknowledged.add(id);
                    }
                } catch (Exception refusedOrReset) {
                    // the runtime was killed: this one was never acknowledged
                }
                if (sent.incrementAndGet() == KILL_AFTER) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        child.waitFor(10, TimeUnit.SECONDS);
        assertThat(acknowledged.size()).as("acknowledged before the kill").isGreaterThan(50);

        long tKilled = System.nanoTime();
        String base = start(port);
        long tRestarted = System.nanoTime();
        Set<String> scored = Set.of();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            scored = scored(base);
            if (scored.containsAll(acknowledged)) {
                break;
            }
            Thread.sleep(500);
        }
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(scored);
        assertThat(missing).as("acknowledged comments never scored (of %d)", acknowledged.size()).isEmpty();
        assertThat(send(base, "GET", "/_local/idle?timeout=30", null).statusCode()).isEqualTo(200);
        Set<String> finalScored = scored(base);
        long tScored = System.nanoTime();

        // A clean stop, then the table itself: each scored comment was counted once, however often it was delivered.
        child.destroy();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (DynamoDbLocal dynamo = DynamoDbLocal.persistent(data.resolve("dynamodb"), DynamoDbLocal.freePort())) {
            List<CounterBucket> hours = new CounterStore(new Table(dynamo.client(), Intrinsics.STACK))
                    .hours(BRAND, started.minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
            long counted = hours.stream().mapToLong(h -> h.get(Counters.COMMENTS)).sum();
            assertThat(counted).as("comments counted by scoring").isEqualTo(finalScored.size());
        }
        System.out.printf("[kill -9] %d sent, %d acknowledged before the kill, %d scored after the restart, none lost;"
                        + " start %d ms, flood + kill %d ms, restart %d ms, scoring %d ms, stop + check %d ms%n",
                COMMENTS, acknowledged.size(), finalScored.size(), (tStarted - t0) / 1_000_000,
                (tKilled - tStarted) / 1_000_000, (tRestarted - tKilled) / 1_000_000, (tScored - tRestarted) / 1_000_000,
                (System.nanoTime() - tScored) / 1_000_000);
    }
}
