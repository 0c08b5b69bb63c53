package io.cmautopilot.digest;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.digest.render.DigestRenderer;
import io.cmautopilot.digest.render.Messages;
import io.cmautopilot.engines.DynamoDbLocal;
import io.cmautopilot.engines.Template;
import io.cmautopilot.engines.TemplateTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Digest build time for a brand with 1,000 and with 1,000,000 comments in its day, on DynamoDB Local.
 *
 * <p>The state is what scoring leaves behind: counter buckets (one per hour and per day, whatever the volume: a
 * million comments are a million ADDs into the same 48 buckets, written here as their sums) and the highlight
 * entries of every comment that scoring lists (negative or positive, 10 % needing a reply, 1 % toxic), written as
 * {@link HighlightStore#puts} produces them. Then it times {@link DigestBuilder#build} plus rendering (HTML, text,
 * PNG) of the daily digest, after a warm-up.
 *
 * <p>Run from the project root:
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * mvn -B -q -ntp -pl functions/digest -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp functions/digest/target/test-classes:functions/digest/target/classes:$(cat functions/digest/target/cp.txt) \
 *   io.cmautopilot.digest.DigestBuildBenchmark [sizes=1000,1000000] [highlightCap=-1]
 * </pre>
 * {@code highlightCap} bounds the highlight entries written per brand (-1: all of them), for slow machines.
 */
public final class DigestBuildBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final LocalDate DAY = LocalDate.parse("2026-11-22");
    private static final int WARMUP = 30;
    private static final int RUNS = 100;

    public static void main(String[] args) throws Exception {
        long[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToLong(Long::parseLong).toArray()
                : new long[]{1_000, 1_000_000};
        long cap = args.length > 1 ? Long.parseLong(args[1]) : -1;
        try (DynamoDbLocal engine = DynamoDbLocal.inMemory()) {
            Reads reads = new Reads();
            DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.endpoint())
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.addExecutionInterceptor(reads)).build();
            TemplateTables.create(client, Template.project(), "Table", "bench");
            Table table = new Table(client, "bench");
            BrandStore brands = new BrandStore(table);
            DigestBuilder builder = new DigestBuilder(brands, new CounterStore(table), new HighlightStore(table),
                    new CrisisStore(table));
            DigestRenderer renderer = new DigestRenderer();
            System.out.printf("%-10s %-11s %-7s %-8s %-8s %-9s %-9s %-9s %-8s %-8s %-7s%n", "comments",
                    "highlights", "fill s", "p50 ms", "p95 ms", "build p50", "render p50", "queries", "items",
                    "hl ms", "ctr ms");
            for (long size : sizes) {
                Brand brand = new Brand("b" + size, "Brand " + size, ZONE, "en", null, null, Instant.parse("2026-01-01T00:00:00Z"));
                brands.create(brand);
                long t0 = System.nanoTime();
                fillCounters(table, brand, size);
                long highlights = fillHighlights(table, brand, cap < 0 ? size : Math.min(size, cap));
                double fill = (System.nanoTime() - t0) / 1e9;
                DigestPeriod period = DigestPeriod.before(Subscription.Cadence.DAILY, ZONE, DAY.plusDays(1));
                int htmlBytes = 0;
                for (int i = 0; i < WARMUP; i++) {
                    htmlBytes = renderer.render(builder.build(brand, period), Messages.EN, "m@example.com", "https://x/u").html().length();
                }
                long[] times = new long[RUNS];
                long[] builds = new long[RUNS];
                long[] renders = new long[RUNS];
                reads.reset();
                for (int i = 0; i < RUNS; i++) {
                    long s = System.nanoTime();
                    reads.on = true;
                    DigestData d = builder.build(brand, period);
                    reads.on = false;
                    long b = System.nanoTime();
                    renderer.render(d, Messages.EN, "m@example.com", "https://x/u");
                    long e = System.nanoTime();
                    times[i] = e - s;
                    builds[i] = b - s;
                    renders[i] = e - b;
                    if (d.comments() != size) {
                        throw new IllegalStateException("counted " + d.comments() + " comments, expected " + size);
                    }
                }
                Arrays.sort(times);
                Arrays.sort(builds);
                Arrays.sort(renders);
                System.out.printf("%-10d %-11d %-7.0f %-8.1f %-8.1f %-9.1f %-9.1f %-9d %-8d %-8.1f %-7.1f%n", size,
                        highlights, fill, times[RUNS / 2] / 1e6, times[(int) (RUNS * 0.95)] / 1e6,
                        builds[RUNS / 2] / 1e6, renders[RUNS / 2] / 1e6, reads.requests.get() / RUNS,
                        reads.items.get() / RUNS, reads.highlightNanos.get() / 1e6 / RUNS,
                        reads.counterNanos.get() / 1e6 / RUNS);
            }
        }
    }

    /** The period's and the previous day's 24 hour buckets and day buckets, holding {@code size} comments. */
    private static void fillCounters(Table table, Brand brand, long size) {
        CounterStore counters = new CounterStore(table);
        Network[] networks = {Network.MASTODON, Network.BLUESKY, Network.X, Network.INSTAGRAM};
        for (LocalDate day : List.of(DAY.minusDays(1), DAY)) {
            long total = day.equals(DAY) ? size : size * 9 / 10;
            Instant start = day.atStartOfDay(ZONE).toInstant();
            for (int h = 0; h < 24; h++) {
                long n = total / 24 + (h < total % 24 ? 1 : 0);
                Map<String, Long> d = new HashMap<>();
                d.put(Counters.COMMENTS, n);
                long negative = n / 5;
                long neutral = n / 5;
                long mixed = n / 20;
                d.put(Counters.sentiment(Sentiment.Label.NEGATIVE), negative);
                d.put(Counters.sentiment(Sentiment.Label.NEUTRAL), neutral);
                d.put(Counters.sentiment(Sentiment.Label.MIXED), mixed);
                d.put(Counters.sentiment(Sentiment.Label.POSITIVE), n - negative - neutral - mixed);
                for (int k = 0; k < networks.length; k++) {
                    d.put(Counters.network(networks[k]), n / networks.length + (k < n % networks.length ? 1 : 0));
                }
                d.put(Counters.posts(TargetStatus.PUBLISHED), 1L);
                counters.add(brand.id(), ZONE, start.plus(Duration.ofHours(h)), d);
            }
        }
    }

    /** Highlight entries as scoring writes them, for {@code count} comments spread over the day. */
    private static long fillHighlights(Table table, Brand brand, long count) throws Exception {
        HighlightStore store = new HighlightStore(table);
        Instant start = DAY.atStartOfDay(ZONE).toInstant();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            parts.add(pool.submit(() -> {
                long written = 0;
                List<WriteRequest> batch = new ArrayList<>(25);
                for (long i = offset; i < count; i += threads) {
                    Instant at = start.plusMillis(i * 86_400_000L / Math.max(1, count));
                    int r = (int) (i % 100);
                    Sentiment.Label label = r < 20 ? Sentiment.Label.NEGATIVE : r < 75 ? Sentiment.Label.POSITIVE
                            : Sentiment.Label.NEUTRAL;
                    List<Flag> flags = new ArrayList<>();
                    if (r % 10 == 3) {
                        flags.add(new Flag(Flag.Type.NEEDS_REPLY, Flag.Severity.LOW, List.of()));
                    }
                    if (r == 7) {
                        flags.add(new Flag(Flag.Type.TOXIC, Flag.Severity.HIGH, List.of("insult")));
                    }
                    double score = 0.5 + (i % 5000) / 10_000.0;
                    Sentiment s = new Sentiment(label, Map.of(label.name().toLowerCase(java.util.Locale.ROOT), score),
                            "lexicon", "en");
                    Comment c = Comment.builder().id("C" + i).brandId(brand.id()).accountId("A1")
                            .network(Network.MASTODON).externalId("e" + i)
                            .author(new Comment.Author("u" + i, "user" + i, "User " + i))
                            .text("Comment number " + i + " about the brand").language("en").createdAt(at)
                            .receivedAt(at).permalink("https://social.example/@user" + i + "/" + i).sentiment(s)
                            .flags(flags).scoredVersion(1).hidden(r == 7).build();
                    for (var item : store.items(c, s, flags, ZONE)) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                        if (batch.size() == 25) {
                            written += write(table, batch);
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    written += write(table, batch);
                }
                return written;
            }));
        }
        long total = 0;
        for (Future<Long> f : parts) {
            total += f.get();
        }
        pool.shutdown();
        return total;
    }

    private static int write(Table table, List<WriteRequest> batch) {
        int n = batch.size();
        Map<String, List<WriteRequest>> pending = Map.of(table.name(), List.copyOf(batch));
        while (!pending.isEmpty()) {
            BatchWriteItemResponse r = table.client().batchWriteItem(
                    software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest.builder().requestItems(pending).build());
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
        batch.clear();
        return n;
    }

    /**
     * Counts what one digest build reads (requests, and items DynamoDB examined: {@code ScannedCount} for queries, 1
     * for a get) and the time spent in highlight and counter queries, from the client's side.
     */
    static final class Reads implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Long> START =
                new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("start");
        volatile boolean on;
        final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong items = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong highlightNanos = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong counterNanos = new java.util.concurrent.atomic.AtomicLong();

        void reset() {
            requests.set(0);
            items.set(0);
            highlightNanos.set(0);
            counterNanos.set(0);
        }

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            attributes.putAttribute(START, System.nanoTime());
        }

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (!on) {
                return;
            }
            long elapsed = System.nanoTime() - attributes.getAttribute(START);
            requests.incrementAndGet();
            if (context.response() instanceof software.amazon.awssdk.services.dynamodb.model.QueryResponse r) {
                items.addAndGet(r.scannedCount());
                var q = (software.amazon.awssdk.services.dynamodb.model.QueryRequest) context.request();
                var pk = q.expressionAttributeValues().get(":pk");
                String partition = pk == null ? "" : pk.s();
                if (partition.startsWith("HIGHLIGHT#")) {
                    highlightNanos.addAndGet(elapsed);
                } else if (partition.startsWith("COUNTER#")) {
                    counterNanos.addAndGet(elapsed);
                }
            } else {
                items.incrementAndGet();
            }
        }
    }
}
