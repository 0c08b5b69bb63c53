package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dispatches an HTTP API event on its route key ({@code "POST /v1/brands/{brand}/posts"}, as declared in
 * template.yaml), bounds every path and query value ({@link Inputs}) before a route sees it, and maps
 * {@link ApiError} to the contract's error body; anything else is a logged 500 that tells the client nothing internal.
 */
public final class Router {
    /** The path parameter value priming uses: a valid id (brand ids are {@code [a-z0-9-]}) that names nothing. */
    static final String PRIME_ID = "cm-prime";
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private final Map<String, Function<HttpRequest, APIGatewayV2HTTPResponse>> routes = new LinkedHashMap<>();
    private final long maxBodyBytes;

    public Router(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public Router on(String routeKey, Function<HttpRequest, APIGatewayV2HTTPResponse> handler) {
        routes.put(routeKey, handler);
        return this;
    }

    public java.util.Set<String> routeKeys() {
        return routes.keySet();
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return dispatch(event.getRouteKey(), event.getBody(), event.getIsBase64Encoded(), () -> HttpRequest.from(event));
    }

    /**
     * The same dispatch for a {@code RequestStreamHandler}: reads the payload 2.0 event from the runtime's stream with
     * the shared mapper and writes the response JSON, so the runtime never loads its own serialiser for the event
     * types (docs/PERFORMANCE.md, "Cold start").
     */
    public void handle(InputStream event, OutputStream response) throws IOException {
        JsonNode e = Json.MAPPER.readTree(event);
        if (e == null || !e.isObject()) {
            throw new IOException("the invocation payload is not an HTTP API event");
        }
        HttpResponses.write(dispatch(HttpRequest.text(e, "routeKey"), HttpRequest.text(e, "body"),
                e.path("isBase64Encoded").asBoolean(false), () -> HttpRequest.from(e)), response);
    }

    /**
     * Runs every GET route once with path parameters that name nothing ({@code cm-prime}), through the stream path:
     * SnapStart priming (docs/PERFORMANCE.md) that covers the routes as they are added, without writing anything
     * (GET routes only read). Returns how many routes answered.
     */
    public int primeGetRoutes() {
        int answered = 0;
        for (String key : routes.keySet()) {
            if (!key.startsWith("GET ")) {
                continue;
            }
            ObjectNode event = Json.object().put("version", "2.0").put("routeKey", key)
                    .put("rawPath", key.substring(4).replaceAll("\\{[^}]+}", PRIME_ID)).put("isBase64Encoded", false);
            event.putObject("headers").put("accept", "application/json");
            event.putObject("requestContext").putObject("http").put("method", "GET");
            ObjectNode params = event.putObject("pathParameters");
            Matcher m = PATH_PARAM.matcher(key);
            while (m.find()) {
                params.put(m.group(1), PRIME_ID);
            }
            try {
                handle(new ByteArrayInputStream(Json.writeBytes(event)), OutputStream.nullOutputStream());
                answered++;
            } catch (IOException | RuntimeException ignored) {
                // priming must never fail a deployment
            }
        }
        return answered;
    }

    private APIGatewayV2HTTPResponse dispatch(String routeKey, String raw, boolean base64,
                                              Supplier<HttpRequest> parse) {
        try {
            var handler = routes.get(routeKey);
            boolean proxy = handler == null && routeKey != null && routeKey.endsWith("{proxy+}");
            if (handler == null && !proxy) {
                throw ApiError.notFound("no route " + routeKey);
            }
            // Checked on the encoded length first, so an oversized body is refused before it is decoded.
            if (raw != null && (long) raw.length() * (base64 ? 3 : 4) / 4 > maxBodyBytes) {
                throw ApiError.tooLarge("the body is larger than " + maxBodyBytes + " bytes");
            }
            HttpRequest request;
            try {
                request = parse.get();
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("the body is not valid base64", null);
            }
            if (request.body().length > maxBodyBytes) {
                throw ApiError.tooLarge("the body is larger than " + maxBodyBytes + " bytes");
            }
            if (proxy) {
                request = resolveProxy(request);
                handler = request == null ? null : routes.get(request.routeKey());
                if (handler == null) {
                    throw ApiError.notFound("no route " + routeKey);
                }
            }
            Inputs.checkPath(request.pathParams());
            Inputs.checkQuery(request.query());
            return handler.apply(request);
        } catch (ApiError e) {
            return HttpResponses.error(e);
        } catch (RuntimeException e) {
            Log.error("unhandled error on " + routeKey, e);
            return HttpResponses.error(new ApiError(500, "internal", "internal error; see the function's logs", null));
        }
    }

    /**
     * A greedy proxy route ({@code ANY /v1/{proxy+}}, the console's JWT-authorised API in template.yaml) reaches the
     * function with that route key: the request's method and path are matched against the registered route
     * templates instead, and the request gets the matched route key and its path parameters, as a dedicated route
     * would have given them. A literal segment wins over a parameter, so {@code /posts/{id}} never shadows a fixed path.
     */
    private HttpRequest resolveProxy(HttpRequest request) {
        String method = request.method();
        String path = request.path();
        if (method == null || path == null) {
            return null;
        }
        String[] actual = path.split("/", -1);
        String[] decoded = new String[actual.length];
        try {
            for (int i = 0; i < actual.length; i++) {
                decoded[i] = java.net.URLDecoder.decode(actual[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException e) {
            return null; // malformed percent-encoding: no route
        }
        String best = null;
        Map<String, String> bestParams = null;
        int bestLiterals = -1;
        for (String key : routes.keySet()) {
            int space = key.indexOf(' ');
            if (!key.substring(0, space).equalsIgnoreCase(method)) {
                continue;
            }
            String[] template = key.substring(space + 1).split("/", -1);
            if (template.length != actual.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int literals = 0;
            boolean match = true;
            for (int i = 0; i < template.length && match; i++) {
                String t = template[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    match = !decoded[i].isEmpty();
                    params.put(t.substring(1, t.length() - 1), decoded[i]);
                } else {
                    match = t.equals(actual[i]);
                    literals++;
                }
            }
            if (match && literals > bestLiterals) {
                best = key;
                bestParams = params;
                bestLiterals = literals;
            }
        }
        if (best == null) {
            return null;
        }
        return new HttpRequest(request.method(), request.path(), best, request.headers(), request.query(),
                Map.copyOf(bestParams), request.body());
    }
}
