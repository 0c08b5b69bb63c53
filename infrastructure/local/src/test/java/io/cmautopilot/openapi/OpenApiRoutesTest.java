package io.cmautopilot.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi.yaml documents exactly the HttpApi routes of template.yaml: a route added to the template without its
 * documentation (or documented but not deployed) fails the build. Every operation declares its answers with schemas,
 * and every JSON error answer is the one error shape.
 */
class OpenApiRoutesTest {
    private static final OpenApi SPEC = OpenApi.project();

    @SuppressWarnings("unchecked")
    static Set<String> templateRoutes() {
        Template template = Template.project();
        Set<String> routes = new TreeSet<>();
        for (String fn : template.ofType("AWS::Serverless::Function")) {
            var events = (Map<String, Map<String, Object>>) template.properties(fn).getOrDefault("Events", Map.of());
            for (var e : events.values()) {
                if ("HttpApi".equals(e.get("Type"))) {
                    var props = (Map<String, Object>) e.get("Properties");
                    routes.add(String.valueOf(props.get("Method")).toUpperCase() + " " + props.get("Path"));
                }
            }
        }
        return routes;
    }

    @Test
    void the_spec_documents_exactly_the_templates_http_api_routes() {
        Set<String> documented = new TreeSet<>();
        SPEC.operations().forEach(o -> documented.add(o.key()));
        Set<String> deployed = templateRoutes();
        assertThat(deployed).hasSizeGreaterThan(20);

        Set<String> undocumented = new TreeSet<>(deployed);
        undocumented.removeAll(documented);
        Set<String> notDeployed = new TreeSet<>(documented);
        notDeployed.removeAll(deployed);
        assertThat(undocumented).as("routes of template.yaml missing from openapi.yaml").isEmpty();
        assertThat(notDeployed).as("operations of openapi.yaml that template.yaml does not route").isEmpty();
    }

    @Test
    void the_spec_is_openapi_3_1_and_every_operation_declares_its_answers_with_schemas() {
        assertThat(SPEC.root.path("openapi").asText()).startsWith("3.1.");
        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (OpenApi.Operation op : SPEC.operations()) {
            JsonNode o = SPEC.operation(op);
            if (!ids.add(o.path("operationId").asText(op.key()))) {
                problems.add(op.key() + ": duplicate operationId " + o.path("operationId"));
            }
            if (o.path("summary").asText().isBlank()) {
                problems.add(op.key() + ": no summary");
            }
            boolean success = false;
            boolean error = false;
            for (Iterator<String> it = o.path("responses").fieldNames(); it.hasNext(); ) {
                String status = it.next();
                JsonNode r = SPEC.response(op, Integer.parseInt(status.replace("XX", "00"))).orElseThrow();
                success |= status.startsWith("2") || status.startsWith("3");
                error |= status.startsWith("4") || status.startsWith("5");
                if (r.path("description").asText().isBlank()) {
                    problems.add(op.key() + " " + status + ": no description");
                }
                for (Iterator<Map.Entry<String, JsonNode>> c = r.path("content").fields(); c.hasNext(); ) {
                    var media = c.next();
                    if (!media.getValue().has("schema")) {
                        problems.add(op.key() + " " + status + " " + media.getKey() + ": no schema");
                    } else if (status.matches("[45].*") && media.getKey().equals("application/json")
                            && !media.getValue().get("schema").toString().contains("#/components/schemas/Error")) {
                        problems.add(op.key() + " " + status + ": a JSON error answer that is not the Error shape");
                    } else {
                        // Every schema must stay inside the validator's subset (it throws otherwise).
                        SPEC.schemas.validate(media.getValue().get("schema"), io.cmautopilot.core.json.Json.object());
                    }
                }
            }
            if (!success || !error) {
                problems.add(op.key() + ": declares no " + (success ? "error" : "success") + " answer");
            }
        }
        assertThat(problems).isEmpty();
    }
}
