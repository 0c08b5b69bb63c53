package io.cmautopilot.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.fixtures.Recorder;
import io.cmautopilot.engines.ProjectRoot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Figures for docs/PERFORMANCE.md ("Local runtime"): start time on the real template and on the test template,
 * HTTP round trips through the payload 2.0 gateway, and bus → rule → function / bus → queue → function
 * throughput. Run (from the project root):
 * <pre>
 * mvn -q -pl infrastructure/local -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt
 * java -cp infrastructure/local/target/test-classes:infrastructure/local/target/classes:$(cat infrastructure/local/target/test-cp.txt) \
 *      io.cmautopilot.local.LocalRuntimeBenchmark
 * </pre>
 */
public final class LocalRuntimeBenchmark {
    private LocalRuntimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = ProjectRoot.find();
        long t0 = System.nanoTime();
        try (LocalRuntime real = LocalRuntime.builder(root, Files.createTempDirectory("cm-bench-real")).port(0)
                .fireSchedules(false).environment(Map.of()).log(l -> { }).start()) {
            System.out.printf("start on the real template (fresh data, %d functions): %d ms%n", real.functionIds().size(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        Path template = root.resolve("infrastructure/local/src/test/resources/test-template.yaml");
        t0 = System.nanoTime();
        try (LocalRuntime rt = LocalRuntime.builder(root, Files.createTempDirectory("cm-bench")).template(template).port(0)
                .fireSchedules(false).environment(Map.of()).log(l -> { }).start()) {
            System.out.printf("start on the test template (4 functions): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create(rt.baseUrl() + "/items/42?x=1")).build();
            for (int i = 0; i < 500; i++) {
                http.send(get, HttpResponse.BodyHandlers.discarding());
            }
            int n = 3000;
            long[] micros = new long[n];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                http.send(get, HttpResponse.BodyHandlers.discarding());
                micros[i] = (System.nanoTime() - s) / 1000;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(micros);
            System.out.printf("HTTP GET through the gateway, sequential, %d requests: p50 %d µs, p99 %d µs, %.0f req/s%n",
                    n, micros[n / 2], micros[n * 99 / 100], n / seconds);

            int events = 2000;
            List<DomainEvent> batch = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                ObjectNode d = Json.object().put("brandId", "b").put("severity", "HIGH").put("i", i);
                batch.add(new DomainEvent("CommentFlagged", d));
            }
            Recorder.clear();
            start = System.nanoTime();
            rt.bus().put(batch);
            rt.awaitIdle(Duration.ofMinutes(2));
            seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("bus -> rule -> function: %d events delivered in %.2f s (%.0f events/s)%n",
                    Recorder.events("RuleFunction").size(), seconds, Recorder.events("RuleFunction").size() / seconds);

            batch.clear();
            for (int i = 0; i < events; i++) {
                batch.add(new DomainEvent("CommentReceived", Json.object().put("brandId", "b").put("i", i)));
            }
            start = System.nanoTime();
            rt.bus().put(batch);
            rt.awaitIdle(Duration.ofMinutes(2));
            seconds = (System.nanoTime() - start) / 1e9;
            long records = Recorder.events("WorkerFunction").stream().mapToLong(b -> b.path("records").size()).sum();
            System.out.printf("bus -> rule -> queue -> function (batches of 3): %d records in %d batches, %.2f s (%.0f records/s)%n",
                    records, Recorder.events("WorkerFunction").size(), seconds, records / seconds);
        }
    }
}
