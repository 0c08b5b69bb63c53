package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.util.HashMap;
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
