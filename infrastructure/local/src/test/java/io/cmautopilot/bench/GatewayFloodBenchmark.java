package io.cmautopilot.bench;

import io.cmautopilot.local.http.GatewayFlood;
import io.cmautopilot.local.http.HttpGateway;

import io.cmautopilot.core.json.Json;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Figures for docs/PERFORMANCE.md ("Local gateway under a flood"): the gateway with its default limits (8 workers,
 * 32 waiting up to 2 s, 10 MB bodies), a route that works 50 ms per request, flooded on loopback by many clients
 * sending large bodies (half with {@code Expect: 100-continue}) from a child JVM, so that the heap figures are the
 * gateway's own. Arguments: clients, requests per client, body MB.
 * Run (from the project root, with a small heap to show it is enough):
 * <pre>
 * mvn -q -o -pl infrastructure/local -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt
 * java -Xmx256m -cp infrastructure/local/target/test-classes:infrastructure/local/target/classes:$(cat infrastructure/local/target/test-cp.txt) \
 *      io.cmautopilot.bench.GatewayFloodBenchmark 64 8 5
 * </pre>
 */
public final class GatewayFloodBenchmark {
    private GatewayFloodBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int perClient = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int mb = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf("max heap %d MB, %d cores%n", Runtime.getRuntime().maxMemory() / 1048576,
                Runtime.getRuntime().availableProcessors());
        try (HttpGateway gateway = GatewayFlood.gateway(HttpGateway.Limits.defaults(), 50)) {
            GatewayFlood.run(gateway, 1, 5, 1024, Duration.ofSeconds(30)); // warm-up
            // the clients run in a child JVM, so the heap sampled here is the gateway's alone
            GatewayFlood.Result r = GatewayFlood.measure(gateway, () -> {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), GatewayFlood.class.getName(),
                        Integer.toString(gateway.port()), Integer.toString(clients), Integer.toString(perClient),
                        Integer.toString(mb * 1024 * 1024)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("clients failed: " + out);
                }
                return Json.read(out.strip(), GatewayFlood.Clients.class);
            });
            System.out.printf("%d clients x %d requests x %d MB: %s%n", clients, perClient, mb, r.figures());
        }
    }
}
