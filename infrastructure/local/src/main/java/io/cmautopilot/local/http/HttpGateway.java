package io.cmautopilot.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring.RouteSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The local HTTP API: serves the template's HttpApi routes on 127.0.0.1 with the JDK HTTP server and invokes the
 * route's function with an API Gateway HTTP API payload format 2.0 event, then writes the function's 2.0 response.
 * Paths under {@code /_local/} go to the runtime's own control endpoints.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">payload format 2.0</a>
 */
public final class HttpGateway implements AutoCloseable {
    /** API Gateway's request payload limit. */
    static final int MAX_BODY = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final RouteTable routes;
    private final BiFunction<String, JsonNode, JsonNode> invoker;
    private final ControlHandler control;
    private final Consumer<String> log;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** The runtime's {@code /_local/...} endpoints: answers a status and a JSON body, or null for 404. */
    public interface ControlHandler {
        Reply handle(String method, String path, Map<String, String> query, byte[] body);
    }

    public record Reply(int status, JsonNode body) {
    }

    /** The port is taken: the message says which and what to do. */
    public static final class PortBusyException extends RuntimeException {
        public PortBusyException(int port, Throwable cause) {
            super("port " + port + " on 127.0.0.1 is already in use (another ./cm up?); stop it or pick another with --port", cause);
        }
    }

    public HttpGateway(int port, List<RouteSpec> specs, BiFunction<String, JsonNode, JsonNode> invoker,
                       ControlHandler control, Consumer<String> log) {
        this.routes = new RouteTable(specs);
        this.invoker = invoker;
        this.control = control;
        this.log = log;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (BindException e) {
            throw new PortBusyException(port, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    /** Serves a path prefix with its own handler instead of the routes (the console's static files). */
    public void mount(String prefix, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(prefix, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
            byte[] body = readBody(exchange);
            if (body == null) {
                write(exchange, 413, error("payload_too_large", "the body is larger than " + MAX_BODY + " bytes"));
                return;
            }
            String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (path.startsWith("/_local/")) {
                Reply reply = control.handle(method, path, queryParameters(rawQuery), body);
                if (reply == null) {
                    write(exchange, 404, error("not_found", "no local endpoint " + method + " " + path));
                } else {
                    write(exchange, reply.status(), reply.body());
                }
                return;
            }
            var match = routes.match(method, rawPath);
            if (match.isEmpty()) {
                List<String> allowed = routes.methodsFor(rawPath);
                if (allowed.isEmpty()) {
                    write(exchange, 404, error("not_found", "no route " + method + " " + path));
                } else {
                    exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
                    write(exchange, 405, error("method_not_allowed", path + " accepts " + String.join(", ", allowed)
                            + ", not " + method));
                }
                return;
            }
            RouteSpec route = match.get().route();
            ObjectNode event = event(exchange, method, rawPath, rawQuery, route, match.get().pathParameters(), body);
            JsonNode output;
            long started = System.nanoTime();
            try {
                output = invoker.apply(route.functionId(), event);
            } catch (RuntimeException e) {
                log.accept("[" + route.functionId() + "] " + route.routeKey() + " failed: " + e.getMessage());
                write(exchange, 500, error("internal", "the function failed; see the runtime's log"));
                return;
            }
            int status = writeFunctionResponse(exchange, output);
            log.accept(String.format(Locale.ROOT, "[http] %s %s -> %d (%s, %d ms)", method, rawPath, status,
                    route.functionId(), (System.nanoTime() - started) / 1_000_000));
        } catch (IOException | RuntimeException e) {
            log.accept("[http] " + e);
        }
    }

    /** The payload format 2.0 event API Gateway sends for this request. */
    ObjectNode event(HttpExchange exchange, String method, String rawPath, String rawQuery, RouteSpec route,
                     Map<String, String> pathParameters, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                // Format 2.0 moves cookies out of the headers into their own list.
                values.forEach(v -> {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.trim());
                        }
                    }
                });
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-forwarded-port", Integer.toString(port()));
        Instant now = Instant.now();
        ObjectNode e = Json.object();
        e.put("version", "2.0");
        e.put("routeKey", route.routeKey());
        e.put("rawPath", rawPath);
        e.put("rawQueryString", rawQuery);
        if (!cookies.isEmpty()) {
            cookies.forEach(e.putArray("cookies")::add);
        }
        ObjectNode h = e.putObject("headers");
        headers.forEach(h::put);
        Map<String, String> query = queryParameters(rawQuery);
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", Intrinsics.ACCOUNT);
        ctx.put("apiId", "local");
        String host = headers.getOrDefault("host", "127.0.0.1:" + port());
        ctx.put("domainName", host);
        ctx.put("domainPrefix", host.contains(".") ? host.substring(0, host.indexOf('.')) : host);
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("routeKey", route.routeKey());
        ctx.put("stage", "$default");
        ctx.put("time", REQUEST_TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        if (body.length > 0) {
            if (isText(headers.get("content-type"))) {
                e.put("body", new String(body, StandardCharsets.UTF_8));
                e.put("isBase64Encoded", false);
            } else {
                e.put("body", Base64.getEncoder().encodeToString(body));
                e.put("isBase64Encoded", true);
            }
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    /**
     * Whether API Gateway passes a body as text; everything else (binary, form posts, no content type) arrives
     * base64-encoded with {@code isBase64Encoded: true}.
     */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return t.startsWith("text/") || t.equals("application/json") || t.endsWith("+json")
                || t.equals("application/xml") || t.endsWith("+xml") || t.equals("application/javascript");
    }

    /** Query parameters as format 2.0 gives them: decoded, repeated names joined with commas. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    /**
     * Writes a format 2.0 response: an object with {@code statusCode} is used as is (headers, multi-value headers,
     * cookies, base64 body); any other value is, as API Gateway infers, a 200 JSON body.
     */
    private int writeFunctionResponse(HttpExchange exchange, JsonNode out) throws IOException {
        if (out == null || out.isNull()) {
            exchange.sendResponseHeaders(200, -1);
            return 200;
        }
        if (!out.isObject() || !out.has("statusCode")) {
            byte[] bytes = (out.isTextual() ? out.asText() : out.toString()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            send(exchange, 200, bytes);
            return 200;
        }
        var headers = exchange.getResponseHeaders();
        out.path("headers").fields().forEachRemaining(h -> headers.set(h.getKey(), h.getValue().asText()));
        out.path("multiValueHeaders").fields().forEachRemaining(h -> {
            List<String> values = new ArrayList<>();
            h.getValue().forEach(v -> values.add(v.asText()));
            headers.put(h.getKey(), values);
        });
        out.path("cookies").forEach(c -> headers.add("set-cookie", c.asText()));
        String body = out.path("body").isNull() || out.path("body").isMissingNode() ? "" : out.path("body").asText();
        byte[] bytes = out.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        int status = out.path("statusCode").asInt(200);
        send(exchange, status, bytes);
        return status;
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        boolean noBody = status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody || bytes.length == 0 ? -1 : bytes.length);
        if (!noBody && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void write(HttpExchange exchange, int status, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("content-type", "application/json");
        send(exchange, status, Json.writeBytes(body));
    }

    static ObjectNode error(String code, String message) {
        return Json.object().put("error", code).put("message", message);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            return bytes.length > MAX_BODY ? null : bytes;
        }
    }

    /** Stops accepting requests, letting those in progress finish (up to two seconds). */
    @Override
    public void close() {
        server.stop(2);
        executor.shutdown();
    }
}
