package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP API (payload format 2.0) request as the edge sees it: lower-cased headers, query and path parameters, and
 * the raw body bytes (decoded when API Gateway base64-encoded them; signatures are computed over these bytes).
 */
public record HttpRequest(String method, String path, String routeKey, Map<String, String> headers,
                          Map<String, String> query, Map<String, String> pathParams, byte[] body) {

    public static HttpRequest from(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        byte[] body = new byte[0];
        if (event.getBody() != null) {
            body = event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                    : event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        return new HttpRequest(method.toUpperCase(Locale.ROOT), event.getRawPath(), event.getRouteKey(), headers,
                event.getQueryStringParameters() == null ? Map.of() : Map.copyOf(event.getQueryStringParameters()),
                event.getPathParameters() == null ? Map.of() : Map.copyOf(event.getPathParameters()), body);
    }

    /**
     * The same request read from the event's JSON, as a {@code RequestStreamHandler} receives it (docs/PERFORMANCE.md,
     * "Cold start": the runtime's own event deserialisation is the largest part of a first call). Reads exactly the
     * fields {@link #from(APIGatewayV2HTTPEvent)} reads; {@link IllegalArgumentException} for a body that is not base64.
     */
    public static HttpRequest from(JsonNode event) {
        JsonNode http = event.path("requestContext").path("http");
        String method = http.path("method").isTextual() ? http.path("method").asText() : "GET";
        Map<String, String> headers = new HashMap<>();
        event.path("headers").fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
            }
        });
        byte[] body = new byte[0];
        String raw = text(event, "body");
        if (raw != null) {
            body = event.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(raw)
                    : raw.getBytes(StandardCharsets.UTF_8);
        }
        return new HttpRequest(method.toUpperCase(Locale.ROOT), text(event, "rawPath"), text(event, "routeKey"),
                headers, strings(event.path("queryStringParameters")), strings(event.path("pathParameters")), body);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> strings(JsonNode object) {
        if (!object.isObject() || object.isEmpty()) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        object.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                values.put(e.getKey(), e.getValue().asText());
            }
        });
        return Map.copyOf(values);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String query(String name) {
        return query.get(name);
    }

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw ApiError.badRequest("missing path parameter " + name, name);
        }
        return v;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object; 415 for another content type, 400 naming the problem when it does not parse. */
    public JsonNode jsonBody() {
        String type = header("content-type");
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiError.unsupportedMediaType("send application/json, not " + type);
        }
        if (body.length == 0) {
            throw ApiError.badRequest("the request needs a JSON body", null);
        }
        try {
            JsonNode node = Json.tree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("the body must be a JSON object", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable body", null);
        }
    }
}
