package io.cmautopilot.intake;

import io.cmautopilot.core.crypto.Hmac;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.engines.DynamoDbLocal;
import io.cmautopilot.testing.Events;
import io.cmautopilot.engines.Template;
import io.cmautopilot.engines.TemplateTables;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole webhook handler against DynamoDB Local (in memory, same machine): route, size check, signature,
 * parse, normalise, account lookup, conditional insert, bus put (in-memory recording bus), pending-mark clear.
 * Sequential requests, each with new comment ids so every one stores. Reports requests/s and latency
 * percentiles. Run like {@link WebhookPathBenchmark} with the class name
 * {@code io.cmautopilot.intake.WebhookHandlerBenchmark} (optional argument: requests per case, default 2000).
 */
public final class WebhookHandlerBenchmark {
    private WebhookHandlerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (DynamoDbLocal dynamo = DynamoDbLocal.inMemory()) {
            TemplateTables.create(dynamo.client(), Template.project(), "Table", "bench");
            IntakeFixture f = new IntakeFixture(new Table(dynamo.client(), "bench"),
                    Files.createTempDirectory("cm-bench")).withBrand();
            System.out.printf("java %s, %d available processors, DynamoDB Local in memory, %d requests per case%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), n);
            measure("generic (1 comment stored)", f, n, i -> {
                String body = Events.http("intake/generic-comment.json").getBody()
                        .replace("113567812345678901", "bench-" + i);
                return f.generic(body, IntakeFixture.NOW.getEpochSecond());
            });
            measure("meta page feed (2 stored, 1 unknown)", f, n, i -> {
                APIGatewayV2HTTPEvent e = Events.http("intake/meta-page-feed.json");
                e.setBody(e.getBody().replace("_1234567890123456", "_a" + i).replace("_2345678901234567", "_b" + i)
                        .replace("1_5550001", "1_u" + i));
                return IntakeFixture.header(e, "x-hub-signature-256", "sha256=" + Hmac.hex(
                        Hmac.sha256(IntakeFixture.META_SECRET, IntakeFixture.bytes(e.getBody()))));
            });
            measure("meta page feed, duplicate delivery", f, n, i -> IntakeFixture.meta("meta-page-feed.json"));
        }
    }

    private interface Request {
        APIGatewayV2HTTPEvent make(int i);
    }

    private static void measure(String name, IntakeFixture f, int n, Request request) {
        int warm = Math.max(200, n / 5);
        List<APIGatewayV2HTTPEvent> events = new ArrayList<>();
        for (int i = 0; i < warm + n; i++) {
            events.add(request.make(i + (int) (System.nanoTime() & 0xffff) * 100_000));
        }
        for (int i = 0; i < warm; i++) {
            check(f.handler.handleRequest(events.get(i), null).getStatusCode());
        }
        long[] latencies = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            check(f.handler.handleRequest(events.get(warm + i), null).getStatusCode());
            latencies[i] = System.nanoTime() - t;
        }
        long total = System.nanoTime() - start;
        Arrays.sort(latencies);
        System.out.printf("%-40s %,8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", name, n * 1e9 / total,
                latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6, latencies[n - 1] / 1e6);
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("answered " + status);
        }
    }
}
