package io.cmautopilot.core.config;

import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Table;

import java.net.http.HttpClient;
import java.time.Clock;

/**
 * The ports every function is wired from. Each handler has three constructors: no-argument (production:
 * {@link AwsServices#fromEnvironment()}), {@code (Services)} (the local runtime, which passes its local adapters),
 * and one taking every collaborator (tests). The local runtime finds the {@code (Services)} constructor of the
 * {@code Handler} class named in template.yaml, so a new function needs no runtime change.
 */
public interface Services {
    Env env();

    Clock clock();

    Table table();

    Bus bus();

    Secrets secrets();

    Mailer mailer();

    /** The shared HTTP client for the social platforms' APIs and team webhooks. */
    HttpClient http();
}
