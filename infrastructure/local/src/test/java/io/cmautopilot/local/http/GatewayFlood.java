package io.cmautopilot.local.http;

import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Wiring.RouteSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Floods a gateway on loopback with large bodies from many concurrent clients and measures what it did: statuses,
 * refusals (with their Retry-After and error shape), latency, the body bytes it held at once, and the JVM heap
 * sampled every 5 ms. Shared by {@code GatewayFloodTest} (small, asserted) and {@code GatewayFloodBenchmark} (figures).
 */
public final class GatewayFlood {
    public record Result(int requests, Map<Integer, Integer> statuses, int refusalsWithRetryAfter,
                         int refusalsInErrorShape, int transportErrors, long millis, long p50Micros, long p99Micros,
                         long peakBodyBytes, int peakBusy, long baselineHeap, long peakHeap, long heapAfterGc) {
        public String figures() {
            return String.format(java.util.Locale.ROOT, "requests %d in %d ms (%.0f/s); statuses %s; 503 with Retry-After %d,"
                            + " in error shape %d; transport errors %d; latency p50 %.1f ms p99 %.1f ms; body bytes held at"
                            + " once max %.1f MB; busy workers max %d; heap baseline %.0f MB, peak %.0f MB, after GC %.0f MB",
                    requests, millis, requests * 1000.0 / Math.max(1, millis), statuses, refusalsWithRetryAfter,
                    refusalsInErrorShape, transportErrors, p50Micros / 1000.0, p99Micros / 1000.0,
                    peakBodyBytes / 1048576.0, peakBusy, baselineHeap / 1048576.0, peakHeap / 1048576.0,
                    heapAfterGc / 1048576.0);
        }
    }

    private GatewayFlood() {
    }

    /** A gateway whose only route takes {@code workMillis} per request, like a function doing some work. */
    public static HttpGateway gateway(HttpGateway.Limits limits, long workMillis) {
        HttpGateway g = new HttpGateway(0, List.of(new RouteSpec("Upload", "Post", "POST", "/upload")), (fn, event) -> {
            try {
                Thread.sleep(workMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Json.object().put("statusCode", 200).put("body",
                    "{\"received\":" + event.path("body").asText("").length() + "}");
        }, (m, p, q, b) -> null, line -> { }, limits);
        g.start();
        return g;
    }

    /** What the clients saw. */
    public record Clients(int requests, Map<Integer, Integer> statuses, int refusalsWithRetryAfter,
                          int refusalsInErrorShape, int transportErrors, long millis, long p50Micros, long p99Micros) {
    }

    /** Clients and gateway in this JVM (the test). */
    public static Result run(HttpGateway gateway, int clients, int requestsPerClient, int bodyBytes, Duration timeout)
            throws Exception {
        return measure(gateway, () -> flood(gateway.port(), clients, requestsPerClient, bodyBytes, timeout));
    }

    /** Runs the clients while sampling this JVM's heap every 5 ms; the heap is the gateway's when the clients are elsewhere. */
    public static Result measure(HttpGateway gateway, java.util.concurrent.Callable<Clients> clients) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peakHeap = new AtomicLong(baseline);
        AtomicInteger stop = new AtomicInteger();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (stop.get() == 0) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Clients c;
        try {
            c = clients.call();
        } finally {
            stop.set(1);
            sampler.join();
        }
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        return new Result(c.requests(), c.statuses(), c.refusalsWithRetryAfter(), c.refusalsInErrorShape(),
                c.transportErrors(), c.millis(), c.p50Micros(), c.p99Micros(), gateway.stats().peakBodyBytes(),
                gateway.stats().peakBusy(), baseline, peakHeap.get(), after);
    }

    /** {@code clients} concurrent clients, one connection each, half of them with Expect: 100-continue. */
    public static Clients flood(int port, int clients, int requestsPerClient, int bodyBytes, Duration timeout)
            throws Exception {
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'a');
        URI uri = URI.create("http://127.0.0.1:" + port + "/upload");
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger retryAfter = new AtomicInteger();
        AtomicInteger shaped = new AtomicInteger();
        AtomicInteger transport = new AtomicInteger();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            boolean expectContinue = c % 2 == 0;
            futures.add(pool.submit(() -> {
                try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build()) {
                    for (int i = 0; i < requestsPerClient; i++) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                                    .expectContinue(expectContinue).header("Content-Type", "application/octet-stream")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            statuses.merge(r.statusCode(), 1, Integer::sum);
                            if (r.statusCode() == 503) {
                                if (r.headers().firstValue("retry-after").isPresent()) {
                                    retryAfter.incrementAndGet();
                                }
                                var json = Json.tree(r.body());
                                if (json.path("error").asText().equals("overloaded") && json.hasNonNull("message")) {
                                    shaped.incrementAndGet();
                                }
                            }
                        } catch (java.io.IOException e) {
                            transport.incrementAndGet();
                        }
                        latencies.add((System.nanoTime() - t0) / 1000);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(timeout.toMillis() * requestsPerClient + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        pool.shutdown();
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(Long::compare);
        long p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        long p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)));
        return new Clients(clients * requestsPerClient, new java.util.TreeMap<>(statuses), retryAfter.get(),
                shaped.get(), transport.get(), millis, p50, p99);
    }

    /** The clients on their own (a child JVM of the benchmark): port, clients, requests each, body bytes. */
    public static void main(String[] args) throws Exception {
        Clients c = flood(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Duration.ofSeconds(60));
        System.out.println(Json.write(c));
    }
}
