package io.cmautopilot.template;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.engines.ProjectRoot;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml is the single source of truth for wiring (docs/ARCHITECTURE.md): this test fails when it names a class,
 * jar, resource or key that does not exist, or grants a wildcard action.
 */
class TemplateTest {
    private static final Template TEMPLATE = Template.project();
    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([A-Za-z0-9:]+)(\\.[A-Za-z0-9.]+)?}");

    private static List<String> functions() {
        return TEMPLATE.ofType("AWS::Serverless::Function");
    }

    /**
     * The constructor trio is held by HandlerConventionTest, and the {@code (Services)} one is run on every function
     * by RealTemplateWiringTest.
     */
    @Test
    void every_function_handler_exists_and_its_module_builds_the_jar_the_template_names() throws Exception {
        assertThat(functions()).isNotEmpty();
        for (String fn : functions()) {
            var props = TEMPLATE.properties(fn);
            String handler = (String) props.get("Handler");
            assertThat(handler).as(fn + " Handler").matches("io\\.cmautopilot\\.[a-z]+\\.[A-Za-z0-9_.]+::handleRequest");
            String className = handler.substring(0, handler.indexOf("::"));
            Class<?> type = Class.forName(className);
            assertThat(RequestHandler.class.isAssignableFrom(type)).as(className + " is a RequestHandler").isTrue();

            String module = className.split("\\.")[2];
            assertThat(props.get("CodeUri")).as(fn + " CodeUri").isEqualTo("functions/" + module + "/target/" + module + ".jar");
            assertThat(Files.readString(ProjectRoot.find().resolve("functions/" + module + "/pom.xml")))
                    .as("functions/" + module + " builds the jar named " + module)
                    .contains("<artifactId>" + module + "</artifactId>", "maven-shade-plugin");
        }
    }

    @Test
    void every_ref_getatt_and_sub_variable_names_something_that_exists() {
        Set<String> known = new HashSet<>(TEMPLATE.resources().keySet());
        known.addAll(TEMPLATE.section("Parameters").keySet());
        known.addAll(TEMPLATE.section("Conditions").keySet());
        List<String> problems = new ArrayList<>();
        walk(TEMPLATE.root(), "", known, problems);
        assertThat(problems).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, String path, Set<String> known, List<String> problems) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (key.equals("Ref") && v instanceof String ref && !ref.startsWith("AWS::") && !known.contains(ref)) {
                    problems.add(path + ": !Ref " + ref + " names nothing");
                }
                if (key.equals("Fn::GetAtt")) {
                    String target = v instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(v).split("\\.")[0];
                    if (!known.contains(target)) {
                        problems.add(path + ": !GetAtt " + target + " names nothing");
                    }
                }
                if (key.equals("Fn::Sub")) {
                    String text = v instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(v);
                    Set<String> local = new HashSet<>(known);
                    if (v instanceof List<?> l && l.size() > 1 && l.get(1) instanceof Map<?, ?> vars) {
                        vars.keySet().forEach(x -> local.add(String.valueOf(x)));
                    }
                    Matcher m = SUB_VAR.matcher(text);
                    while (m.find()) {
                        String name = m.group(1);
                        if (!name.startsWith("AWS::") && !local.contains(name)) {
                            problems.add(path + ": !Sub ${" + name + "} names nothing");
                        }
                    }
                }
                walk(v, path + "/" + key, known, problems);
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", known, problems);
            }
        }
    }

    @Test
    void no_policy_grants_a_wildcard_action() {
        List<String> wildcards = new ArrayList<>();
        collectActions(TEMPLATE.root(), "", wildcards);
        assertThat(wildcards).isEmpty();
    }

    private static void collectActions(Object node, String path, List<String> wildcards) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("Action".equals(k) || "NotAction".equals(k)) {
                    List<?> actions = v instanceof List<?> l ? l : List.of(v);
                    for (Object a : actions) {
                        String action = String.valueOf(a);
                        if (action.equals("*") || action.endsWith(":*") || "NotAction".equals(k)) {
                            wildcards.add(path + ": " + k + " " + action);
                        }
                    }
                }
                collectActions(v, path + "/" + k, wildcards);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(x -> collectActions(x, path, wildcards));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_table_has_every_key_and_index_the_store_uses() {
        var p = TEMPLATE.properties("Table");
        assertThat(TEMPLATE.resource("Table").get("Type")).isEqualTo("AWS::DynamoDB::Table");
        assertThat((List<Map<String, Object>>) p.get("KeySchema")).containsExactly(
                Map.of("AttributeName", Table.PK, "KeyType", "HASH"), Map.of("AttributeName", Table.SK, "KeyType", "RANGE"));
        var gsis = (List<Map<String, Object>>) p.get("GlobalSecondaryIndexes");
        assertThat(gsis).extracting(g -> g.get("IndexName")).containsExactlyInAnyOrder(Table.GSI1, Table.GSI2, Table.GSI3);
        for (var g : gsis) {
            String pk = switch ((String) g.get("IndexName")) {
                case Table.GSI1 -> Table.GSI1_PK;
                case Table.GSI2 -> Table.GSI2_PK;
                default -> Table.GSI3_PK;
            };
            String sk = switch ((String) g.get("IndexName")) {
                case Table.GSI1 -> Table.GSI1_SK;
                case Table.GSI2 -> Table.GSI2_SK;
                default -> Table.GSI3_SK;
            };
            assertThat((List<Map<String, Object>>) g.get("KeySchema")).containsExactly(
                    Map.of("AttributeName", pk, "KeyType", "HASH"), Map.of("AttributeName", sk, "KeyType", "RANGE"));
            assertThat(((Map<String, Object>) g.get("Projection")).get("ProjectionType"))
                    .as("the stores read whole items from the indexes").isEqualTo("ALL");
        }
        assertThat(((List<Map<String, Object>>) p.get("AttributeDefinitions"))).extracting(a -> a.get("AttributeName"))
                .containsExactlyInAnyOrder(Table.PK, Table.SK, Table.GSI1_PK, Table.GSI1_SK, Table.GSI2_PK, Table.GSI2_SK,
                        Table.GSI3_PK, Table.GSI3_SK);
        assertThat(p.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat((Map<String, Object>) p.get("TimeToLiveSpecification"))
                .containsEntry("AttributeName", Table.TTL).containsEntry("Enabled", true);
        assertThat((Map<String, Object>) p.get("PointInTimeRecoverySpecification"))
                .containsEntry("PointInTimeRecoveryEnabled", true);
        assertThat((Map<String, Object>) p.get("SSESpecification")).containsEntry("SSEEnabled", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void functions_run_java21_on_arm64_with_snapstart_and_json_logs() {
        for (String fn : functions()) {
            var props = TEMPLATE.functionProperties(fn);
            assertThat(props.get("Runtime")).as(fn).isEqualTo("java21");
            assertThat((List<String>) props.get("Architectures")).as(fn).containsExactly("arm64");
            assertThat((Map<String, Object>) props.get("SnapStart")).as(fn).containsEntry("ApplyOn", "PublishedVersions");
            assertThat((Map<String, Object>) props.get("LoggingConfig")).as(fn).containsEntry("LogFormat", "JSON");
            var env = (Map<String, Object>) ((Map<String, Object>) props.get("Environment")).get("Variables");
            assertThat(env).as(fn + " environment").containsKeys("TABLE_NAME", "BUS_NAME");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_dead_letter_queue_has_an_alarm() {
        Set<String> deadLetterQueues = new HashSet<>();
        for (String q : TEMPLATE.ofType("AWS::SQS::Queue")) {
            if (q.contains("DeadLetter")) {
                deadLetterQueues.add(q);
            }
        }
        assertThat(deadLetterQueues).isNotEmpty();
        Set<String> alarmed = new HashSet<>();
        for (String alarm : TEMPLATE.ofType("AWS::CloudWatch::Alarm")) {
            var dims = (List<Map<String, Object>>) TEMPLATE.properties(alarm).getOrDefault("Dimensions", List.of());
            for (var d : dims) {
                if (d.get("Value") instanceof Map<?, ?> v && v.get("Fn::GetAtt") instanceof List<?> att) {
                    alarmed.add(String.valueOf(att.get(0)));
                }
            }
            assertThat(TEMPLATE.properties(alarm).get("AlarmActions")).as(alarm + " notifies someone").isNotNull();
        }
        assertThat(alarmed).containsAll(deadLetterQueues);
    }
}
