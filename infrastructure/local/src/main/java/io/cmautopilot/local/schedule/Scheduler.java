package io.cmautopilot.local.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.Activity;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring.ScheduleSpec;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Fires the template's schedules on time (each next fire computed from the expression, in UTC unless a ScheduleV2
 * names a zone) and on demand, with the event EventBridge Scheduler/rules deliver: a {@code Scheduled Event} from
 * {@code aws.events}, or the schedule's constant {@code Input}. Missed fires while the runtime was down are not
 * replayed, as EventBridge does not replay them either.
 */
public final class Scheduler {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final BiFunction<String, JsonNode, JsonNode> invoker;
    private final Clock clock;
    private final Activity activity;
    private final Consumer<String> log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedules");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Instant> nextFires = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    private record Entry(ScheduleSpec spec, ScheduleExpression expression) {
    }

    /** One fire: which schedule, when, and what the function returned (or why it failed). */
    public record Fire(String scheduleId, String functionId, Instant at, JsonNode output, String error) {
    }

    public Scheduler(List<ScheduleSpec> specs, BiFunction<String, JsonNode, JsonNode> invoker, Clock clock,
                     Activity activity, Consumer<String> log) {
        this.invoker = invoker;
        this.clock = clock;
        this.activity = activity;
        this.log = log;
        Instant start = clock.instant();
        for (ScheduleSpec s : specs) {
            ScheduleExpression e;
            try {
                e = ScheduleExpression.parse(s.expression(), ZoneId.of(s.timezone()));
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(s.id() + ": " + ex.getMessage(), ex);
            }
            if (e instanceof ScheduleExpression.Rate r) {
                e = r.anchoredAt(start.plus(r.period()));
            }
            entries.put(s.id(), new Entry(s, e));
        }
    }

    /** Starts firing the enabled schedules on time. */
    public void start() {
        for (Entry e : entries.values()) {
            if (e.spec().enabled()) {
                scheduleNext(e, clock.instant());
            }
        }
    }

    private void scheduleNext(Entry e, Instant after) {
        if (stopped) {
            return;
        }
        Optional<Instant> next = e.expression().next(after);
        if (next.isEmpty()) {
            nextFires.remove(e.spec().id());
            return;
        }
        Instant at = next.get();
        nextFires.put(e.spec().id(), at);
        long delay = Math.max(0, at.toEpochMilli() - clock.millis());
        timer.schedule(() -> {
            if (stopped) {
                return;
            }
            activity.begin();
            try {
                workers.execute(() -> {
                    try {
                        fire(e.spec(), at);
                    } finally {
                        activity.end();
                    }
                });
            } catch (RuntimeException rejected) {
                activity.end();
            }
            scheduleNext(e, at);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Fires now, synchronously: the schedule with this id, or every schedule of the function with this logical id.
     * Empty when nothing matches.
     */
    public List<Fire> fireNow(String scheduleOrFunctionId) {
        return fireAt(scheduleOrFunctionId, clock.instant());
    }

    /** Fires now, with the event stamped {@code at} (how the local runtime lets a demo run "tomorrow's" schedule). */
    public List<Fire> fireAt(String scheduleOrFunctionId, Instant at) {
        List<Fire> fires = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.spec().id().equals(scheduleOrFunctionId) || e.spec().functionId().equals(scheduleOrFunctionId)) {
                activity.begin();
                try {
                    fires.add(fire(e.spec(), at));
                } finally {
                    activity.end();
                }
            }
        }
        return fires;
    }

    private Fire fire(ScheduleSpec spec, Instant at) {
        JsonNode event = spec.input() != null ? Json.tree(spec.input()) : scheduledEvent(spec, at);
        try {
            JsonNode out = invoker.apply(spec.functionId(), event);
            return new Fire(spec.id(), spec.functionId(), at, out, null);
        } catch (RuntimeException ex) {
            log.accept("[" + spec.functionId() + "] schedule " + spec.id() + " failed: " + ex.getMessage());
            return new Fire(spec.id(), spec.functionId(), at, null, String.valueOf(ex.getMessage()));
        }
    }

    /** The event an EventBridge schedule rule delivers to Lambda. */
    public static ObjectNode scheduledEvent(ScheduleSpec spec, Instant at) {
        ObjectNode e = Json.object();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "Scheduled Event");
        e.put("source", "aws.events");
        e.put("account", Intrinsics.ACCOUNT);
        e.put("time", at.truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("region", Intrinsics.REGION);
        e.putArray("resources").add("arn:aws:events:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT + ":rule/"
                + Intrinsics.STACK + "-" + spec.id().replace('.', '-'));
        e.putObject("detail");
        return e;
    }

    public List<ScheduleSpec> schedules() {
        return entries.values().stream().map(Entry::spec).toList();
    }

    public Optional<Instant> nextFire(String scheduleId) {
        return Optional.ofNullable(nextFires.get(scheduleId));
    }

    /** Stops firing and waits for the fires in progress. */
    public void close() {
        stopped = true;
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
