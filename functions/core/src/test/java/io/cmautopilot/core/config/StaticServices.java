package io.cmautopilot.core.config;

import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Table;

import java.net.http.HttpClient;
import java.time.Clock;

/** {@link Services} from ready-made parts, for the handler tests (the local runtime has its own, LocalServices). */
public record StaticServices(Env env, Clock clock, Table table, Bus bus, Secrets secrets, Mailer mailer,
                             HttpClient http) implements Services {
}
