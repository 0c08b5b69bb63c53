package io.cmautopilot.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.LocalRuntime;
import io.cmautopilot.local.fixtures.Recorder;
import io.cmautopilot.testing.MotoExtension;
import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda's part against moto's SQS and EventBridge, on the runtime's test template: batch sizes, partial batch
 * failures, redrive to the dead-letter queue by the queue's own RedrivePolicy, and a rule that targets a function
 * (mirrored through a queue). Events enter through EventBridge PutEvents, as the functions' adapter sends them.
 */
class CloudEventSourcesTest {
    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();
    @TempDir
    static Path data;
    static LocalRuntime runtime;
    static AwsEndpoint endpoint;
    static SqsClient sqs;
    static EventBridgeClient events;

    @BeforeAll
    static void start() throws URISyntaxException {
        endpoint = AwsEndpoint.parse(moto.endpoint().toString(), Map.of());
        Path template = Path.of(CloudEventSourcesTest.class.getResource("/test-template.yaml").toURI());
        runtime = LocalRuntime.builder(ProjectRoot.find(), data).template(template).port(0).fireSchedules(false)
                .environment(Map.of()).maxRedeliveryDelay(Duration.ofMillis(50)).awsEndpoint(endpoint)
                .log(System.out::println).start();
        sqs = endpoint.sqs();
        events = endpoint.eventBridge();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (sqs != null) {
            sqs.close();
            events.close();
        }
    }

    @BeforeEach
    void clear() {
        assertThat(runtime.awaitIdle(Duration.ofSeconds(30))).isTrue();
        Recorder.clear();
    }

    private static void put(String detailType, ObjectNode detail) {
        var r = events.putEvents(b -> b.entries(e -> e.eventBusName("cm-local-bus").source(DomainEvent.SOURCE)
                .detailType(detailType).detail(Json.write(detail))));
        assertThat(r.failedEntryCount()).isZero();
    }

    @Test
    void aRuleDeliversToTheQueueWhichIsDrainedInBatchesOfTheDeclaredSizeWithLambdasSqsEvent() {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 7; i++) {
            put("CommentReceived", Json.object().put("brandId", "acme").put("n", i).put("run", run));
        }
        assertThat(runtime.awaitIdle(Duration.ofSeconds(60))).isTrue();

        List<JsonNode> batches = Recorder.events("WorkerFunction");
        List<JsonNode> records = new ArrayList<>();
        batches.forEach(b -> b.path("records").forEach(records::add));
        assertThat(batches).allSatisfy(b -> assertThat(b.path("records").size()).isBetween(1, 3));
        assertThat(records).hasSize(7).allSatisfy(r -> {
            assertThat(r.path("eventSource").asText()).isEqualTo("aws:sqs");
            assertThat(r.path("eventSourceARN").asText()).endsWith(":cm-local-WorkQueue");
            assertThat(r.path("receiveCount").asText()).isEqualTo("1");
            JsonNode event = Json.tree(r.path("body").asText());
            assertThat(event.path("detail-type").asText()).isEqualTo("CommentReceived");
            assertThat(event.path("detail").path("run").asText()).isEqualTo(run);
        });
    }

    @Test
    void onlyTheReportedFailuresComeBackAndAMessageFailingEveryTimeEndsInTheDeadLetterQueueAfterMaxReceiveCount() {
        String run = UUID.randomUUID().toString();
        put("CommentReceived", Json.object().put("brandId", "acme").put("text", "fine").put("run", run));
        put("CommentReceived", Json.object().put("brandId", "acme").put("text", "fail-once").put("run", run));
        put("CommentReceived", Json.object().put("brandId", "acme").put("text", "fail-always").put("run", run));
        assertThat(runtime.awaitIdle(Duration.ofSeconds(60))).isTrue();

        List<JsonNode> records = new ArrayList<>();
        Recorder.events("WorkerFunction").forEach(b -> b.path("records").forEach(records::add));
        assertThat(records.stream().filter(r -> r.path("body").asText().contains("\"fine\""))).hasSize(1);
        assertThat(records.stream().filter(r -> r.path("body").asText().contains("fail-once")))
                .extracting(r -> r.path("receiveCount").asText()).containsExactly("1", "2");
        // maxReceiveCount 3: received three times, then SQS itself moves it to WorkDeadLetterQueue.
        assertThat(records.stream().filter(r -> r.path("body").asText().contains("fail-always")))
                .extracting(r -> r.path("receiveCount").asText()).containsExactly("1", "2", "3");

        String dlq = runtime.cloud().resources().queue("WorkDeadLetterQueue").url();
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).contains("fail-always").contains(run));
        sqs.deleteMessage(b -> b.queueUrl(dlq).receiptHandle(dead.get(0).receiptHandle()));
    }

    @Test
    void aRuleThatTargetsAFunctionIsMirroredThroughAQueueAndOnlyMatchingEventsReachIt() {
        put("CommentFlagged", Json.object().put("brandId", "acme").put("severity", "LOW"));
        put("CommentFlagged", Json.object().put("brandId", "acme").put("severity", "HIGH").put("commentId", "c1"));
        assertThat(runtime.awaitIdle(Duration.ofSeconds(60))).isTrue();

        assertThat(Recorder.events("RuleFunction")).singleElement().satisfies(e -> {
            assertThat(e.path("detailType").asText()).isEqualTo("CommentFlagged");
            assertThat(e.path("detail").path("commentId").asText()).isEqualTo("c1");
            assertThat(e.path("source").asText()).isEqualTo("cm-autopilot");
        });
        var rule = events.describeRule(b -> b.name("cm-local-RuleFunction.Flagged").eventBusName("cm-local-bus"));
        assertThat(Json.tree(rule.eventPattern()).path("detail").path("severity").get(0).asText()).isEqualTo("HIGH");
        assertThat(events.listTargetsByRule(b -> b.rule(rule.name()).eventBusName("cm-local-bus")).targets())
                .singleElement().satisfies(t -> assertThat(t.arn()).endsWith("-mirror"));
    }
}
