package io.cmautopilot.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.fixtures.Recorder;
import io.cmautopilot.local.schedule.Scheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime's wiring in motion on the test template: schedules, bus rules (event-ruler), queue sources. */
class BusSchedulesAndQueuesTest {
    @TempDir
    static Path data;
    static LocalRuntime runtime;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.onTestTemplate(data).start();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void clear() {
        assertThat(runtime.awaitIdle(Duration.ofSeconds(10))).isTrue();
        Recorder.clear();
    }

    static DomainEvent event(String type, String json) {
        return new DomainEvent(type, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(json));
    }

    @Test
    void firingAScheduleDeliversAScheduledEventOrItsConstantInput() {
        List<Scheduler.Fire> fires = runtime.fireSchedule("TickFunction");

        assertThat(fires).extracting(Scheduler.Fire::scheduleId).containsExactly("TickFunction.Every", "TickFunction.Nightly");
        assertThat(fires).allSatisfy(f -> assertThat(f.error()).isNull());
        List<JsonNode> got = Recorder.events("TickFunction");
        assertThat(got).hasSize(2);
        JsonNode scheduled = got.get(0);
        assertThat(scheduled.path("source").asText()).isEqualTo("aws.events");
        assertThat(scheduled.path("detailType").asText()).isEqualTo("Scheduled Event");
        assertThat(scheduled.path("account").asText()).isEqualTo("000000000000");
        assertThat(scheduled.path("time").asText()).isNotBlank();
        assertThat(scheduled.path("resources").get(0).asText()).contains(":rule/");
        // The Nightly schedule has Input: its constant JSON replaces the event, as EventBridge does.
        assertThat(got.get(1).path("detailType").isNull()).isTrue();
    }

    @Test
    void aScheduleCanBeFiredOverHttpAndAnUnknownOneIs404() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/_local/schedules/TickFunction.Every/fire"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.tree(r.body()).path("fired").get(0).path("schedule").asText()).isEqualTo("TickFunction.Every");
        assertThat(Recorder.events("TickFunction")).hasSize(1);

        var missing = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/_local/schedules/Nope/fire"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void withFiringOffSchedulesAreReadButNothingIsPlanned() {
        assertThat(runtime.scheduler().schedules()).extracting(s -> s.expression())
                .containsExactly("rate(1 minute)", "cron(0 3 * * ? *)");
        assertThat(runtime.scheduler().nextFire("TickFunction.Every")).isEmpty();
    }

    @Test
    void anEventPutOnTheBusIsWrappedInTheEventBridgeEnvelopeAndDeliveredToMatchingRules() {
        List<DomainEvent> refused = runtime.bus().put(List.of(
                event("CommentFlagged", "{\"brandId\":\"b1\",\"commentId\":\"c1\",\"severity\":\"HIGH\"}"),
                event("CommentFlagged", "{\"brandId\":\"b1\",\"commentId\":\"c2\",\"severity\":\"LOW\"}"),
                event("PostPublished", "{\"brandId\":\"b1\",\"postId\":\"p1\"}")));

        assertThat(refused).isEmpty();
        assertThat(runtime.awaitIdle(Duration.ofSeconds(10))).isTrue();
        List<JsonNode> got = Recorder.events("RuleFunction");
        assertThat(got).hasSize(1);
        JsonNode e = got.get(0);
        assertThat(e.path("source").asText()).isEqualTo("cm-autopilot");
        assertThat(e.path("detailType").asText()).isEqualTo("CommentFlagged");
        assertThat(e.path("region").asText()).isEqualTo("us-east-1");
        assertThat(e.path("id").asText()).isNotBlank();
        assertThat(e.path("detail").path("commentId").asText()).isEqualTo("c1");
        assertThat(e.path("detail").path("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aRuleCanTargetAQueueWhoseConsumerGetsTheEnvelopeAsTheMessageBody() {
        runtime.bus().put(List.of(event("CommentReceived", "{\"brandId\":\"b1\",\"commentId\":\"c9\"}")));

        assertThat(runtime.awaitIdle(Duration.ofSeconds(10))).isTrue();
        List<JsonNode> batches = Recorder.events("WorkerFunction");
        assertThat(batches).hasSize(1);
        JsonNode record = batches.get(0).path("records").get(0);
        assertThat(record.path("eventSourceARN").asText()).endsWith(":WorkQueue");
        JsonNode body = Json.tree(record.path("body").asText());
        assertThat(body.path("detail-type").asText()).isEqualTo("CommentReceived");
        assertThat(body.path("detail").path("commentId").asText()).isEqualTo("c9");
    }

    @Test
    void aFunctionsOwnEventsFlowThroughTheBusToo() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/emit"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"detailType\":\"CommentFlagged\",\"detail\":{\"brandId\":\"b2\",\"severity\":\"HIGH\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(runtime.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(Recorder.events("RuleFunction")).extracting(e -> e.path("detail").path("brandId").asText())
                .containsExactly("b2");
    }

    @Test
    void aFailingDeliveryIsRetried() {
        runtime.bus().put(List.of(event("CommentFlagged", "{\"brandId\":\"b3\",\"severity\":\"HIGH\",\"failTimes\":2}")));

        assertThat(runtime.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(Recorder.events("RuleFunction")).hasSize(1);
    }

    @Test
    void queuedWorkIsRetriedPerItemThenDeadLettered() {
        runtime.queue("WorkQueue").send("fine");
        runtime.queue("WorkQueue").send("fail-once");
        runtime.queue("WorkQueue").send("fail-always");

        assertThat(runtime.awaitIdle(Duration.ofSeconds(20))).isTrue();

        assertThat(runtime.queue("WorkQueue").size()).isZero();
        assertThat(runtime.queue("WorkDeadLetterQueue").bodies()).containsExactly("fail-always");
        long deliveriesOfFailOnce = Recorder.events("WorkerFunction").stream()
                .flatMap(b -> java.util.stream.StreamSupport.stream(b.path("records").spliterator(), false))
                .filter(r -> r.path("body").asText().equals("fail-once")).count();
        assertThat(deliveriesOfFailOnce).isEqualTo(2);
    }

    @Test
    void eventRulerMatchesEventBridgePatterns() {
        var flagged = runtime.bus().envelope("CommentFlagged", "cm-autopilot",
                Json.tree("{\"brandId\":\"b\",\"severity\":\"HIGH\"}"));
        var otherSource = runtime.bus().envelope("CommentFlagged", "someone-else",
                Json.tree("{\"brandId\":\"b\",\"severity\":\"HIGH\"}"));

        assertThat(runtime.bus().matches(flagged)).containsExactly("RuleFunction.Flagged");
        assertThat(runtime.bus().matches(otherSource)).isEmpty();
    }
}
