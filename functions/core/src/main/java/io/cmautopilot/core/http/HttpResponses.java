package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds HTTP API responses: JSON bodies, the contract's error shape, plain text and HTML. */
public final class HttpResponses {
    private HttpResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return response(status, "application/json", Json.write(body), Map.of());
    }

    public static APIGatewayV2HTTPResponse text(int status, String body) {
        return response(status, "text/plain; charset=utf-8", body, Map.of());
    }

    public static APIGatewayV2HTTPResponse html(int status, String body) {
        return response(status, "text/html; charset=utf-8", body, Map.of());
    }

    public static APIGatewayV2HTTPResponse error(ApiError e) {
        ObjectNode body = Json.object().put("error", e.code()).put("message", e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        return json(e.status(), body);
    }

    /**
     * Writes a response as the payload 2.0 JSON the Lambda runtime would have produced from it ({@code statusCode},
     * {@code headers}, {@code multiValueHeaders}, {@code cookies}, {@code body}, {@code isBase64Encoded}; absent
     * fields left out), for handlers that answer on the runtime's stream.
     */
    public static void write(APIGatewayV2HTTPResponse r, OutputStream out) throws IOException {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.writeStartObject();
            g.writeNumberField("statusCode", r.getStatusCode());
            if (r.getHeaders() != null) {
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> h : r.getHeaders().entrySet()) {
                    g.writeStringField(h.getKey(), h.getValue());
                }
                g.writeEndObject();
            }
            if (r.getMultiValueHeaders() != null) {
                g.writeObjectFieldStart("multiValueHeaders");
                for (Map.Entry<String, List<String>> h : r.getMultiValueHeaders().entrySet()) {
                    g.writeArrayFieldStart(h.getKey());
                    for (String v : h.getValue()) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            if (r.getCookies() != null) {
                g.writeArrayFieldStart("cookies");
                for (String c : r.getCookies()) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
            if (r.getBody() != null) {
                g.writeStringField("body", r.getBody());
            }
            g.writeBooleanField("isBase64Encoded", r.getIsBase64Encoded());
            g.writeEndObject();
        }
    }

    public static APIGatewayV2HTTPResponse response(int status, String contentType, String body,
                                                    Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("content-type", contentType);
        headers.put("cache-control", "no-store");
        headers.put("x-content-type-options", "nosniff");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false).build();
    }
}
