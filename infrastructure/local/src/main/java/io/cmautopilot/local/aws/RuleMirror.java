package io.cmautopilot.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.Activity;
import io.cmautopilot.local.bus.LocalBus;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A rule that targets a function, played off AWS: EventBridge puts each matched event on the rule's mirror queue
 * (see {@link CloudResources}), and this drains it into the function one event at a time, as EventBridge invokes a
 * Lambda target asynchronously: the target's Input or InputPath applied, {@value #ATTEMPTS} attempts (Lambda's
 * default of two retries), then the target's DeadLetterConfig queue through the mirror queue's RedrivePolicy, or
 * dropped with a log line when the target has none, as Lambda does.
 */
public final class RuleMirror extends QueueDrainer {
    static final int ATTEMPTS = 3;

    private final CloudResources.Mirror mirror;
    private final SqsClient sqs;
    private final BiFunction<String, JsonNode, JsonNode> invoke;
    private final Activity activity;
    private final Consumer<String> log;
    private final int redeliverySeconds;

    public RuleMirror(CloudResources.Mirror mirror, SqsClient sqs, BiFunction<String, JsonNode, JsonNode> invoke,
                      Activity activity, int redeliverySeconds, Consumer<String> log) {
        this.mirror = mirror;
        this.sqs = sqs;
        this.invoke = invoke;
        this.activity = activity;
        this.redeliverySeconds = redeliverySeconds;
        this.log = log;
    }

    public CloudResources.Mirror mirror() {
        return mirror;
    }

    public void start() {
        start("mirror-" + mirror.ruleId());
    }

    @Override
    protected void loop() {
        while (running) {
            try {
                List<Message> got = sqs.receiveMessage(b -> b.queueUrl(mirror.queue().url()).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                        .messages();
                for (Message m : got) {
                    activity.begin();
                    try {
                        deliver(m);
                    } finally {
                        activity.end();
                    }
                }
            } catch (SdkException e) {
                if (running) {
                    log.accept("[rule] " + mirror.ruleId() + ": the endpoint failed (" + e.getMessage() + ")");
                    sleep(1_000);
                }
            }
        }
    }

    private void deliver(Message m) {
        String functionId = mirror.target().logicalId();
        JsonNode event;
        try {
            event = LocalBus.input(mirror.target(), Json.tree(m.body()));
        } catch (RuntimeException e) {
            log.accept("[rule] " + mirror.ruleId() + ": the message on " + mirror.queue().name()
                    + " is not an event (" + e.getMessage() + "); dropped");
            delete(m);
            return;
        }
        try {
            invoke.apply(functionId, event);
            delete(m);
        } catch (RuntimeException e) {
            int receives = Integer.parseInt(m.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "1"));
            if (receives >= ATTEMPTS && mirror.deadLetterQueue() == null) {
                log.accept("[rule] " + functionId + " failed " + receives + " times on an event of rule "
                        + mirror.ruleId() + " and the target has no DeadLetterConfig; dropped: " + e.getMessage());
                delete(m);
            } else {
                log.accept("[rule] " + functionId + " failed on an event of rule " + mirror.ruleId() + " (attempt "
                        + receives + " of " + ATTEMPTS + "): " + e.getMessage());
                sqs.changeMessageVisibility(b -> b.queueUrl(mirror.queue().url()).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(redeliverySeconds));
            }
        }
    }

    private void delete(Message m) {
        sqs.deleteMessage(b -> b.queueUrl(mirror.queue().url()).receiptHandle(m.receiptHandle()));
    }
}
