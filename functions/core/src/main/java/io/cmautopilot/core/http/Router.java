package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cmautopilot.core.log.Log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Dispatches an HTTP API event on its route key ({@code "POST /v1/brands/{brand}/posts"}, as declared in
 * template.yaml) and maps {@link ApiError} to the contract's error body; anything else is a logged 500 that tells
 * the client nothing internal.
 */
public final class Router {
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
        try {
            var handler = routes.get(event.getRouteKey());
            if (handler == null && event.getRouteKey() != null && event.getRouteKey().endsWith("{proxy+}")) {
                handler = resolveProxy(event);
            }
            if (handler == null) {
                throw ApiError.notFound("no route " + event.getRouteKey());
            }
            // Checked on the encoded length first, so an oversized body is refused before it is decoded.
            String raw = event.getBody();
            if (raw != null && (long) raw.length() * (event.getIsBase64Encoded() ? 3 : 4) / 4 > maxBodyBytes) {
                throw ApiError.tooLarge("the body is larger than " + maxBodyBytes + " bytes");
            }
            HttpRequest request;
            try {
                request = HttpRequest.from(event);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("the body is not valid base64", null);
            }
            if (request.body().length > maxBodyBytes) {
                throw ApiError.tooLarge("the body is larger than " + maxBodyBytes + " bytes");
            }
            return handler.apply(request);
        } catch (ApiError e) {
            return HttpResponses.error(e);
        } catch (RuntimeException e) {
            Log.error("unhandled error on " + event.getRouteKey(), e);
            return HttpResponses.error(new ApiError(500, "internal", "internal error; see the function's logs", null));
        }
    }

    /**
     * A greedy proxy route ({@code ANY /v1/{proxy+}}, the console's JWT-authorised API in template.yaml) reaches the
     * function with that route key: the request's method and path are matched against the registered route
     * templates instead, and the event gets the matched route key and its path parameters, as a dedicated route
     * would have given them. A literal segment wins over a parameter, so {@code /posts/{id}} never shadows a fixed path.
     */
    private Function<HttpRequest, APIGatewayV2HTTPResponse> resolveProxy(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : null;
        String path = event.getRawPath();
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
        event.setRouteKey(best);
        event.setPathParameters(bestParams);
        return routes.get(best);
    }
}
