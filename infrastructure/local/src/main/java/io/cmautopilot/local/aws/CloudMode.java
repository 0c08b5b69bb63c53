package io.cmautopilot.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.local.Activity;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.local.template.Wiring.QueueSourceSpec;
import io.cmautopilot.engines.Template;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The local runtime's cloud mode ({@code ./cm up --aws-endpoint URL}): the functions' AWS adapters run against an
 * AWS-compatible endpoint while DynamoDB stays local, and the runtime plays the parts of CloudFormation (creating the
 * template's bus, rules, queues and secrets there) and of Lambda (draining the queues into the functions, mirroring
 * rules that target functions). docs/LOCAL.md, "Against LocalStack or moto", tells the story.
 */
public final class CloudMode implements AutoCloseable {
    private final AwsEndpoint endpoint;
    private final Consumer<String> log;
    private final AwsEndpoint.SdkSettings settings;
    private final SqsClient sqs;
    private final EventBridgeClient events;
    private final SecretsManagerClient secrets;
    private final SesV2Client ses;
    private final CloudResources resources;
    private final SentMail mail;
    private final List<SqsEventSource> sources = new ArrayList<>();
    private final List<RuleMirror> mirrors = new ArrayList<>();
    private volatile boolean closing;
    private Thread mailCopier;

    /** Checks the endpoint answers, then sets the SDK's endpoint settings for the functions of this process. */
    public CloudMode(AwsEndpoint endpoint, String stack, Consumer<String> log) {
        this.endpoint = endpoint;
        this.log = log;
        this.sqs = endpoint.sqs();
        this.events = endpoint.eventBridge();
        this.secrets = endpoint.secretsManager();
        this.ses = endpoint.ses();
        try {
            sqs.listQueues(b -> b.maxResults(1));
        } catch (SdkException e) {
            closeClients();
            throw new Unreachable("the AWS endpoint " + endpoint.uri() + " does not answer SQS calls ("
                    + e.getMessage() + "); start it first, e.g. moto_server -H 127.0.0.1 -p 5000", e);
        }
        this.settings = endpoint.apply();
        this.resources = new CloudResources(endpoint, sqs, events, secrets, ses, stack, log);
        this.mail = new SentMail(endpoint.uri());
        // An endpoint shared by several runs: the outbox shows only what this run sends.
        mail.ignoreWhatIsThere();
    }

    /** The endpoint did not answer at start. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public AwsEndpoint endpoint() {
        return endpoint;
    }

    public CloudResources resources() {
        return resources;
    }

    /** Creates the platform-settings secret; its ARN is what template.yaml's PlatformSecretsArn parameter takes. */
    public String platformSecret(String name, Map<String, String> camelCaseValues) {
        return resources.platformSecret(name, camelCaseValues);
    }

    public void provision(Template template, Intrinsics in, Wiring wiring, String busName) {
        resources.provision(template, in, wiring, busName);
    }

    /**
     * A function's variables on the endpoint: local placeholders of queues and secrets replaced by the real URLs and
     * ARNs (longest first, so a name never replaces part of a longer one), the endpoint variables added.
     */
    public Map<String, String> environment(Map<String, String> local) {
        List<Map.Entry<String, String>> physical = new ArrayList<>(resources.physicalValues().entrySet());
        physical.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        Map<String, String> env = new LinkedHashMap<>();
        local.forEach((k, v) -> {
            String value = v;
            for (Map.Entry<String, String> p : physical) {
                value = value.replace(p.getKey(), p.getValue());
            }
            env.put(k, value);
        });
        env.putAll(endpoint.variables());
        return env;
    }

    public Services services(Env env, Table table) {
        return new CloudServices(env, table);
    }

    /**
     * Starts Lambda's part: one event source per SQS event of the template, one mirror per rule target that is a
     * function. {@code redelivery}: how soon a failed message is received again (capped by the queue's timeout).
     */
    public void start(Wiring wiring, BiFunction<String, JsonNode, JsonNode> invoke, Activity activity,
                      Duration redelivery, Path outbox) {
        for (QueueSourceSpec s : wiring.queueSources()) {
            if (!s.enabled()) {
                continue;
            }
            Wiring.QueueSpec q = wiring.queues().stream().filter(x -> x.logicalId().equals(s.queue())).findFirst().orElseThrow();
            int seconds = (int) Math.min(q.visibilityTimeoutSeconds(), redelivery.toSeconds());
            SqsEventSource source = new SqsEventSource(new SqsEventSource.Spec(s.id(), s.functionId(),
                    resources.queue(s.queue()), s.batchSize(), s.windowSeconds(), s.reportBatchItemFailures(), seconds),
                    sqs, event -> invoke.apply(s.functionId(), event), activity, endpoint.region(), log);
            sources.add(source);
        }
        for (CloudResources.Mirror m : resources.mirrors()) {
            mirrors.add(new RuleMirror(m, sqs, invoke, activity, (int) Math.min(30, redelivery.toSeconds()), log));
        }
        sources.forEach(SqsEventSource::start);
        mirrors.forEach(RuleMirror::start);
        // The endpoint's sent mail appears in the outbox as the local mailer's would, for people watching it.
        mailCopier = Thread.ofVirtual().name("cloud-mail").start(() -> {
            while (!closing) {
                syncMail(outbox);
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    public List<SqsEventSource> sources() {
        return List.copyOf(sources);
    }

    /** True when every drained queue (sources and mirrors) is empty on the endpoint. */
    public boolean settled() {
        try {
            for (SqsEventSource s : sources) {
                if (s.pending() > 0) {
                    return false;
                }
            }
            for (RuleMirror m : mirrors) {
                if (SqsEventSource.pending(sqs, m.mirror().queue().url()) > 0) {
                    return false;
                }
            }
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    /** The mail SES accepted on the endpoint, copied into the outbox; returns the new .eml files. */
    public List<Path> syncMail(Path outbox) {
        try {
            return mail.copyTo(outbox);
        } catch (IOException e) {
            log.accept("[cloud] cannot copy the endpoint's mail to " + outbox + ": " + e.getMessage());
            return List.of();
        }
    }

    public SentMail mail() {
        return mail;
    }

    /** Stops draining (batches in flight finish), restores the SDK settings, closes the clients. */
    @Override
    public void close() {
        closing = true;
        if (mailCopier != null) {
            mailCopier.interrupt();
        }
        sources.forEach(SqsEventSource::close);
        mirrors.forEach(RuleMirror::close);
        settings.close();
        closeClients();
    }

    private void closeClients() {
        sqs.close();
        events.close();
        secrets.close();
        ses.close();
    }
}
