package io.cmautopilot.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validator behind OpenApiAnswersTest refuses what each keyword of its subset forbids. */
class JsonSchemaSubsetTest {
    static final JsonNode DOC = Json.tree("""
            {"components": {"schemas": {
              "Error": {"type": "object", "required": ["error", "message"], "additionalProperties": false,
                        "properties": {"error": {"enum": ["not_found", "conflict"]}, "message": {"type": "string", "minLength": 1},
                                       "field": {"type": ["string", "null"]}}},
              "Id": {"type": "string", "pattern": "^[a-z]{2,4}$"},
              "Page": {"type": "object", "properties": {"items": {"type": "array", "maxItems": 2, "items": {"$ref": "#/components/schemas/Id"}},
                       "n": {"type": "integer", "minimum": 0, "maximum": 9}, "at": {"type": "string", "format": "date-time"},
                       "v": {"oneOf": [{"type": "string"}, {"type": "null"}]}}}}}}
            """);
    static final JsonSchemaSubset V = new JsonSchemaSubset(DOC);

    static java.util.List<String> check(String schema, String json) {
        return V.validate(Json.tree("{\"$ref\": \"#/components/schemas/" + schema + "\"}"), Json.tree(json));
    }

    @Test
    void a_conforming_value_passes() {
        assertThat(check("Error", "{\"error\":\"not_found\",\"message\":\"no\",\"field\":null}")).isEmpty();
        assertThat(check("Page", "{\"items\":[\"ab\"],\"n\":3,\"at\":\"2026-12-01T09:00:00+01:00\",\"v\":null,\"extra\":1}")).isEmpty();
    }

    @Test
    void each_keyword_refuses_what_it_forbids() {
        assertThat(check("Error", "{\"error\":\"not_found\"}")).singleElement().asString().contains("'message' is missing");
        assertThat(check("Error", "{\"error\":\"gone\",\"message\":\"x\"}")).singleElement().asString().contains("not one of");
        assertThat(check("Error", "{\"error\":\"conflict\",\"message\":\"x\",\"extra\":1}")).singleElement().asString().contains("$.extra");
        assertThat(check("Error", "{\"error\":\"conflict\",\"message\":\"\"}")).singleElement().asString().contains("shorter");
        assertThat(check("Error", "{\"error\":\"conflict\",\"message\":\"x\",\"field\":3}")).singleElement().asString().contains("$.field");
        assertThat(check("Page", "{\"items\":[\"ab\",\"TOOLONG\"]}")).singleElement().asString().contains("$.items[1]");
        assertThat(check("Page", "{\"items\":[\"ab\",\"ab\",\"ab\"]}")).singleElement().asString().contains("more than 2");
        assertThat(check("Page", "{\"n\":10}")).singleElement().asString().contains("maximum");
        assertThat(check("Page", "{\"n\":1.5}")).singleElement().asString().contains("integer");
        assertThat(check("Page", "{\"at\":\"yesterday\"}")).singleElement().asString().contains("date-time");
        assertThat(check("Page", "{\"v\":1}")).singleElement().asString().contains("oneOf");
        assertThat(check("Page", "[]")).singleElement().asString().contains("expected \"object\"");
    }

    @Test
    void a_keyword_outside_the_subset_is_an_error_of_the_spec_not_a_silent_pass() {
        assertThatThrownBy(() -> V.validate(Json.tree("{\"type\": \"string\", \"contentEncoding\": \"base64\"}"), Json.tree("\"x\"")))
                .hasMessageContaining("contentEncoding");
        assertThatThrownBy(() -> V.validate(Json.tree("{\"$ref\": \"#/components/schemas/Nope\"}"), Json.tree("1")))
                .hasMessageContaining("$ref to nothing");
    }
}
