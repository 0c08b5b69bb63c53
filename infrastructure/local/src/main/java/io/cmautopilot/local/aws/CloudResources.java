package io.cmautopilot.local.aws;

import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.local.template.Wiring.QueueSpec;
import io.cmautopilot.local.template.Wiring.RuleSpec;
import io.cmautopilot.local.template.Wiring.TargetKind;
import io.cmautopilot.local.template.Wiring.TargetSpec;
import io.cmautopilot.engines.Template;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Creates on the endpoint what template.yaml declares for the bus, the queues and the secrets, as CloudFormation
 * would: the bus; each queue with its VisibilityTimeout, MessageRetentionPeriod and RedrivePolicy (dead-letter
 * queues first); each rule with its real event pattern and targets (queue targets as declared, with their
 * DeadLetterConfig); each AWS::SecretsManager::Secret (GenerateSecretString through GetRandomPassword); the sender
 * identities (SENDER_EMAIL) in SES, which AWS asks the operator to verify before a deploy.
 *
 * <p>EventBridge cannot deliver to a function off AWS, so a rule that targets a function gets a <em>mirror</em>
 * queue as its target instead, which {@link RuleMirror} drains into the function. Every call is idempotent: a second
 * start against the same endpoint finds what the first created. Only public AWS APIs are called (no moto-only
 * route), so the same code serves LocalStack.
 */
public final class CloudResources {
    /** A queue on the endpoint. */
    public record Queue(String logicalId, String name, String url, String arn) {
    }

    /** A rule target that is a function: its mirror queue and what to invoke. */
    public record Mirror(String ruleId, TargetSpec target, Queue queue, String deadLetterQueue) {
    }

    private final AwsEndpoint endpoint;
    private final SqsClient sqs;
    private final EventBridgeClient events;
    private final SecretsManagerClient secrets;
    private final SesV2Client ses;
    private final String stack;
    private final Consumer<String> log;
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, String> secretArns = new LinkedHashMap<>();
    private final Map<String, String> ruleArns = new LinkedHashMap<>();
    private final List<Mirror> mirrors = new ArrayList<>();
    private final Set<String> identities = new LinkedHashSet<>();

    public CloudResources(AwsEndpoint endpoint, SqsClient sqs, EventBridgeClient events, SecretsManagerClient secrets,
                          SesV2Client ses, String stack, Consumer<String> log) {
        this.endpoint = endpoint;
        this.sqs = sqs;
        this.events = events;
        this.secrets = secrets;
        this.ses = ses;
        this.stack = stack;
        this.log = log;
    }

    /**
     * The platform webhook settings as one JSON secret (what template.yaml's PlatformSecretsArn parameter names in
     * AWS), created or brought up to date; returns its ARN.
     */
    public String platformSecret(String name, Map<String, String> camelCaseValues) {
        String value = Json.write(camelCaseValues);
        try {
            return secrets.createSecret(b -> b.name(name).secretString(value)
                    .description("cm-autopilot platform webhook secrets (local runtime, cloud mode)")).arn();
        } catch (ResourceExistsException e) {
            String arn = secrets.describeSecret(b -> b.secretId(name)).arn();
            secrets.putSecretValue(b -> b.secretId(arn).secretString(value));
            return arn;
        }
    }

    /** Creates everything; call once with the wiring read with the platform secret's ARN as a parameter. */
    public void provision(Template template, Intrinsics in, Wiring wiring, String busName) {
        try {
            events.createEventBus(b -> b.name(busName));
            log.accept("[cloud] created bus " + busName);
        } catch (ResourceAlreadyExistsException e) {
            log.accept("[cloud] bus " + busName + " exists");
        }
        for (QueueSpec q : wiring.queues()) {
            queue(template, wiring, q);
        }
        for (String id : template.ofType("AWS::SecretsManager::Secret")) {
            if (conditionHolds(template, in, id)) {
                secret(template, in, id);
            }
        }
        for (RuleSpec rule : wiring.rules()) {
            rule(busName, rule);
        }
        for (Wiring.FunctionSpec f : wiring.functions()) {
            String sender = f.env().get("SENDER_EMAIL");
            if (sender != null && !sender.isBlank() && identities.add(sender)) {
                try {
                    ses.createEmailIdentity(b -> b.emailIdentity(sender));
                    log.accept("[cloud] created SES identity " + sender);
                } catch (AlreadyExistsException e) {
                    log.accept("[cloud] SES identity " + sender + " exists");
                } catch (software.amazon.awssdk.services.sesv2.model.SesV2Exception e) {
                    // An emulator without CreateEmailIdentity: sending may still work (or be refused, and logged).
                    log.accept("[cloud] could not create the SES identity " + sender + " (" + e.getMessage()
                            + "); mail from it may be refused");
                }
            }
        }
    }

    private static boolean conditionHolds(Template template, Intrinsics in, String id) {
        Object c = template.resource(id).get("Condition");
        return c == null || in.condition(String.valueOf(c));
    }

    private Queue queue(Template template, Wiring wiring, QueueSpec q) {
        Queue existing = queues.get(q.logicalId());
        if (existing != null) {
            return existing;
        }
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(q.visibilityTimeoutSeconds()));
        Object retention = template.properties(q.logicalId()).get("MessageRetentionPeriod");
        if (retention != null) {
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(retention));
        }
        if (q.deadLetterQueue() != null) {
            QueueSpec dlq = wiring.queues().stream().filter(x -> x.logicalId().equals(q.deadLetterQueue())).findFirst()
                    .orElseThrow();
            Queue target = queue(template, wiring, dlq);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, Json.write(Json.object()
                    .put("deadLetterTargetArn", target.arn()).put("maxReceiveCount", q.maxReceiveCount())));
        }
        Queue created = create(q.logicalId(), stack + "-" + q.logicalId(), attributes);
        log.accept("[cloud] queue " + created.name() + (q.deadLetterQueue() == null ? ""
                : " (dead letters to " + queues.get(q.deadLetterQueue()).name() + " after " + q.maxReceiveCount() + " receives)"));
        return created;
    }

    private Queue create(String logicalId, String name, Map<QueueAttributeName, String> attributes) {
        String url;
        try {
            url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        } catch (software.amazon.awssdk.services.sqs.model.QueueNameExistsException e) {
            // Created earlier with other attributes (a template edit): bring them up to date.
            url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            String u = url;
            sqs.setQueueAttributes(b -> b.queueUrl(u).attributes(attributes));
        }
        String u = url;
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(u).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Queue queue = new Queue(logicalId, name, url, arn);
        queues.put(logicalId, queue);
        return queue;
    }

    @SuppressWarnings("unchecked")
    private void secret(Template template, Intrinsics in, String id) {
        Map<String, Object> p = template.properties(id);
        String name = p.get("Name") == null ? stack + "-" + id : in.string(p.get("Name"));
        String value;
        if (p.get("SecretString") != null) {
            value = in.string(p.get("SecretString"));
        } else if (p.get("GenerateSecretString") instanceof Map<?, ?> g) {
            value = generate((Map<String, Object>) g, in);
        } else {
            throw new IllegalArgumentException(id + " has neither SecretString nor GenerateSecretString");
        }
        String arn;
        try {
            String description = p.get("Description") == null ? null : in.string(p.get("Description"));
            arn = secrets.createSecret(b -> b.name(name).secretString(value).description(description)).arn();
            log.accept("[cloud] created secret " + name);
        } catch (ResourceExistsException e) {
            // CloudFormation keeps a generated value across updates: so does a restart.
            arn = secrets.describeSecret(b -> b.secretId(name)).arn();
            log.accept("[cloud] secret " + name + " exists");
        }
        secretArns.put(id, arn);
    }

    /** GenerateSecretString as CloudFormation applies it, through the GetRandomPassword API. */
    private String generate(Map<String, Object> g, Intrinsics in) {
        GetRandomPasswordRequest.Builder b = GetRandomPasswordRequest.builder();
        if (g.get("PasswordLength") != null) {
            b.passwordLength(Long.parseLong(in.string(g.get("PasswordLength"))));
        }
        if (g.get("ExcludeCharacters") != null) {
            b.excludeCharacters(in.string(g.get("ExcludeCharacters")));
        }
        flag(g, in, "ExcludeLowercase", b::excludeLowercase);
        flag(g, in, "ExcludeNumbers", b::excludeNumbers);
        flag(g, in, "ExcludePunctuation", b::excludePunctuation);
        flag(g, in, "ExcludeUppercase", b::excludeUppercase);
        flag(g, in, "IncludeSpace", b::includeSpace);
        flag(g, in, "RequireEachIncludedType", b::requireEachIncludedType);
        String password = secrets.getRandomPassword(b.build()).randomPassword();
        if (g.get("SecretStringTemplate") != null && g.get("GenerateStringKey") != null) {
            var doc = (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(in.string(g.get("SecretStringTemplate")));
            doc.put(in.string(g.get("GenerateStringKey")), password);
            return Json.write(doc);
        }
        return password;
    }

    private static void flag(Map<String, Object> g, Intrinsics in, String key, Consumer<Boolean> set) {
        if (g.get(key) != null) {
            set.accept(Boolean.parseBoolean(in.string(g.get(key))));
        }
    }

    private void rule(String busName, RuleSpec rule) {
        String name = ruleName(rule.id());
        String arn = events.putRule(b -> b.name(name).eventBusName(busName).eventPattern(rule.patternJson())
                .state(rule.enabled() ? RuleState.ENABLED : RuleState.DISABLED)).ruleArn();
        ruleArns.put(rule.id(), arn);
        List<Target> targets = new ArrayList<>();
        int n = 0;
        for (TargetSpec t : rule.targets()) {
            String targetId = "t" + (++n) + "-" + t.logicalId();
            Target.Builder target = Target.builder().id(targetId.length() > 64 ? targetId.substring(0, 64) : targetId);
            if (t.deadLetterQueue() != null) {
                target.deadLetterConfig(d -> d.arn(queues.get(t.deadLetterQueue()).arn()));
            }
            if (t.kind() == TargetKind.QUEUE) {
                Queue q = queues.get(t.logicalId());
                target.arn(q.arn());
                if (t.input() != null) {
                    target.input(t.input());
                }
                if (t.inputPath() != null) {
                    target.inputPath(t.inputPath());
                }
            } else {
                // The function's place is taken by a queue of ours; the whole event goes there and RuleMirror applies
                // Input / InputPath when it invokes, as EventBridge would for the function.
                Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
                attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
                if (t.deadLetterQueue() != null) {
                    attributes.put(QueueAttributeName.REDRIVE_POLICY, Json.write(Json.object()
                            .put("deadLetterTargetArn", queues.get(t.deadLetterQueue()).arn())
                            .put("maxReceiveCount", RuleMirror.ATTEMPTS)));
                }
                Queue mirror = create("mirror:" + rule.id() + ":" + t.logicalId(),
                        queueName(stack + "-" + rule.id() + "-" + t.logicalId() + "-mirror"), attributes);
                mirrors.add(new Mirror(rule.id(), t, mirror, t.deadLetterQueue()));
                target.arn(mirror.arn());
            }
            targets.add(target.build());
        }
        if (!targets.isEmpty()) {
            PutTargetsResponse r = events.putTargets(b -> b.rule(name).eventBusName(busName).targets(targets));
            if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
                throw new IllegalStateException("the endpoint refused targets of rule " + name + ": " + r.failedEntries());
            }
        }
        log.accept("[cloud] rule " + name + " " + rule.patternJson() + " -> " + rule.targets().stream()
                .map(t -> (t.kind() == TargetKind.QUEUE ? "queue " : "function (via mirror queue) ") + t.logicalId()).toList());
    }

    /** EventBridge rule names: 1-64 of {@code [.-_A-Za-z0-9]}. */
    String ruleName(String ruleId) {
        String s = (stack + "-" + ruleId).replaceAll("[^.\\-_A-Za-z0-9]", "-");
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    /** SQS queue names: 1-80 of {@code [-_A-Za-z0-9]}. */
    static String queueName(String raw) {
        String s = raw.replaceAll("[^\\-_A-Za-z0-9]", "-");
        return s.length() > 80 ? s.substring(s.length() - 80) : s;
    }

    public Map<String, Queue> queues() {
        return Map.copyOf(queues);
    }

    public Queue queue(String logicalId) {
        Queue q = queues.get(logicalId);
        if (q == null) {
            throw new IllegalArgumentException("no queue " + logicalId + " on the endpoint");
        }
        return q;
    }

    public Map<String, String> secretArns() {
        return Map.copyOf(secretArns);
    }

    public Map<String, String> ruleArns() {
        return Map.copyOf(ruleArns);
    }

    public List<Mirror> mirrors() {
        return List.copyOf(mirrors);
    }

    /**
     * What the local placeholders of intrinsics (queue URL/ARN, secret ARN) become on the endpoint: applied to each
     * function's variables so that {@code !Ref ScoringQueue} or {@code !Ref UnsubscribeKeySecret} name the real thing.
     */
    public Map<String, String> physicalValues() {
        Map<String, String> m = new LinkedHashMap<>();
        queues.values().stream().filter(q -> !q.logicalId().startsWith("mirror:")).forEach(q -> {
            m.put(Intrinsics.queueUrl(q.logicalId()), q.url());
            m.put(Intrinsics.queueArn(q.logicalId()), q.arn());
        });
        secretArns.forEach((id, arn) -> m.put("arn:aws:local:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT + ":" + id, arn));
        return m;
    }

    public AwsEndpoint endpoint() {
        return endpoint;
    }
}
