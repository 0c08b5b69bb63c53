package io.cmautopilot.local;

import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Table;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;

/**
 * The local adapters behind the {@link Services} port: DynamoDB Local, the in-process bus, the secrets file, the
 * outbox mailer, the JDK HTTP client; {@code env} is one function's variables from template.yaml resolved to local
 * values plus the platform settings.
 */
public record LocalServices(Env env, Clock clock, Table table, Bus bus, Secrets secrets, Mailer mailer,
                            HttpClient http) implements Services {

    public LocalServices withEnv(Map<String, String> values) {
        return new LocalServices(new Env(Map.copyOf(values)), clock, table, bus, secrets, mailer, http);
    }
}
