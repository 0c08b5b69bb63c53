package io.cmautopilot.core.config;

import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.EventBridgeBus;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.mail.SesMailer;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.secrets.SecretsManagerSecrets;
import io.cmautopilot.core.store.Table;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Production wiring from the environment that template.yaml sets. Each SDK client is built on first use and kept: a
 * function never builds a client it does not use. The table's client is built when a handler asks for the table (at
 * init); the bus, secrets and mail clients when first called, or by {@link Priming} before a SnapStart snapshot, so
 * the snapshot holds every client the handler asked for.
 */
public final class AwsServices implements Services {
    private final Env env;
    private final Supplier<Table> table;
    private final Supplier<Bus> bus;
    private final Supplier<Secrets> secrets;
    private final Supplier<Mailer> mailer;
    private final Supplier<HttpClient> http;

    private AwsServices(Env env) {
        this.env = env;
        this.table = memo(() -> {
            Table t = new Table(AwsClients.dynamoDb(), env.require("TABLE_NAME"));
            Priming.add(() -> t.client().getItem(b -> b.tableName(t.name()).key(Table.key("PRIME", "PRIME"))));
            return t;
        });
        // Cold start (docs/PERFORMANCE.md, "Cold start"): a handler takes every port in its constructor, but a request
        // may never reach the bus, the secrets or the mail (GET /v1/brands/{brand} needs none of them), and building
        // an SDK client costs tens of milliseconds of an on-demand init. These three hand out a view that builds the
        // client on its first call; priming builds it before a SnapStart snapshot, so a restored function has it.
        Supplier<Bus> eventBridge = memo(() -> new EventBridgeBus(AwsClients.eventBridge(), env.require("BUS_NAME")));
        Supplier<Secrets> secretsManager = memo(() -> new SecretsManagerSecrets(AwsClients.secretsManager(),
                env.get("SECRETS_PREFIX", "cm-autopilot"), Clock.systemUTC()));
        Supplier<Mailer> ses = memo(() -> SesMailer.fromEnvironment(env));
        this.bus = memo(() -> {
            Priming.add(eventBridge::get);
            return events -> eventBridge.get().put(events);
        });
        this.secrets = memo(() -> {
            Priming.add(secretsManager::get);
            return new LazySecrets(secretsManager);
        });
        this.mailer = memo(() -> {
            Priming.add(ses::get);
            return email -> ses.get().send(email);
        });
        Priming.add(() -> Json.write(Json.object().put("prime", true)));
        this.http = memo(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    public static AwsServices fromEnvironment() {
        return new AwsServices(Env.system());
    }

    /**
     * The same wiring from given variables: the local runtime's cloud mode runs several functions in one process,
     * each with its own template.yaml variables; the SDK clients still resolve endpoint, region and credentials
     * by the SDK's standard settings (docs/LOCAL.md, "Against LocalStack or moto").
     */
    public static AwsServices fromEnvironment(Env env) {
        return new AwsServices(env);
    }

    @Override
    public Env env() {
        return env;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Table table() {
        return table.get();
    }

    @Override
    public Bus bus() {
        return bus.get();
    }

    @Override
    public Secrets secrets() {
        return secrets.get();
    }

    @Override
    public Mailer mailer() {
        return mailer.get();
    }

    @Override
    public HttpClient http() {
        return http.get();
    }

    /** {@link Secrets} whose client is built on the first call (see the constructor). */
    private record LazySecrets(Supplier<Secrets> delegate) implements Secrets {
        @Override
        public String create(String name, String value) {
            return delegate.get().create(name, value);
        }

        @Override
        public String get(String ref) {
            return delegate.get().get(ref);
        }

        @Override
        public void update(String ref, String value) {
            delegate.get().update(ref, value);
        }
    }

    private static <T> Supplier<T> memo(Supplier<T> delegate) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = delegate.get();
                }
                return value;
            }
        };
    }
}
