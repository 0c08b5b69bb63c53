package io.cmautopilot.publish.bench;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.publish.CheckpointStore;
import io.cmautopilot.publish.FakeNetwork;
import io.cmautopilot.publish.Fixtures;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.Publisher;
import io.cmautopilot.publish.PublisherSettings;
import io.cmautopilot.publish.TickReport;
import io.cmautopilot.engines.DynamoDbLocal;
import io.cmautopilot.engines.Template;
import io.cmautopilot.engines.TemplateTables;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One publishing tick over N due targets (default 1,000) against DynamoDB Local, with networks that answer at once,
 * so what is measured is the publisher and its DynamoDB work: targets per second and DynamoDB calls per target
 * (counted by an SDK {@link ExecutionInterceptor} on the publisher's client only; seeding is not counted).
 * Run from the project root (docs/PERFORMANCE.md, "Publishing"):
 * <pre>
 * mvn -B -q -ntp -pl functions/publish -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED -cp functions/publish/target/test-classes:functions/publish/target/classes:$(cat functions/publish/target/test.classpath) \
 *     io.cmautopilot.publish.bench.TickBenchmark 1000 3
 * </pre>
 */
public final class TickBenchmark {
    private TickBenchmark() {
    }

    static final class CallCounter implements ExecutionInterceptor {
        final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String op = context.request().getClass().getSimpleName().replace("Request", "");
            calls.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
        }

        long total() {
            return calls.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (DynamoDbLocal engine = DynamoDbLocal.inMemory()) {
            DynamoDbClient seedClient = engine.client();
            System.out.printf("warm-up (%d targets)%n", Math.min(200, targets));
            run(engine, seedClient, "bench-warmup", Math.min(200, targets));
            for (int i = 1; i <= runs; i++) {
                System.out.printf("run %d (%d targets)%n", i, targets);
                run(engine, seedClient, "bench-" + i, targets);
            }
        }
        System.exit(0);
    }

    private static void run(DynamoDbLocal engine, DynamoDbClient seedClient, String tableName, int count)
            throws Exception {
        TemplateTables.create(seedClient, Template.project(), "Table", tableName);
        Table seedTable = new Table(seedClient, tableName);
        Path dir = Files.createTempDirectory("tick-bench");
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(seedTable, secrets);
        fx.brand("acme");
        List<Account> accounts = List.of(
                fx.account("acme", "m1", Network.MASTODON, "https://m.example", null, Map.of("accessToken", "t")),
                fx.account("acme", "b1", Network.BLUESKY, null, null, Map.of("identifier", "i", "appPassword", "p")),
                fx.account("acme", "x1", Network.X, null, null, Map.of("accessToken", "t")),
                fx.account("acme", "l1", Network.LOCAL, null, null, Map.of()));
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            fx.post(String.format("P%05d", i), "acme", "post " + i, now.minusSeconds(60 + (i % 50)),
                    accounts.get(i % accounts.size()));
        }

        CallCounter counter = new CallCounter();
        DynamoDbClient counted = DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
        Table table = new Table(counted, tableName);
        List<NetworkPublisher> networks = List.of(new FakeNetwork(Network.MASTODON, true),
                new FakeNetwork(Network.BLUESKY, false), new FakeNetwork(Network.X, false),
                new FakeNetwork(Network.LOCAL, true));
        Publisher publisher = new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table),
                new CheckpointStore(table), secrets, new RecordingBus(), Clock.systemUTC(), networks,
                PublisherSettings.defaults());

        long start = System.nanoTime();
        TickReport report = publisher.tick("bench");
        double seconds = (System.nanoTime() - start) / 1e9;

        int published = report.count("PUBLISHED");
        Map<String, Long> byOp = new TreeMap<>();
        counter.calls.forEach((k, v) -> byOp.put(k, v.get()));
        System.out.printf("  published %d of %d in %.2f s: %.0f targets/s; DynamoDB calls %d = %.2f per target %s%n",
                published, count, seconds, published / seconds, counter.total(),
                (double) counter.total() / Math.max(1, published), byOp);
        counted.close();
    }
}
