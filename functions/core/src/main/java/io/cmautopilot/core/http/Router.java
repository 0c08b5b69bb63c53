package io.cmautopilot.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cmautopilot.core.log.Log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Dispatches an HTTP API event on its route key ({@code "POST /v1/brands/{brand}/posts"}, as declared in
 * template.yaml), bounds every path and query value ({@link Inputs}) before a route sees it, and maps
 * {@link ApiError} to the contract's error body; anything else is a logged 500 that tells the client nothing internal.
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
            Inputs.checkPath(request.pathParams());
            Inputs.checkQuery(request.query());
            return handler.apply(request);
        } catch (ApiError e) {
            return HttpResponses.error(e);
        } catch (RuntimeException e) {
            Log.error("unhandled error on " + event.getRouteKey(), e);
            return HttpResponses.error(new ApiError(500, "internal", "internal error; see the function's logs", null));
        }
    }
}
