package io.cmautopilot.bench;

import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.engines.DynamoDbLocal;
import io.cmautopilot.engines.ProjectRoot;
import io.cmautopilot.engines.Template;
import io.cmautopilot.engines.TemplateTables;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Cold start of every function of template.yaml, next to a stock SAM-tutorial handler, as Lambda's managed Java
 * runtime runs them (docs/PERFORMANCE.md, "Cold start"). For each cold start: the deployment package is unpacked as
 * Lambda does (a task folder that is the working directory, class path {@code /var/task} and {@code /var/task/lib/*}
 * through the runtime's own class loader), a fresh JVM starts with the flags of the java21 runtime plus the
 * template's {@code JAVA_TOOL_OPTIONS}, the real Lambda runtime interface client (the one the managed runtime runs)
 * loads and constructs the handler and asks a local Runtime API ({@link FakeRuntimeApi}) for the event, and the
 * first response ends the measure. DynamoDB Local in memory is the table.
 *
 * <p>Runs are interleaved: each round starts every function once, in an order rotated each round, so a build that
 * another engineer starts on this shared machine slows every variant of a round alike; figures are medians over the
 * rounds, and the API/baseline ratio is the median of the per-round ratios.
 *
 * <p>Arguments: {@code rounds} (default 11), then optionally a comma-separated list of the variants to run
 * ({@code Baseline,ApiFunction,...}). System properties: {@code bench.runtime} (folder holding the runtime interface
 * client, aws-lambda-java-core and aws-lambda-java-serialization jars), {@code bench.baseline} (the stock handler's
 * jar), {@code bench.work} (scratch folder), {@code bench.before} (a folder of older function jars, run as
 * {@code <Function>@before} in the same rounds), {@code bench.variants} ({@code label=jar[@Function[@Handler[@JAVA_TOOL_OPTIONS]]]},
 * comma-separated: one lever at a time), {@code bench.snapstart=true} (the runtime runs the CRaC hooks and asks for
 * {@code restore/next} before the first event), {@code bench.classes=true} (also count the classes each variant
 * loads, with {@code -Xlog:class+load}, in one extra unmeasured round), {@code bench.verbose=true} (every sample).
 * Command: {@code bench/coldstart.sh}.
 */
public final class LambdaColdStart {
    static final int MEMORY_MB = 1024;
    /**
     * The java21 managed runtime's own JVM flags (docs/PERFORMANCE.md cites where they come from), after
     * {@code -XX:MaxRAM}, which stands for the memory of the function's microVM (template.yaml: 1024 MB): without it
     * the JVM would size its initial heap from this machine's memory and never collect during a cold start.
     */
    static final List<String> RUNTIME_FLAGS = List.of("-XX:MaxRAM=" + MEMORY_MB + "m",
            "-XX:MaxHeapSize=" + (MEMORY_MB * 1024 * 85 / 100) + "k",
            "-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
            "-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr",
            // JDK 24+ warns when the runtime client loads its JNI library; Java 21 does not: keep the output alike
            "--enable-native-access=ALL-UNNAMED");
    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String BRAND = "acme";
    static final String TABLE = "cm-bench";

    /** The runtime client's JNI library, extracted once (see main). */
    private static String jni;

    private LambdaColdStart() {
    }

    record Variant(String name, String handler, Path jar, Path task, String event, Map<String, String> env) {
    }

    record Sample(long initMs, long firstMs, long totalMs, long cpuMs, String outcome) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        Set<String> only = args.length > 1 ? Set.of(args[1].split(",")) : Set.of();
        Path root = ProjectRoot.find();
        Path runtimeDir = Path.of(System.getProperty("bench.runtime", "bench/coldstart/target/lambda-runtime"))
                .toAbsolutePath();
        Path work = Path.of(System.getProperty("bench.work", "bench/coldstart/target/work")).toAbsolutePath();
        Path baselineJar = Path.of(System.getProperty("bench.baseline", "bench/stock-handler/target/bench-stock-handler.jar"))
                .toAbsolutePath();
        String runtimeClassPath;
        try (Stream<Path> jars = Files.list(runtimeDir)) {
            runtimeClassPath = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
        }
        if (!runtimeClassPath.contains("runtime-interface-client")) {
            throw new IllegalStateException("no aws-lambda-java-runtime-interface-client jar in " + runtimeDir);
        }
        // The runtime passes the client's JNI library by path (-D...NativeClient.JNI=/var/runtime/lib/jni/...) rather
        // than letting the client extract it from its jar on every start: the same here.
        jni = jniLibrary(runtimeClassPath, work.resolve("jni"));
        Template template = Template.project();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        try (DynamoDbLocal dynamo = DynamoDbLocal.inMemory()) {
            TemplateTables.create(dynamo.client(), template, "Table", TABLE);
            new BrandStore(new Table(dynamo.client(), TABLE)).create(new Brand(BRAND, "Acme", ZoneId.of("Europe/Paris"),
                    "fr", BrandSettings.defaults(), null, Instant.parse("2026-11-01T08:00:00Z")));

            List<Variant> variants = new ArrayList<>();
            Map<String, String> globalEnv = env(template, null);
            if (only.isEmpty() || only.contains("Baseline")) {
                variants.add(new Variant("Baseline", "bench.stock.StockHandler::handleRequest", baselineJar,
                        unpack(baselineJar, work.resolve("Baseline")), getBrandEvent(root), globalEnv));
            }
            for (String fn : template.ofType("AWS::Serverless::Function")) {
                if (!only.isEmpty() && !only.contains(fn)) {
                    continue;
                }
                Map<String, Object> props = template.functionProperties(fn);
                Path jar = root.resolve((String) props.get("CodeUri"));
                if (!Files.exists(jar)) {
                    throw new IllegalStateException(fn + ": " + jar + " is missing; build the functions first (./cm build)");
                }
                variants.add(new Variant(fn, (String) props.get("Handler"), jar, unpack(jar, work.resolve(fn)),
                        event(root, fn), env(template, fn)));
            }

            // bench.before=<folder>: the same functions from jars built before a change, run in the same rounds
            String before = System.getProperty("bench.before", "");
            if (!before.isBlank()) {
                for (Variant v : List.copyOf(variants)) {
                    if (v.name().equals("Baseline")) {
                        continue;
                    }
                    Path jar = Path.of(before).toAbsolutePath().resolve(v.jar().getFileName());
                    variants.add(new Variant(v.name() + "@before", v.handler(), jar,
                            unpack(jar, work.resolve(v.name() + "@before")), v.event(), v.env()));
                }
            }
            // bench.variants=label=jar[@Function[@Handler[@JAVA_TOOL_OPTIONS]]],...: another build of a function, or
            // other JVM options (one lever at a time)
            for (String spec : System.getProperty("bench.variants", "").split(",")) {
                if (spec.isBlank()) {
                    continue;
                }
                String label = spec.substring(0, spec.indexOf('='));
                String[] parts = spec.substring(spec.indexOf('=') + 1).split("@");
                Path jar = Path.of(parts[0]).toAbsolutePath();
                String fn = parts.length > 1 ? parts[1] : "ApiFunction";
                Map<String, Object> props = template.functionProperties(fn);
                String handler = parts.length > 2 && !parts[2].isBlank() ? parts[2] : (String) props.get("Handler");
                Map<String, String> env = new LinkedHashMap<>(env(template, fn));
                if (parts.length > 3) {
                    env.put("JAVA_TOOL_OPTIONS", parts[3]);
                }
                variants.add(new Variant(label, handler, jar, unpack(jar, work.resolve(label)), event(root, fn), env));
            }

            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            variants.forEach(v -> samples.put(v.name(), new ArrayList<>()));
            // one unmeasured round first: the OS page cache then holds every jar and class file alike
            for (Variant v : variants) {
                run(java, runtimeClassPath, v, dynamo, List.of());
            }
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((i + round) % variants.size());
                    Sample s = run(java, runtimeClassPath, v, dynamo, List.of());
                    samples.get(v.name()).add(s);
                    if (Boolean.getBoolean("bench.verbose")) {
                        System.err.printf("  %-22s init %5d  1st %5d  total %5d  cpu %5d  %s%n", v.name(), s.initMs(),
                                s.firstMs(), s.totalMs(), s.cpuMs(), s.outcome());
                    }
                }
                System.err.printf("round %d/%d done%n", round + 1, rounds);
            }
            Map<String, Map<String, Long>> classes = new TreeMap<>();
            if (Boolean.getBoolean("bench.classes")) {
                for (Variant v : variants) {
                    Path log = work.resolve(v.name() + ".classes.log");
                    Files.deleteIfExists(log);
                    run(java, runtimeClassPath, v, dynamo, List.of("-Xlog:class+load=info:file=" + log));
                    classes.put(v.name(), classCounts(log));
                }
            }
            report(variants, samples, classes, rounds);
        }
    }

    /** Extracts the runtime client's JNI library for this machine's architecture once; returns its path. */
    static String jniLibrary(String runtimeClassPath, Path folder) throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        String name = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        Path target = folder.resolve(Path.of(name).getFileName());
        String ric = Arrays.stream(runtimeClassPath.split(File.pathSeparator))
                .filter(p -> p.contains("runtime-interface-client")).findFirst().orElseThrow();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(ric)) {
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                throw new IllegalStateException(ric + " has no " + name);
            }
            Files.createDirectories(folder);
            try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target.toString();
    }

    private static Sample run(String java, String runtimeClassPath, Variant v, DynamoDbLocal dynamo,
                              List<String> extraFlags) throws Exception {
        try (FakeRuntimeApi api = FakeRuntimeApi.serving(v.event())) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(RUNTIME_FLAGS);
            cmd.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jni);
            cmd.addAll(extraFlags);
            cmd.addAll(List.of("-classpath", runtimeClassPath, RUNTIME_MAIN, v.handler()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(v.task().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(v.task().getParent().resolve(v.name() + ".out").toFile());
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("LANG", "en_US.UTF-8");
            env.put("TZ", ":UTC");
            env.put("LAMBDA_TASK_ROOT", v.task().toString());
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("_HANDLER", v.handler());
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env.put("AWS_LAMBDA_FUNCTION_NAME", v.name());
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB));
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + v.name());
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/01/[$LATEST]bench");
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
            // snap-start: the runtime runs the CRaC beforeCheckpoint hooks (priming) and asks for restore/next before
            // the first event, as when Lambda takes the snapshot; the first call then shows what priming left warm
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", Boolean.getBoolean("bench.snapstart") ? "snap-start" : "on-demand");
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            // DynamoDB Local keeps in-memory tables per access key (no -sharedDb): the key the harness seeded with
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "bench-secret");
            env.put("AWS_SESSION_TOKEN", "bench-token");
            // DynamoDB Local for the table; every other AWS service refuses at once (FakeRuntimeApi)
            env.put("AWS_ENDPOINT_URL", api.serviceEndpoint());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
            env.putAll(v.env());
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                long next = api.awaitNext(p, 120);
                FakeRuntimeApi.Result r = api.awaitResult(p, 120);
                long cpu = cpuMillis(p.pid());
                return new Sample((next - t0) / 1_000_000, (r.atNanos() - next) / 1_000_000,
                        (r.atNanos() - t0) / 1_000_000, cpu, outcome(r));
            } finally {
                p.destroyForcibly();
                p.waitFor();
            }
        }
    }

    /**
     * CPU time the process has used so far (user + system, all threads: JIT and GC included), from /proc. Far less
     * sensitive than wall time to the other builds sharing this machine's two cores, and close to what a cold start
     * costs on Lambda, where a 1024 MB function has about 0.6 of a vCPU for all its threads.
     */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code 200} (the HTTP status an HTTP API response carries), {@code ok} for other responses, or the error type. */
    static String outcome(FakeRuntimeApi.Result r) {
        if (r.error()) {
            var m = java.util.regex.Pattern.compile("\"errorType\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
            return "error " + (m.find() ? m.group(1) : r.body());
        }
        var m = java.util.regex.Pattern.compile("^\\{\\s*\"statusCode\"\\s*:\\s*(\\d+)").matcher(r.body());
        return m.find() ? m.group(1) : "ok";
    }

    /** Unpacks a deployment package the way Lambda does into {@code folder/task} (done once, outside any measure). */
    static Path unpack(Path jar, Path folder) throws IOException {
        Path task = folder.resolve("task");
        Path stamp = folder.resolve("unpacked-from");
        String from = jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        if (Files.isDirectory(task) && Files.exists(stamp) && Files.readString(stamp).equals(from)) {
            return task; // this very package is unpacked already
        }
        Files.deleteIfExists(stamp);
        if (Files.exists(task)) {
            try (Stream<Path> walk = Files.walk(task)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(task);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = task.resolve(e.getName()).normalize();
                if (!target.startsWith(task)) {
                    throw new IOException("entry outside the package: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        Files.writeString(stamp, from);
        return task;
    }

    /** The template's environment for a function (Globals merged), intrinsics replaced by bench values. */
    @SuppressWarnings("unchecked")
    static Map<String, String> env(Template template, String fn) {
        Map<String, Object> props = fn == null
                ? (Map<String, Object>) template.section("Globals").getOrDefault("Function", Map.of())
                : template.functionProperties(fn);
        Map<String, Object> vars = (Map<String, Object>) ((Map<String, Object>) props.getOrDefault("Environment",
                Map.of())).getOrDefault("Variables", Map.of());
        Map<String, String> env = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (v instanceof String s) {
                env.put(k, s);
            }
        });
        env.put("TABLE_NAME", TABLE);
        env.put("BUS_NAME", "cm-bench-bus");
        env.put("SECRETS_PREFIX", "cm-autopilot");
        if (vars.containsKey("SENTIMENT_ENGINE")) {
            env.put("SENTIMENT_ENGINE", "lexicon");
        }
        if (vars.containsKey("SENDER_EMAIL")) {
            env.put("SENDER_EMAIL", "digest@example.com");
        }
        if (vars.containsKey("PUBLIC_BASE_URL")) {
            env.put("PUBLIC_BASE_URL", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");
        }
        if (vars.containsKey("UNSUBSCRIBE_KEY_ARN")) {
            env.put("CM_UNSUBSCRIBE_KEY", "bench-unsubscribe-key-0123456789abcdef");
        }
        return env;
    }

    /** The event each function's first invocation gets: a real-shaped sample of its first trigger (events/). */
    static String event(Path root, String fn) throws IOException {
        return event(root, fn, Template.project());
    }

    static String event(Path root, String fn, Template template) throws IOException {
        Path events = root.resolve("events");
        return switch (fn) {
            case "ApiFunction" -> getBrandEvent(root);
            case "PublishFunction" -> Files.readString(events.resolve("publish/schedule.json"));
            case "WebhookFunction" -> Files.readString(events.resolve("intake/meta-handshake.json"));
            case "PollFunction" -> Files.readString(events.resolve("intake/poll-schedule.json"));
            case "PendingSweepFunction" -> Files.readString(events.resolve("intake/sweep-schedule.json"));
            case "ScoringFunction" -> Files.readString(events.resolve("scoring/sqs-comment-received.json"));
            case "DigestFunction" -> Files.readString(events.resolve("digest/hourly-schedule.json"));
            case "DigestHttpFunction" -> Files.readString(events.resolve("digest/preview.json"));
            default -> firstTrigger(template, fn);
        };
    }

    /** A function added since this list was written: a minimal event of its first trigger's kind. */
    @SuppressWarnings("unchecked")
    static String firstTrigger(Template template, String fn) {
        Map<String, Object> events = (Map<String, Object>) template.functionProperties(fn).getOrDefault("Events", Map.of());
        for (Object e : events.values()) {
            String type = String.valueOf(((Map<String, Object>) e).get("Type"));
            switch (type) {
                case "SQS" -> {
                    return "{\"Records\":[]}";
                }
                case "Schedule", "ScheduleV2", "EventBridgeRule" -> {
                    return "{\"version\":\"0\",\"id\":\"bench\",\"detail-type\":\"Scheduled Event\","
                            + "\"source\":\"aws.events\",\"account\":\"123456789012\","
                            + "\"time\":\"2026-12-01T08:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}";
                }
                default -> {
                }
            }
        }
        return "{}";
    }

    /** {@code GET /v1/brands/acme}, from events/api/get-post.json (same headers, IAM authoriser, request context). */
    static String getBrandEvent(Path root) throws IOException {
        return Files.readString(root.resolve("events/api/get-post.json"))
                .replace("GET /v1/brands/{brand}/posts/{id}", "GET /v1/brands/{brand}")
                .replace("/v1/brands/acme/posts/01JDX2Q8Z4K7M3N5P6R8S9T0VW", "/v1/brands/" + BRAND)
                .replaceAll(",\\s*\"id\": \"01JDX2Q8Z4K7M3N5P6R8S9T0VW\"", "");
    }

    /** Loaded classes by where they came from: the JDK's CDS archive, the JDK's modules, or the task's classes. */
    static Map<String, Long> classCounts(Path log) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(log)) {
            lines.forEach(l -> {
                String where = l.contains("shared objects file") ? "cds" : l.contains("source: jrt:/") ? "jdk"
                        : l.contains("/task/") ? "task" : l.contains("lambda-runtime") ? "runtime" : "other";
                counts.merge(where, 1L, Long::sum);
                counts.merge("total", 1L, Long::sum);
            });
        }
        return counts;
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void report(List<Variant> variants, Map<String, List<Sample>> samples,
                               Map<String, Map<String, Long>> classes, int rounds) throws IOException {
        System.out.printf("%d interleaved rounds%s, medians in ms (JVM %s, %s)%n", rounds,
                Boolean.getBoolean("bench.snapstart") ? ", SnapStart init emulated (priming, then restore/next)" : "",
                System.getProperty("java.version"), String.join(" ", RUNTIME_FLAGS));
        System.out.printf("%-28s %9s %8s %8s %8s %8s %8s %8s  %s%n", "function", "jar (MB)", "init", "1st", "total",
                "min", "max", "cpu", "first response");
        for (Variant v : variants) {
            List<Sample> s = samples.get(v.name());
            List<Long> totals = s.stream().map(Sample::totalMs).toList();
            System.out.printf("%-28s %9.1f %8d %8d %8d %8d %8d %8d  %s%n", v.name(), Files.size(v.jar()) / 1_048_576.0,
                    median(s.stream().map(Sample::initMs).toList()), median(s.stream().map(Sample::firstMs).toList()),
                    median(totals), totals.stream().min(Long::compare).orElse(0L),
                    totals.stream().max(Long::compare).orElse(0L), median(s.stream().map(Sample::cpuMs).toList()),
                    s.stream().map(Sample::outcome).distinct().collect(Collectors.joining(",")));
        }
        if (samples.containsKey("Baseline")) {
            for (Variant v : variants) {
                if (v.name().equals("Baseline") || !v.event().contains("GET /v1/brands/{brand}\"")) {
                    continue;
                }
                ratio(v.name(), samples.get("Baseline"), samples.get(v.name()), "whole process", Sample::totalMs);
                ratio(v.name(), samples.get("Baseline"), samples.get(v.name()), "CPU time", Sample::cpuMs);
            }
        }
        if (!classes.isEmpty()) {
            System.out.println("classes loaded (one extra run with -Xlog:class+load):");
            classes.forEach((name, c) -> System.out.printf("%-28s %s%n", name, c));
        }
        System.out.println("load average: " + Arrays.toString(loadAverage()));
    }

    private static void ratio(String name, List<Sample> base, List<Sample> other, String what,
                              java.util.function.ToLongFunction<Sample> metric) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(base.size(), other.size()); i++) {
            ratios.add((double) metric.applyAsLong(other.get(i)) / metric.applyAsLong(base.get(i)));
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf("%s / Baseline, %s, median of %d paired rounds: %.2f (range %.2f-%.2f)%n", name, what,
                sorted.length, median, sorted[0], sorted[sorted.length - 1]);
    }

    private static String[] loadAverage() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/loadavg"))) {
            return Arrays.copyOf(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split(" "), 3);
        } catch (IOException e) {
            return new String[]{"n/a"};
        }
    }
}
