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
 * Production wiring from the environment that template.yaml sets. Each SDK client is built on first use and kept:
 * handlers ask for what they need in their constructor, so the clients exist at init (and in the SnapStart
 * snapshot) and a function never builds a client it does not use. Each client built registers a dry call with
 * {@link Priming}.
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
        this.bus = memo(() -> new EventBridgeBus(AwsClients.eventBridge(), env.require("BUS_NAME")));
        this.secrets = memo(() -> new SecretsManagerSecrets(AwsClients.secretsManager(),
                env.get("SECRETS_PREFIX", "cm-autopilot"), Clock.systemUTC()));
        this.mailer = memo(() -> SesMailer.fromEnvironment(env));
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
