package io.cmautopilot.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds HTTP API (payload format 2.0) events the way API Gateway does, for handler tests that vary a sample from
 * {@code events/}: route key, raw path, path parameters, lower-cased headers, optional base64 body.
 */
public final class HttpEvents {
    private final String method;
    private final String routePath;
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private byte[] body;
    private boolean base64;

    private HttpEvents(String method, String routePath) {
        this.method = method;
        this.routePath = routePath;
    }

    /** {@code request("POST", "/v1/brands/{brand}/posts")}: the route as declared in template.yaml. */
    public static HttpEvents request(String method, String routePath) {
        return new HttpEvents(method, routePath);
    }

    public HttpEvents path(String name, String value) {
        pathParams.put(name, value);
        return this;
    }

    public HttpEvents header(String name, String value) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    public HttpEvents query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public HttpEvents json(String json) {
        header("content-type", "application/json");
        return body(json.getBytes(StandardCharsets.UTF_8));
    }

    public HttpEvents body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    /** Sends the body base64-encoded, as API Gateway does for binary content types. */
    public HttpEvents base64() {
        this.base64 = true;
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        String rawPath = routePath;
        for (var e : pathParams.entrySet()) {
            rawPath = rawPath.replace("{" + e.getKey() + "}", e.getValue());
        }
        StringBuilder rawQuery = new StringBuilder();
        query.forEach((k, v) -> rawQuery.append(rawQuery.isEmpty() ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(rawPath)
                .withProtocol("HTTP/1.1").withSourceIp("203.0.113.10").withUserAgent("test").build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http).withRouteKey(method + " " + routePath)
                .withStage("$default").withRequestId("req-" + System.nanoTime()).withTimeEpoch(System.currentTimeMillis())
                .build();
        var builder = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(method + " " + routePath)
                .withRawPath(rawPath).withRawQueryString(rawQuery.toString()).withHeaders(new LinkedHashMap<>(headers))
                .withRequestContext(context).withIsBase64Encoded(base64);
        if (!pathParams.isEmpty()) {
            builder.withPathParameters(new LinkedHashMap<>(pathParams));
        }
        if (!query.isEmpty()) {
            builder.withQueryStringParameters(new LinkedHashMap<>(query));
        }
        if (body != null) {
            builder.withBody(base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }
}
