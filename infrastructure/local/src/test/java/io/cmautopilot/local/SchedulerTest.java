package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.schedule.Scheduler;
import io.cmautopilot.local.template.Wiring.ScheduleSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scheduler fires on the expression's next time with the event EventBridge delivers. */
class SchedulerTest {

    @Test
    void anEnabledScheduleFiresAtItsNextTimeWithAScheduledEventOfThatTime() throws InterruptedException {
        // A clock 100 ms before a minute boundary: the every-minute cron is due in 100 ms.
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:59.900Z"), ZoneOffset.UTC);
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        Activity activity = new Activity();
        Scheduler scheduler = new Scheduler(List.of(
                new ScheduleSpec("Fn.Minute", "Fn", "cron(* * * * ? *)", "UTC", true, null),
                new ScheduleSpec("Fn.Off", "Fn", "cron(* * * * ? *)", "UTC", false, null)),
                (fn, event) -> {
                    received.add(event);
                    return Json.object();
                }, clock, activity, line -> { });
        try {
            scheduler.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(activity.awaitIdle(Duration.ofSeconds(5), () -> true)).isTrue();
        } finally {
            scheduler.close();
        }

        assertThat(received).hasSize(1);
        JsonNode e = received.get(0);
        assertThat(e.path("source").asText()).isEqualTo("aws.events");
        assertThat(e.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(e.path("time").asText()).isEqualTo("2026-01-01T00:01:00Z");
        assertThat(e.path("detail").isObject()).isTrue();
        assertThat(scheduler.nextFire("Fn.Minute")).contains(Instant.parse("2026-01-01T00:02:00Z"));
        assertThat(scheduler.nextFire("Fn.Off")).isEmpty();
    }

    @Test
    void aBadExpressionIsRefusedWithTheScheduleNamed() {
        assertThatThrownBy(() -> new Scheduler(List.of(new ScheduleSpec("Fn.Bad", "Fn", "rate(5 secs)", "UTC", true, null)),
                (fn, event) -> null, Clock.systemUTC(), new Activity(), line -> { }))
                .hasMessageStartingWith("Fn.Bad: ");
    }
}
