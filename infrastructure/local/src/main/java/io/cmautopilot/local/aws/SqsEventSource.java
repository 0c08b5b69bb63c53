package io.cmautopilot.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.Activity;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lambda's SQS event source mapping, played against a real SQS API: receives up to {@code BatchSize} messages
 * (waiting at most {@code MaximumBatchingWindowInSeconds} to fill a batch), invokes the function with the SQS event
 * Lambda builds, deletes what succeeded and makes the rest visible again after the redelivery delay. With
 * {@code ReportBatchItemFailures} only the {@code batchItemFailures} come back; an item identifier that is empty or not
 * in the batch fails the whole batch, as Lambda documents
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). Moving a message to the
 * dead-letter queue after {@code maxReceiveCount} receives is the queue's own RedrivePolicy, done by SQS.
 */
public final class SqsEventSource extends QueueDrainer {
    /** One mapping: which queue, which batch rules, and the queue's visibility timeout in seconds. */
    public record Spec(String id, String functionId, CloudResources.Queue queue, int batchSize, int windowSeconds,
                       boolean reportBatchItemFailures, int redeliverySeconds) {
        public Spec {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException(id + ": BatchSize must be 1-10000, not " + batchSize);
            }
        }
    }

    /** The result of one batch, for tests and logs. */
    public record BatchResult(int received, int succeeded, int failed, boolean functionError) {
    }

    private final Spec spec;
    private final SqsClient sqs;
    private final Function<JsonNode, JsonNode> function;
    private final Activity activity;
    private final Consumer<String> log;
    private final String region;

    public SqsEventSource(Spec spec, SqsClient sqs, Function<JsonNode, JsonNode> function, Activity activity,
                          String region, Consumer<String> log) {
        this.spec = spec;
        this.sqs = sqs;
        this.function = function;
        this.activity = activity;
        this.region = region;
        this.log = log;
    }

    public Spec spec() {
        return spec;
    }

    public void start() {
        start("sqs-" + spec.id());
    }

    @Override
    protected void loop() {
        long backoff = 200;
        while (running) {
            try {
                pollOnce();
                backoff = 200;
            } catch (SdkException e) {
                if (!running) {
                    return;
                }
                log.accept("[sqs] " + spec.id() + ": the endpoint failed (" + e.getMessage() + "); retrying in " + backoff + " ms");
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** One receive-invoke-settle round; returns what happened, or null when nothing was waiting. */
    public BatchResult pollOnce() {
        List<Message> batch = receive();
        if (batch.isEmpty()) {
            return null;
        }
        activity.begin();
        try {
            return process(batch);
        } finally {
            activity.end();
        }
    }

    private List<Message> receive() {
        List<Message> batch = new ArrayList<>();
        long windowEnd = System.nanoTime() + spec.windowSeconds() * 1_000_000_000L;
        do {
            int want = Math.min(10, spec.batchSize() - batch.size());
            // A short long-poll: an empty queue costs one call a second and stop() is never kept waiting long.
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(spec.queue().url()).maxNumberOfMessages(want)
                    .waitTimeSeconds(batch.isEmpty() ? 1 : 0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            batch.addAll(got);
            if (got.isEmpty() && (batch.isEmpty() || System.nanoTime() >= windowEnd)) {
                break;
            }
            if (got.isEmpty()) {
                sleep(100);
            }
        } while (running && batch.size() < spec.batchSize() && System.nanoTime() < windowEnd);
        return batch;
    }

    private BatchResult process(List<Message> batch) {
        ObjectNode event = event(batch);
        Set<String> failed = new HashSet<>();
        boolean functionError = false;
        try {
            JsonNode response = function.apply(event);
            if (spec.reportBatchItemFailures() && response != null && response.has("batchItemFailures")) {
                Set<String> ids = new HashSet<>();
                batch.forEach(m -> ids.add(m.messageId()));
                for (JsonNode f : response.path("batchItemFailures")) {
                    String id = f.path("itemIdentifier").asText("");
                    if (id.isEmpty() || !ids.contains(id)) {
                        log.accept("[sqs] " + spec.functionId() + " reported a batch item failure '" + id
                                + "' that is not in the batch: the whole batch fails, as in Lambda");
                        failed.addAll(ids);
                        break;
                    }
                    failed.add(id);
                }
            }
        } catch (RuntimeException e) {
            functionError = true;
            batch.forEach(m -> failed.add(m.messageId()));
            log.accept("[sqs] " + spec.functionId() + " failed on a batch of " + batch.size() + " from "
                    + spec.queue().name() + ": " + e.getMessage());
        }
        List<Message> done = batch.stream().filter(m -> !failed.contains(m.messageId())).toList();
        List<Message> retry = batch.stream().filter(m -> failed.contains(m.messageId())).toList();
        delete(done);
        release(retry);
        return new BatchResult(batch.size(), done.size(), retry.size(), functionError);
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(messages.size(), from + 10); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(spec.queue().url()).entries(entries));
            if (r.hasFailed() && !r.failed().isEmpty()) {
                // The message comes back after its visibility timeout and is processed again: at-least-once.
                log.accept("[sqs] could not delete " + r.failed().size() + " processed message(s) from "
                        + spec.queue().name() + ": " + r.failed());
            }
        }
    }

    /** Failed messages become visible again after the redelivery delay instead of the full visibility timeout. */
    private void release(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(messages.size(), from + 10); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).visibilityTimeout(spec.redeliverySeconds()).build());
            }
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(spec.queue().url()).entries(entries));
        }
    }

    /** The event Lambda hands an SQS-triggered function (events/scoring/sqs-comment-received.json has one). */
    ObjectNode event(List<Message> batch) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            Map<String, String> system = new LinkedHashMap<>();
            m.attributesAsStrings().forEach(system::put);
            system.forEach(attributes::put);
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
                ObjectNode v = messageAttributes.putObject(a.getKey());
                if (a.getValue().stringValue() != null) {
                    v.put("stringValue", a.getValue().stringValue());
                }
                if (a.getValue().binaryValue() != null) {
                    v.put("binaryValue", a.getValue().binaryValue().asByteArray());
                }
                v.putArray("stringListValues");
                v.putArray("binaryListValues");
                v.put("dataType", a.getValue().dataType());
            }
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", spec.queue().arn());
            r.put("awsRegion", region);
        }
        return event;
    }

    /** Messages waiting, in flight or delayed on the queue: zero when the source has nothing left to do. */
    public int pending() {
        return pending(sqs, spec.queue().url());
    }

    static int pending(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToInt(v -> v == null || v.isBlank() ? 0 : Integer.parseInt(v)).sum();
    }
}
