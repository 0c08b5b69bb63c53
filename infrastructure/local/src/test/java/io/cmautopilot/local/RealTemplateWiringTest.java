package io.cmautopilot.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cmautopilot.local.http.RouteTable;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.engines.ProjectRoot;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the REAL template.yaml declares is wired by the runtime: each function is built through its
 * {@code (Services)} constructor with an input type fitting its events, each HttpApi route is served by its
 * function, each schedule, rule and queue source is running. The template is walked here independently of the
 * runtime's own reader, so a function added to the template cannot be forgotten by {@code ./cm up}.
 */
class RealTemplateWiringTest {
    @TempDir
    static Path data;
    static LocalRuntime runtime;
    static Template template;
    static Intrinsics intrinsics;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.builder(ProjectRoot.find(), data).port(0).fireSchedules(false).environment(Map.of())
                .log(System.out::println).start();
        template = Template.project();
        intrinsics = new Intrinsics(template, Map.of(), "cm-local", "cm-local-bus");
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> events(String function) {
        return (Map<String, Map<String, Object>>) template.properties(function).getOrDefault("Events", Map.of());
    }

    static boolean included(String logicalId) {
        Object c = template.resource(logicalId).get("Condition");
        return c == null || intrinsics.condition(String.valueOf(c));
    }

    static List<String> functions() {
        return template.ofType("AWS::Serverless::Function").stream().filter(RealTemplateWiringTest::included).toList();
    }

    @Test
    void everyFunctionIsBuiltThroughItsServicesConstructor() {
        assertThat(functions()).isNotEmpty();
        assertThat(runtime.functionIds()).containsExactlyInAnyOrderElementsOf(functions());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyHttpApiRouteIsServedByItsFunction() {
        RouteTable routes = new RouteTable(runtime.wiring().routes());
        List<String> checked = new ArrayList<>();
        for (String fn : functions()) {
            for (var e : events(fn).entrySet()) {
                if (!"HttpApi".equals(e.getValue().get("Type"))) {
                    continue;
                }
                Map<String, Object> p = (Map<String, Object>) e.getValue().getOrDefault("Properties", Map.of());
                if (p.get("Path") == null && p.get("Method") == null) {
                    assertThat(runtime.wiring().routes()).as("$default route of %s", fn)
                            .anyMatch(r -> r.routeKey().equals("$default") && r.functionId().equals(fn));
                    continue;
                }
                String method = String.valueOf(p.getOrDefault("Method", "ANY")).toUpperCase();
                String path = String.valueOf(p.get("Path"));
                String concrete = path.replaceAll("\\{[^}/]+\\+}", "a/b").replaceAll("\\{[^}/]+}", "x1");
                var match = routes.match(method.equals("ANY") ? "GET" : method, concrete);
                assertThat(match).as("%s %s of %s.%s", method, path, fn, e.getKey()).isPresent();
                assertThat(match.get().route().functionId()).as("%s %s", method, path).isEqualTo(fn);
                assertThat(match.get().route().routeKey()).isEqualTo(method + " " + path);
                checked.add(method + " " + path);
            }
        }
        assertThat(checked).as("the template declares HTTP routes").isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyScheduleRuleAndQueueSourceIsWiredAndNoEventTypeIsIgnored() {
        Set<String> schedules = Set.copyOf(runtime.scheduler().schedules().stream().map(Wiring.ScheduleSpec::id).toList());
        Set<String> rules = Set.copyOf(runtime.bus().rules().stream().map(Wiring.RuleSpec::id).toList());
        Set<String> sources = Set.copyOf(runtime.wiring().queueSources().stream().map(Wiring.QueueSourceSpec::id).toList());
        for (String fn : functions()) {
            for (var e : events(fn).entrySet()) {
                String id = fn + "." + e.getKey();
                String type = String.valueOf(e.getValue().get("Type"));
                switch (type) {
                    case "HttpApi" -> {
                        // covered by everyHttpApiRouteIsServedByItsFunction
                    }
                    case "Schedule", "ScheduleV2" -> assertThat(schedules).as(id).contains(id);
                    case "EventBridgeRule" -> {
                        Map<String, Object> p = (Map<String, Object>) e.getValue().get("Properties");
                        boolean disabled = "DISABLED".equals(p.get("State"));
                        assertThat(rules.contains(id) || disabled).as(id).isTrue();
                    }
                    case "SQS" -> {
                        assertThat(sources).as(id).contains(id);
                        Map<String, Object> p = (Map<String, Object>) e.getValue().get("Properties");
                        String queue = arnOf(id + ".Queue", p.get("Queue"));
                        assertThat(runtime.wiring().queueSources()).as("%s reads %s into %s", id, queue, fn)
                                .anyMatch(q -> q.id().equals(id) && q.queue().equals(queue) && q.functionId().equals(fn));
                        assertThat(runtime.queues()).as("%s's queue runs", id).containsKey(queue);
                    }
                    default -> throw new AssertionError(id + " is a " + type + " event, which the local runtime does not run");
                }
            }
        }
        for (String rule : template.ofType("AWS::Events::Rule")) {
            if (!included(rule)) {
                continue;
            }
            boolean scheduled = template.properties(rule).get("ScheduleExpression") != null;
            assertThat(scheduled ? schedules.contains(rule) : rules.contains(rule)
                    || "DISABLED".equals(template.properties(rule).get("State"))).as(rule).isTrue();
        }
        for (String queue : template.ofType("AWS::SQS::Queue")) {
            if (!included(queue)) {
                continue;
            }
            assertThat(runtime.queues()).as("queues running").containsKey(queue);
            Object redrive = template.properties(queue).get("RedrivePolicy");
            String deadLetter = redrive instanceof Map<?, ?> r
                    ? arnOf(queue + ".RedrivePolicy", r.get("deadLetterTargetArn")) : null;
            assertThat(runtime.queue(queue).deadLetter()).as("%s's dead-letter queue", queue)
                    .isSameAs(deadLetter == null ? null : runtime.queue(deadLetter));
        }
    }

    /** The logical id in {@code !GetAtt X.Arn}, the only form template.yaml uses for a queue's ARN. */
    @SuppressWarnings("unchecked")
    private static String arnOf(String where, Object value) {
        assertThat(value).as(where + " is a !GetAtt of a queue's Arn").isInstanceOf(Map.class);
        List<Object> getAtt = (List<Object>) ((Map<String, Object>) value).get("Fn::GetAtt");
        assertThat(getAtt).as(where + " is a !GetAtt of a queue's Arn").isNotNull().hasSize(2).endsWith("Arn");
        return String.valueOf(getAtt.get(0));
    }

    @Test
    void eachHandlersInputTypeFitsTheEventsThatReachIt() {
        for (String fn : functions()) {
            Class<?> input = raw(runtime.function(fn).inputType());
            boolean generic = Set.of(Object.class, InputStream.class, Map.class,
                    com.fasterxml.jackson.databind.JsonNode.class).contains(input);
            for (var e : events(fn).entrySet()) {
                String type = String.valueOf(e.getValue().get("Type"));
                String why = fn + "." + e.getKey() + " (" + type + ") reaches a handler taking " + input.getName();
                switch (type) {
                    case "HttpApi" -> assertThat(generic || input == APIGatewayV2HTTPEvent.class).as(why).isTrue();
                    case "SQS" -> assertThat(generic || input == SQSEvent.class).as(why).isTrue();
                    default -> assertThat(input != APIGatewayV2HTTPEvent.class && input != SQSEvent.class).as(why).isTrue();
                }
            }
        }
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
    }
}
