package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.local.aws.AwsEndpoint;
import io.cmautopilot.local.aws.CloudMode;
import io.cmautopilot.local.bus.LocalBus;
import io.cmautopilot.local.http.ConsoleAssets;
import io.cmautopilot.local.http.HttpGateway;
import io.cmautopilot.local.schedule.Scheduler;
import io.cmautopilot.local.sqs.LocalQueue;
import io.cmautopilot.local.sqs.QueuePoller;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.local.template.Wiring.FunctionSpec;
import io.cmautopilot.local.template.Wiring.QueueSpec;
import io.cmautopilot.local.template.Wiring.QueueSourceSpec;
import io.cmautopilot.engines.DynamoDbLocal;
import io.cmautopilot.engines.Template;
import io.cmautopilot.engines.TemplateTables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs what template.yaml declares on one machine: every function built once through its {@code (Services)}
 * constructor with local adapters, its HttpApi routes served on 127.0.0.1, its schedules fired, its bus rules
 * matched and delivered, its SQS sources polled. Nothing here names a function: adding one to the template is
 * enough for {@code ./cm up} to run it.
 */
public final class LocalRuntime implements AutoCloseable {
    /** The local name of the template's table (every !Ref to it resolves to this). */
    static final String TABLE_NAME = Intrinsics.STACK;
    static final String BUS_NAME = Intrinsics.STACK + "-bus";

    private final Options options;
    private final Wiring wiring;
    private final Activity activity = new Activity();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final Map<String, LocalQueue> queues = new LinkedHashMap<>();
    private final List<QueuePoller> pollers = new ArrayList<>();
    private final DynamoDbLocal dynamo;
    private final LocalBus bus;
    private final Scheduler scheduler;
    private final HttpGateway http;
    private final ConsoleAssets console;
    private final PlatformSettings settings;
    private final OutboxMailer mailer;
    /** Cloud mode (--aws-endpoint): null when everything runs in process. */
    private final CloudMode cloud;
    private boolean closed;

    /** How to run: where the project and data are, which port, and the knobs tests turn. */
    public record Options(Path root, Path template, Path data, int port, Map<String, String> parameters,
                          Map<String, String> environment, boolean fireSchedules, Duration maxRedeliveryDelay,
                          int busAttempts, Duration busBackoff, Consumer<String> log, AwsEndpoint awsEndpoint) {
        public Options {
            Objects.requireNonNull(root, "root");
            template = template == null ? root.resolve("template.yaml") : template;
            data = Objects.requireNonNull(data, "data").toAbsolutePath();
            parameters = Map.copyOf(parameters);
            environment = Map.copyOf(environment);
            log = log == null ? System.out::println : log;
        }

        public static Builder builder(Path root, Path data) {
            return new Builder(root, data);
        }
    }

    public static final class Builder {
        private final Path root;
        private final Path data;
        private Path template;
        private int port = 3000;
        private final Map<String, String> parameters = new LinkedHashMap<>(Map.of("SentimentEngine", "lexicon"));
        private Map<String, String> environment = System.getenv();
        private boolean fireSchedules = true;
        private Duration maxRedeliveryDelay = Duration.ofSeconds(5);
        private int busAttempts = 3;
        private Duration busBackoff = Duration.ofMillis(200);
        private Consumer<String> log;
        private AwsEndpoint awsEndpoint;

        Builder(Path root, Path data) {
            this.root = root;
            this.data = data;
        }

        public Builder template(Path value) {
            this.template = value;
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + value);
            }
            this.port = value;
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        /** The process environment the platform settings are read from (System.getenv() unless told). */
        public Builder environment(Map<String, String> value) {
            this.environment = value;
            return this;
        }

        /** false: schedules fire only on demand (tests). */
        public Builder fireSchedules(boolean value) {
            this.fireSchedules = value;
            return this;
        }

        /** Caps a queue's VisibilityTimeout before a failed message comes back (30 s in AWS is long on a laptop). */
        public Builder maxRedeliveryDelay(Duration value) {
            this.maxRedeliveryDelay = value;
            return this;
        }

        public Builder busRetries(int attempts, Duration backoff) {
            if (attempts < 1) {
                throw new IllegalArgumentException("at least one delivery attempt");
            }
            this.busAttempts = attempts;
            this.busBackoff = backoff;
            return this;
        }

        public Builder log(Consumer<String> value) {
            this.log = value;
            return this;
        }

        /**
         * Cloud mode: bus, queues, mail and secrets on this AWS-compatible endpoint (moto, LocalStack) through the
         * functions' production adapters; DynamoDB stays local. Null for the in-process engines.
         */
        public Builder awsEndpoint(AwsEndpoint value) {
            this.awsEndpoint = value;
            return this;
        }

        public LocalRuntime start() {
            return new LocalRuntime(new Options(root, template, data, port, parameters, environment, fireSchedules,
                    maxRedeliveryDelay, busAttempts, busBackoff, log, awsEndpoint));
        }
    }

    public static Builder builder(Path root, Path data) {
        return new Builder(root, data);
    }

    private LocalRuntime(Options options) {
        this.options = options;
        Consumer<String> log = options.log();
        Template template = Template.load(options.template());
        // Read once for the routes, then again once the port is known, so that an API URL built from the HttpApi
        // (!Sub https://${HttpApi}.execute-api...) resolves to this runtime's own URL.
        List<Wiring.RouteSpec> routes = Wiring.read(template,
                new Intrinsics(template, options.parameters(), TABLE_NAME, BUS_NAME)).routes();
        Path data = options.data();
        // The port first: a busy port is reported before DynamoDB Local and the functions take their seconds to start.
        this.http = new HttpGateway(options.port(), routes, this::invoke, new LocalControl(this), log);
        this.console = new ConsoleAssets(options.root().resolve("console").resolve("dist"));
        http.mount(ConsoleAssets.PREFIX, console);
        Clock clock = Clock.systemUTC();
        FileSecrets secrets = new FileSecrets(data.resolve("secrets.json"));
        Map<String, String> parameters = new LinkedHashMap<>(options.parameters());
        CloudMode cloudMode = null;
        try {
            Files.createDirectories(data);
            Files.createDirectories(outbox());
            Files.createDirectories(sink());
            this.settings = PlatformSettings.resolve(options.environment(), secrets);
            this.mailer = new OutboxMailer(outbox(), clock);
            if (options.awsEndpoint() != null) {
                cloudMode = new CloudMode(options.awsEndpoint(), Intrinsics.STACK, log);
                // What an operator passes as PlatformSecretsArn in AWS: the webhook app secrets as one JSON secret.
                String prefix = template.section("Parameters").containsKey("SecretsPrefix")
                        ? new Intrinsics(template, parameters, TABLE_NAME, BUS_NAME).ref("SecretsPrefix") : "cm-autopilot";
                String arn = cloudMode.platformSecret(prefix + "/local/platform-settings", settings.platformSecrets());
                if (template.section("Parameters").containsKey("PlatformSecretsArn")) {
                    parameters.put("PlatformSecretsArn", arn);
                }
            }
        } catch (IOException e) {
            http.close();
            throw new UncheckedIOException("cannot create the data folder " + data, e);
        } catch (RuntimeException e) {
            http.close();
            if (cloudMode != null) {
                cloudMode.close();
            }
            throw e;
        }
        this.cloud = cloudMode;
        Intrinsics in = new Intrinsics(template, parameters, TABLE_NAME, BUS_NAME, baseUrl());
        try {
            this.wiring = Wiring.read(template, in);
            this.dynamo = DynamoDbLocal.persistent(data.resolve("dynamodb"), DynamoDbLocal.freePort());
        } catch (RuntimeException e) {
            http.close();
            if (cloud != null) {
                cloud.close();
            }
            throw e;
        }
        try {
            var client = dynamo.client();
            List<String> tables = template.ofType("AWS::DynamoDB::Table");
            for (String t : tables) {
                TemplateTables.create(client, template, t, in.ref(t));
            }
            Table table = new Table(client, tables.isEmpty() ? TABLE_NAME : in.ref(tables.get(0)));

            for (QueueSpec q : wiring.queues()) {
                createQueue(q);
            }
            restoreQueues();
            this.bus = new LocalBus(BUS_NAME, wiring.rules(), new LocalBus.Targets() {
                @Override
                public JsonNode invoke(String functionId, JsonNode event) {
                    return LocalRuntime.this.invoke(functionId, event);
                }

                @Override
                public void send(String queueId, String body) {
                    queues.get(queueId).send(body);
                }
            }, clock, activity, log, options.busAttempts(), options.busBackoff().toMillis());

            HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            LocalServices base = new LocalServices(new Env(Map.of()), clock, table, bus, secrets, mailer, httpClient);
            if (cloud != null) {
                cloud.provision(template, in, wiring, BUS_NAME);
            }
            for (FunctionSpec f : wiring.functions()) {
                functions.put(f.logicalId(), LocalFunction.create(f, cloud == null ? base.withEnv(environmentOf(f))
                        : cloud.services(new Env(Map.copyOf(cloud.environment(environmentOf(f)))), table)));
            }
            for (QueueSourceSpec s : cloud == null ? wiring.queueSources() : List.<QueueSourceSpec>of()) {
                QueueSpec q = wiring.queues().stream().filter(x -> x.logicalId().equals(s.queue())).findFirst().orElseThrow();
                long visibility = Math.max(q.visibilityTimeoutSeconds(), functions.get(s.functionId()).spec().timeoutSeconds()) * 1000L;
                long redelivery = Math.min(q.visibilityTimeoutSeconds() * 1000L, options.maxRedeliveryDelay().toMillis());
                pollers.add(new QueuePoller(s, queues.get(s.queue()), e -> invoke(s.functionId(), e), visibility,
                        redelivery, activity, log));
            }
            this.scheduler = new Scheduler(wiring.schedules(), this::invoke, clock, activity, log);
        } catch (RuntimeException e) {
            http.close();
            if (cloud != null) {
                cloud.close();
            }
            dynamo.close();
            throw e;
        }
        http.start();
        pollers.stream().filter(p -> p.spec().enabled()).forEach(QueuePoller::start);
        if (cloud != null) {
            cloud.start(wiring, this::invoke, activity, options.maxRedeliveryDelay(), outbox());
        }
        if (options.fireSchedules()) {
            scheduler.start();
        }
    }

    private void createQueue(QueueSpec q) {
        if (queues.containsKey(q.logicalId())) {
            return;
        }
        LocalQueue dlq = null;
        if (q.deadLetterQueue() != null) {
            wiring.queues().stream().filter(x -> x.logicalId().equals(q.deadLetterQueue())).findFirst().ifPresent(this::createQueue);
            dlq = queues.get(q.deadLetterQueue());
        }
        // Journaled under <data>/queues: a kill -9 loses no acknowledged message (docs/LOCAL.md, "Data folder").
        queues.put(q.logicalId(), new LocalQueue(q.logicalId(), Clock.systemUTC(), dlq, q.maxReceiveCount(),
                queueFolder().resolve(q.logicalId() + ".log"), options.maxRedeliveryDelay().toMillis()));
    }

    /** A function's environment: the template's variables (local values), the platform settings, the local flags. */
    private Map<String, String> environmentOf(FunctionSpec f) {
        Map<String, String> env = new LinkedHashMap<>(f.env());
        // In cloud mode the webhook secrets and the unsubscribe key come from Secrets Manager, as in AWS.
        env.putAll(cloud == null ? settings.values() : settings.baseUrls());
        env.put("CM_LOCAL", "true");
        env.put("CM_LOCAL_SINK_DIR", sink().toString());
        env.put("CM_DATA_DIR", options.data().toString());
        env.put("CM_LOCAL_BASE_URL", baseUrl());
        env.put("PUBLIC_BASE_URL", baseUrl());
        env.put(io.cmautopilot.core.console.ConsoleLinks.ENV, consoleUrl());
        env.put("SENTIMENT_ENGINE", "lexicon");
        env.put("AWS_REGION", cloud == null ? Intrinsics.REGION : cloud.endpoint().region());
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        return env;
    }

    /** Invokes a function by logical id with an event, as its trigger would. */
    public JsonNode invoke(String functionId, JsonNode event) {
        LocalFunction f = functions.get(functionId);
        if (f == null) {
            throw new IllegalArgumentException("no function " + functionId + " in template.yaml");
        }
        return f.invoke(event);
    }

    /** Fires a schedule (by schedule id {@code Function.Event}, or all schedules of a function) now. */
    public List<Scheduler.Fire> fireSchedule(String scheduleOrFunctionId) {
        return scheduler.fireNow(scheduleOrFunctionId);
    }

    /** Fires a schedule now with its event stamped {@code at}, as if the run happened then. */
    public List<Scheduler.Fire> fireSchedule(String scheduleOrFunctionId, java.time.Instant at) {
        return scheduler.fireAt(scheduleOrFunctionId, at);
    }

    /** Waits until no delivery, batch or fire is in flight and every polled queue is empty; false on timeout. */
    public boolean awaitIdle(Duration timeout) {
        return activity.awaitIdle(timeout, () -> pollers.stream().allMatch(p -> queues.get(p.spec().queue()).size() == 0)
                && (cloud == null || cloud.settled()));
    }

    public int port() {
        return http.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Where the browser console is served (docs/CONSOLE.md). */
    public String consoleUrl() {
        return baseUrl() + ConsoleAssets.PREFIX + "/";
    }

    /** Whether console/dist holds a built console. */
    public boolean consoleBuilt() {
        return console.built();
    }

    public Wiring wiring() {
        return wiring;
    }

    public LocalBus bus() {
        return bus;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public LocalQueue queue(String logicalId) {
        LocalQueue q = queues.get(logicalId);
        if (q == null) {
            throw new IllegalArgumentException("no queue " + logicalId + " in template.yaml");
        }
        return q;
    }

    public Map<String, LocalQueue> queues() {
        return Map.copyOf(queues);
    }

    public LocalFunction function(String logicalId) {
        LocalFunction f = functions.get(logicalId);
        if (f == null) {
            throw new IllegalArgumentException("no function " + logicalId + " in template.yaml");
        }
        return f;
    }

    public List<String> functionIds() {
        return List.copyOf(functions.keySet());
    }

    public Path data() {
        return options.data();
    }

    public Path outbox() {
        return options.data().resolve("outbox");
    }

    public Path sink() {
        return options.data().resolve("sink");
    }

    public PlatformSettings settings() {
        return settings;
    }

    /** Cloud mode's state (endpoint, resources created there), or null when everything runs in process. */
    public CloudMode cloud() {
        return cloud;
    }

    /** Cloud mode: copies the mail the endpoint's SES accepted into the outbox; returns the new .eml files. */
    public List<Path> syncMail() {
        return cloud == null ? List.of() : cloud.syncMail(outbox());
    }

    /** What runs, for people: routes, schedules, rules, queues and where things go. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("cm-autopilot local runtime on ").append(baseUrl()).append('\n');
        s.append("  functions (").append(functions.size()).append("): ").append(String.join(", ", functions.keySet())).append('\n');
        s.append("  routes (").append(wiring.routes().size()).append("):\n");
        wiring.routes().stream().sorted(java.util.Comparator.comparing(r -> r.path() + " " + r.method()))
                .forEach(r -> s.append(String.format("    %-7s %-46s -> %s%n", r.method(), r.path(), r.functionId())));
        s.append("  schedules (").append(wiring.schedules().size()).append("):\n");
        wiring.schedules().forEach(sc -> s.append(String.format("    %-38s %-24s -> %s%s  (fire now: POST /_local/schedules/%s/fire)%n",
                sc.id(), sc.expression(), sc.functionId(), sc.enabled() ? "" : " [disabled]", sc.functionId())));
        s.append("  bus rules (").append(wiring.rules().size()).append(") on ").append(BUS_NAME).append(":\n");
        wiring.rules().forEach(r -> s.append(String.format("    %-38s %s -> %s%n", r.id(), r.patternJson(),
                r.targets().stream().map(t -> t.kind().name().toLowerCase() + " " + t.logicalId()).toList())));
        s.append("  queues (").append(wiring.queues().size()).append("):\n");
        wiring.queues().forEach(q -> s.append(String.format("    %-38s%s%s%n", q.logicalId(),
                q.deadLetterQueue() == null ? "" : " dead letters -> " + q.deadLetterQueue() + " after " + q.maxReceiveCount() + " receives",
                wiring.queueSources().stream().filter(x -> x.queue().equals(q.logicalId()))
                        .map(x -> " polled by " + x.functionId() + " (batch " + x.batchSize() + ")").findFirst().orElse(""))));
        if (cloud != null) {
            s.append("  aws:     ").append(cloud.endpoint().uri()).append(" (region ").append(cloud.endpoint().region())
                    .append(": bus, rules, queues, SES, Secrets Manager; rule targets that are functions via mirror queues)\n");
        }
        s.append("  data:    ").append(options.data()).append(" (DynamoDB Local in dynamodb/, secrets in secrets.json)\n");
        s.append("  mail:    ").append(outbox()).append(" (.eml + .html)\n");
        s.append("  sink:    ").append(sink()).append(" (posts to accounts on network 'local')\n");
        s.append("  console: ").append(consoleUrl()).append(console.built() ? "" : " (not built yet: ./cm build)").append('\n');
        s.append("  control: GET /_local/status, POST /_local/schedules/<Function>/fire, GET /_local/idle\n");
        return s.toString();
    }

    /** The runtime's state as JSON (GET /_local/status). */
    ObjectNode status() {
        ObjectNode s = Json.object();
        s.put("baseUrl", baseUrl());
        s.put("data", options.data().toString());
        s.put("outbox", outbox().toString());
        s.put("sink", sink().toString());
        if (cloud != null) {
            s.put("awsEndpoint", cloud.endpoint().uri().toString());
        }
        s.put("inFlight", activity.busy());
        functions.keySet().forEach(s.putArray("functions")::add);
        ArrayNode routes = s.putArray("routes");
        wiring.routes().forEach(r -> routes.addObject().put("routeKey", r.routeKey()).put("function", r.functionId()));
        ArrayNode schedules = s.putArray("schedules");
        wiring.schedules().forEach(sc -> {
            ObjectNode n = schedules.addObject().put("id", sc.id()).put("function", sc.functionId())
                    .put("expression", sc.expression()).put("enabled", sc.enabled());
            scheduler.nextFire(sc.id()).ifPresent(t -> n.put("nextFire", t.toString()));
        });
        ArrayNode rules = s.putArray("rules");
        wiring.rules().forEach(r -> rules.addObject().put("id", r.id()).set("pattern", Json.tree(r.patternJson())));
        ObjectNode qs = s.putObject("queues");
        queues.forEach((name, q) -> qs.putObject(name).put("messages", q.size()).put("visible", q.visible())
                .put("inFlight", q.inFlight()));
        return s;
    }

    /**
     * Stops in order so nothing is lost: no new requests, no new fires, the deliveries and batches in flight run to
     * the end (their own events included), the pollers stop, messages still waiting stay in their journals under
     * {@code <data>/queues} for the next start (as they would after a crash), and DynamoDB Local closes its files.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        scheduler.close();
        if (!awaitIdle(Duration.ofSeconds(30))) {
            options.log().accept("[runtime] work still in flight after 30 s; saving what is queued");
        }
        pollers.forEach(QueuePoller::stop);
        if (cloud != null) {
            cloud.close();
        }
        bus.close();
        queues.values().forEach(LocalQueue::returnInFlight);
        queues.values().forEach(LocalQueue::close);
        dynamo.close();
    }

    private Path queueFolder() {
        return options.data().resolve("queues");
    }

    /** Messages an older runtime saved at Ctrl-C as {@code <queue>.json}: moved into the queue's journal once. */
    private void restoreQueues() {
        for (var e : queues.entrySet()) {
            Path file = queueFolder().resolve(e.getKey() + ".json");
            if (Files.exists(file)) {
                try {
                    JsonNode saved = Json.tree(Files.readAllBytes(file));
                    if (saved instanceof ArrayNode a) {
                        e.getValue().restore(a);
                    }
                    Files.delete(file);
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot read the saved queue " + file, ex);
                }
            }
        }
    }
}
