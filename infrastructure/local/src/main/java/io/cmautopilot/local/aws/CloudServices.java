package io.cmautopilot.local.aws;

import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Table;

import java.net.http.HttpClient;
import java.time.Clock;

/**
 * A function's ports in cloud mode: the production {@link AwsServices} built from the function's own variables
 * (EventBridgeBus, SecretsManagerSecrets, SesMailer, each SDK client resolving the endpoint by the SDK's standard
 * settings), except the table, which stays on DynamoDB Local.
 */
public final class CloudServices implements Services {
    private final AwsServices aws;
    private final Table table;

    public CloudServices(Env env, Table table) {
        this.aws = AwsServices.fromEnvironment(env);
        this.table = table;
    }

    @Override
    public Env env() {
        return aws.env();
    }

    @Override
    public Clock clock() {
        return aws.clock();
    }

    @Override
    public Table table() {
        return table;
    }

    @Override
    public Bus bus() {
        return aws.bus();
    }

    @Override
    public Secrets secrets() {
        return aws.secrets();
    }

    @Override
    public Mailer mailer() {
        return aws.mailer();
    }

    @Override
    public HttpClient http() {
        return aws.http();
    }
}
