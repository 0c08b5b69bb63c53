package io.cmautopilot.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event pattern of template.yaml against the events the code emits, with event-ruler (the matcher
 * EventBridge's own patterns follow, also the local bus's): a rule names only detail-types the code emits, each event
 * is matched by the rules meant for its detail-type and by no other, and every rule matches at least one real event
 * of each detail-type it names (a misspelt field would make it match none). Rules with no detail-type list are
 * meant for every event they match.
 */
class EventPatternsTest {
    static final Template TEMPLATE = Template.project();
    static final Wiring WIRING = Wiring.read(TEMPLATE, new Intrinsics(TEMPLATE, Map.of(), "t", "b"));

    /** The string detail-types a pattern names, or empty when it names none (meant for whatever it matches). */
    static List<String> namedTypes(String patternJson) {
        List<String> types = new ArrayList<>();
        Json.tree(patternJson).path("detail-type").forEach(t -> {
            if (t.isTextual()) {
                types.add(t.asText());
            }
        });
        return types;
    }

    static List<String> matching(Wiring.RuleSpec rule, ObjectNode event) throws Exception {
        Machine m = new Machine();
        m.addRule(rule.id(), rule.patternJson());
        return m.rulesForJSONEvent(event.toString());
    }

    @Test
    void rulesNameOnlyTheSourceAndTheDetailTypesTheCodeEmits() {
        Set<String> emitted = EmittedEvents.detailTypes();
        assertThat(WIRING.rules()).isNotEmpty();
        for (Wiring.RuleSpec rule : WIRING.rules()) {
            assertThat(namedTypes(rule.patternJson())).as(rule.id() + " names a detail-type no code emits "
                    + "(DomainEvent's constants are " + emitted + ")").isSubsetOf(emitted);
            JsonNode source = Json.tree(rule.patternJson()).path("source");
            if (!source.isMissingNode()) {
                assertThat(source.toString()).as(rule.id() + " source").contains("\"" + DomainEvent.SOURCE + "\"");
            }
        }
    }

    @Test
    void eachEmittedEventIsMatchedByTheRulesMeantForItAndByNoOther() throws Exception {
        Map<String, List<ObjectNode>> events = EmittedEvents.byDetailType();
        for (var e : events.entrySet()) {
            for (ObjectNode event : e.getValue()) {
                for (Wiring.RuleSpec rule : WIRING.rules()) {
                    List<String> named = namedTypes(rule.patternJson());
                    if (!named.isEmpty() && !named.contains(e.getKey())) {
                        assertThat(matching(rule, event)).as(rule.id() + " " + rule.patternJson() + " must not match a "
                                + e.getKey() + " event").isEmpty();
                    }
                }
            }
        }
        for (Wiring.RuleSpec rule : WIRING.rules()) {
            for (String type : namedTypes(rule.patternJson())) {
                boolean any = false;
                for (ObjectNode event : events.getOrDefault(type, List.of())) {
                    any |= !matching(rule, event).isEmpty();
                }
                assertThat(any).as(rule.id() + " " + rule.patternJson() + " matches none of the " + type
                        + " events of events/bus/ (add a real-shaped example there if the rule needs detail fields)").isTrue();
            }
        }
    }
}
