package io.cmautopilot.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.template.EmittedEvents;
import io.cmautopilot.testing.MotoExtension;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.event.ruler.Machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template's event patterns as EventBridge's API applies them (moto's implementation), against the events the
 * code emits: each pattern is put on a fresh bus with a queue target, every emitted event is put with PutEvents, and
 * what each queue received must be exactly what event-ruler (the local bus's matcher) says the pattern matches.
 * TestEventPattern would be the direct call, but moto does not implement it.
 */
class EventPatternsOnMotoTest {
    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    @Test
    void motosEventBridgeDeliversEachEmittedEventToExactlyTheRulesEventRulerMatches() throws Exception {
        Template template = Template.project();
        Wiring wiring = Wiring.read(template, new Intrinsics(template, Map.of(), "t", "b"));
        AwsEndpoint endpoint = AwsEndpoint.parse(moto.endpoint().toString(), Map.of());
        String bus = "patterns-" + UUID.randomUUID().toString().substring(0, 8);
        try (EventBridgeClient events = endpoint.eventBridge(); SqsClient sqs = endpoint.sqs()) {
            events.createEventBus(b -> b.name(bus));
            List<String> queues = new ArrayList<>();
            for (int i = 0; i < wiring.rules().size(); i++) {
                Wiring.RuleSpec rule = wiring.rules().get(i);
                String name = bus + "-r" + i;
                String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
                String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(rule.patternJson()));
                events.putTargets(b -> b.rule(name).eventBusName(bus).targets(t -> t.id("q").arn(arn)));
                queues.add(url);
            }
            List<ObjectNode> emitted = new ArrayList<>();
            EmittedEvents.byDetailType().values().forEach(emitted::addAll);
            for (int n = 0; n < emitted.size(); n++) {
                ObjectNode e = emitted.get(n);
                ObjectNode detail = ((ObjectNode) e.path("detail").deepCopy()).put("probe", n);
                var r = events.putEvents(b -> b.entries(x -> x.eventBusName(bus).source(e.path("source").asText())
                        .detailType(e.path("detail-type").asText()).detail(Json.write(detail))));
                assertThat(r.failedEntryCount()).as("PutEvents of " + e.path("detail-type").asText()).isZero();
            }
            for (int i = 0; i < wiring.rules().size(); i++) {
                Wiring.RuleSpec rule = wiring.rules().get(i);
                Machine machine = new Machine();
                machine.addRule(rule.id(), rule.patternJson());
                TreeSet<Integer> expected = new TreeSet<>();
                for (int n = 0; n < emitted.size(); n++) {
                    if (!machine.rulesForJSONEvent(emitted.get(n).toString()).isEmpty()) {
                        expected.add(n);
                    }
                }
                TreeSet<Integer> delivered = new TreeSet<>();
                String url = queues.get(i);
                List<Message> got;
                do {
                    got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
                    for (Message m : got) {
                        JsonNode body = Json.tree(m.body());
                        // The envelope EventBridge puts on a queue has the fields of the events/bus examples; moto
                        // 5.2.1 leaves out "account", which AWS sends (so no consumer may need it).
                        List<String> fields = new ArrayList<>();
                        body.fieldNames().forEachRemaining(fields::add);
                        assertThat(fields).containsAll(List.of("version", "id", "detail-type", "source", "time", "region",
                                "resources", "detail")).isSubsetOf("version", "id", "detail-type", "source", "account",
                                "time", "region", "resources", "detail");
                        assertThat(body.path("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
                        delivered.add(body.path("detail").path("probe").asInt());
                        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                    }
                } while (!got.isEmpty());
                assertThat(delivered).as(rule.id() + " " + rule.patternJson()).isEqualTo(expected);
                assertThat(expected).as(rule.id() + " matches some emitted event").isNotEmpty();
            }
        }
    }
}
