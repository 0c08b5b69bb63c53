package io.cmautopilot.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.Activity;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring.QueueSourceSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The SQS event source mapping of one function: polls its queue, waits up to the batching window for a full batch,
 * invokes the function with an {@code SQSEvent} of at most {@code BatchSize} records, deletes what succeeded and
 * releases what failed (the whole batch when the function throws; only the reported {@code batchItemFailures} with
 * {@code ReportBatchItemFailures}) for redelivery after the visibility delay.
 */
public final class QueuePoller implements Runnable {
    private final QueueSourceSpec spec;
    private final LocalQueue queue;
    private final Function<JsonNode, JsonNode> function;
    private final long visibilityMillis;
    private final long redeliveryMillis;
    private final Activity activity;
    private final Consumer<String> log;
    private volatile boolean running = true;
    private Thread thread;

    public QueuePoller(QueueSourceSpec spec, LocalQueue queue, Function<JsonNode, JsonNode> function,
                       long visibilityMillis, long redeliveryMillis, Activity activity, Consumer<String> log) {
        this.spec = spec;
        this.queue = queue;
        this.function = function;
        this.visibilityMillis = visibilityMillis;
        this.redeliveryMillis = redeliveryMillis;
        this.activity = activity;
        this.log = log;
    }

    public QueueSourceSpec spec() {
        return spec;
    }

    public synchronized void start() {
        thread = Thread.ofPlatform().daemon().name("sqs-" + spec.id()).start(this);
    }

    /** Stops polling; a batch being processed finishes first. */
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            synchronized (queue) {
                queue.notifyAll();
            }
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (queue.awaitVisible(1, 200) == 0) {
                    continue;
                }
                if (spec.windowSeconds() > 0) {
                    queue.awaitVisible(spec.batchSize(), spec.windowSeconds() * 1000L);
                }
                pollOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.accept("[" + spec.functionId() + "] queue poller error: " + e);
            }
        }
    }

    /** Receives one batch and processes it; returns the number of records delivered (0 when the queue is empty). */
    public int pollOnce() {
        activity.begin();
        try {
            List<LocalQueue.Message> batch = queue.receive(spec.batchSize(), visibilityMillis);
            if (batch.isEmpty()) {
                return 0;
            }
            Set<String> failed = new HashSet<>();
            try {
                JsonNode out = function.apply(event(batch));
                if (spec.reportBatchItemFailures()) {
                    failed.addAll(reportedFailures(out, batch));
                }
            } catch (RuntimeException e) {
                log.accept("[" + spec.functionId() + "] batch of " + batch.size() + " from " + queue.name()
                        + " failed, will be retried: " + e.getMessage());
                batch.forEach(m -> failed.add(m.id()));
            }
            for (LocalQueue.Message m : batch) {
                if (failed.contains(m.id())) {
                    queue.release(m.id(), redeliveryMillis);
                } else {
                    queue.delete(m.id());
                }
            }
            return batch.size();
        } finally {
            activity.end();
        }
    }

    /**
     * The ids the function reported as failed. Lambda treats a malformed report (a null, empty or unknown id) as a
     * failure of the whole batch, so this does too.
     */
    static Set<String> reportedFailures(JsonNode out, List<LocalQueue.Message> batch) {
        Set<String> ids = new HashSet<>();
        Set<String> known = new HashSet<>();
        batch.forEach(m -> known.add(m.id()));
        JsonNode failures = out == null ? null : out.get("batchItemFailures");
        if (failures == null || !failures.isArray()) {
            return ids;
        }
        for (JsonNode f : failures) {
            String id = f.path("itemIdentifier").asText("");
            if (id.isEmpty() || !known.contains(id)) {
                return known;
            }
            ids.add(id);
        }
        return ids;
    }

    ObjectNode event(List<LocalQueue.Message> batch) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        for (LocalQueue.Message m : batch) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.id());
            r.put("receiptHandle", m.id() + "#" + m.receiveCount());
            r.put("body", m.body());
            ObjectNode attrs = r.putObject("attributes");
            attrs.put("ApproximateReceiveCount", Integer.toString(m.receiveCount()));
            attrs.put("SentTimestamp", Long.toString(m.sentAt()));
            attrs.put("SenderId", Intrinsics.ACCOUNT);
            attrs.put("ApproximateFirstReceiveTimestamp", Long.toString(m.firstReceiveAt()));
            r.putObject("messageAttributes");
            r.put("md5OfBody", md5(m.body()));
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", Intrinsics.queueArn(queue.name()));
            r.put("awsRegion", Intrinsics.REGION);
        }
        return event;
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
