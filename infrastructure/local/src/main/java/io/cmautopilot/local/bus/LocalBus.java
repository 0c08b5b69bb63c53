package io.cmautopilot.local.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.events.Envelope;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.Activity;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.local.template.Wiring.RuleSpec;
import io.cmautopilot.local.template.Wiring.TargetSpec;
import software.amazon.event.ruler.Machine;

import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The local EventBridge bus: each event put becomes the envelope EventBridge builds (version, id, detail-type,
 * source, account, time, region, resources, detail), is matched with event-ruler (the engine behind EventBridge
 * patterns) against every rule of template.yaml, and is delivered to each matching rule's targets asynchronously,
 * as EventBridge does, retried a few times with backoff. A delivery that still fails goes to the target's
 * dead-letter queue when it has one, else is logged.
 */
public final class LocalBus implements Bus {
    private final String busName;
    private final Map<String, RuleSpec> rules = new LinkedHashMap<>();
    private final Machine machine = new Machine();
    private final Targets targets;
    private final Clock clock;
    private final Activity activity;
    private final Consumer<String> log;
    private final int attempts;
    private final long backoffMillis;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** Where rule targets lead: the runtime's functions and queues. */
    public interface Targets {
        JsonNode invoke(String functionId, JsonNode event);

        void send(String queueId, String body);
    }

    public LocalBus(String busName, List<RuleSpec> ruleSpecs, Targets targets, Clock clock, Activity activity,
                    Consumer<String> log, int attempts, long backoffMillis) {
        this.busName = busName;
        this.targets = targets;
        this.clock = clock;
        this.activity = activity;
        this.log = log;
        this.attempts = attempts;
        this.backoffMillis = backoffMillis;
        for (RuleSpec rule : ruleSpecs) {
            if (!rule.enabled()) {
                continue;
            }
            try {
                machine.addRule(rule.id(), rule.patternJson());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("rule " + rule.id() + " has a pattern event-ruler refuses: "
                        + e.getMessage() + "\n  " + rule.patternJson(), e);
            }
            rules.put(rule.id(), rule);
        }
    }

    public String name() {
        return busName;
    }

    @Override
    public List<DomainEvent> put(List<DomainEvent> events) {
        List<DomainEvent> refused = new ArrayList<>();
        for (DomainEvent event : events) {
            try {
                putEnvelope(envelope(event.detailType(), DomainEvent.SOURCE, event.detail()));
            } catch (RejectedExecutionException stopping) {
                // The runtime is shutting down: hand the event back so the caller keeps its pending mark.
                refused.add(event);
            }
        }
        return refused;
    }

    /**
     * Puts an already built envelope (tests, tools); returns the ids of the rules it matched. Queue targets are sent
     * before this returns (a local queue's send is durable, so an event the bus accepted cannot be lost by a crash on
     * its way to a queue); a send that fails there, and every function target, is delivered asynchronously with the
     * bus's retries.
     */
    public List<String> putEnvelope(ObjectNode envelope) {
        List<String> matched = matches(envelope);
        for (String ruleId : matched) {
            for (TargetSpec target : rules.get(ruleId).targets()) {
                JsonNode input = input(target, envelope);
                if (target.kind() == Wiring.TargetKind.QUEUE) {
                    try {
                        targets.send(target.logicalId(), input.toString());
                        continue;
                    } catch (RuntimeException e) {
                        log.accept("[bus] sending to " + target.logicalId() + " failed, retrying: " + e.getMessage());
                    }
                }
                activity.begin();
                try {
                    executor.execute(() -> {
                        try {
                            deliver(ruleId, target, input);
                        } finally {
                            activity.end();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    activity.end();
                    throw e;
                }
            }
        }
        return matched;
    }

    /** The ids of the rules an envelope matches. */
    public List<String> matches(JsonNode envelope) {
        try {
            return machine.rulesForJSONEvent(envelope.toString());
        } catch (Exception e) {
            throw new IllegalArgumentException("event-ruler cannot read the event: " + e.getMessage(), e);
        }
    }

    /** The envelope EventBridge builds around a put event ({@code core.events.Envelope}, docs/EVENTS.md). */
    public ObjectNode envelope(String detailType, String source, JsonNode detail) {
        ObjectNode copy = detail instanceof ObjectNode o ? o.deepCopy() : Json.object();
        return Json.MAPPER.valueToTree(new Envelope("0", UUID.randomUUID().toString(), detailType, source,
                Intrinsics.ACCOUNT, clock.instant().truncatedTo(ChronoUnit.SECONDS), Intrinsics.REGION, List.of(),
                copy));
    }

    public List<RuleSpec> rules() {
        return List.copyOf(rules.values());
    }

    private void deliver(String ruleId, TargetSpec target, JsonNode input) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                switch (target.kind()) {
                    case FUNCTION -> targets.invoke(target.logicalId(), input);
                    case QUEUE -> targets.send(target.logicalId(), input.toString());
                }
                return;
            } catch (RuntimeException e) {
                last = e;
                if (attempt < attempts) {
                    sleep(backoffMillis * (1L << (attempt - 1)));
                }
            }
        }
        String what = input.path("detail-type").asText("event");
        if (target.deadLetterQueue() != null) {
            targets.send(target.deadLetterQueue(), input.toString());
            log.accept("[bus] " + what + " could not be delivered by rule " + ruleId + " to " + target.logicalId()
                    + " after " + attempts + " attempts; sent to " + target.deadLetterQueue() + ": " + last.getMessage());
        } else {
            log.accept("[bus] " + what + " could not be delivered by rule " + ruleId + " to " + target.logicalId()
                    + " after " + attempts + " attempts: " + last.getMessage());
        }
    }

    /** The target's input: a constant {@code Input}, an {@code InputPath} selection, or the whole event. */
    public static JsonNode input(TargetSpec target, JsonNode envelope) {
        if (target.input() != null) {
            return Json.tree(target.input());
        }
        if (target.inputPath() != null && !target.inputPath().equals("$")) {
            String path = target.inputPath();
            if (!path.startsWith("$.")) {
                throw new IllegalArgumentException("InputPath " + path + " is not a $.a.b path");
            }
            JsonNode node = envelope;
            for (String part : path.substring(2).split("\\.")) {
                node = node.path(part);
            }
            return node.isMissingNode() ? Json.MAPPER.nullNode() : node;
        }
        return envelope;
    }

    /** Stops taking events and waits for the deliveries in flight. */
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                log.accept("[bus] deliveries still running after 60 s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
