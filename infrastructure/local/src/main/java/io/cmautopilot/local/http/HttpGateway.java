package io.cmautopilot.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.http.HttpWire.Framing;
import io.cmautopilot.local.http.HttpWire.Head;
import io.cmautopilot.local.http.HttpWire.Refusal;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring.RouteSpec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The local HTTP API: serves the template's HttpApi routes on 127.0.0.1 and invokes the route's function with an API
 * Gateway HTTP API payload format 2.0 event, then writes the function's 2.0 response. Paths under {@code /_local/} go
 * to the runtime's own control endpoints.
 * <p>
 * Resources are bounded (docs/LOCAL.md, "Limits of the local gateway"): each connection is read by a virtual thread,
 * but a request is served only while it holds one of {@link Limits#workers} worker permits; a few more may wait
 * ({@link Limits#queue}, up to {@link Limits#queueWait}), and anything beyond is answered at once with 503, a
 * {@code Retry-After} and the JSON error shape, before its body is read (a client that sent {@code Expect:
 * 100-continue} never sends it). Bodies are read only by a permit holder and only up to {@link Limits#maxBody}, so
 * the memory held by request bodies is at most workers x maxBody whatever the flood. Every error this gateway
 * answers itself, from a malformed request line to an unknown route, is {@code {"error","message","field"}}.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">payload format 2.0</a>
 */
public final class HttpGateway implements AutoCloseable {
    /** API Gateway's request payload limit. */
    static final int MAX_BODY = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** How long a connection may stay open between requests. */
    private static final int IDLE_MILLIS = 30_000;
    /** How long a request may take to arrive once it began (a slow-loris client is cut off). */
    private static final int READ_MILLIS = 15_000;
    /**
     * A refused request's body is read and dropped (never kept) up to this much, so that the client reads our answer
     * instead of a connection reset.
     */
    private static final long DRAIN_BYTES = 2L * MAX_BODY;

    private final RouteTable routes;
    private final BiFunction<String, JsonNode, JsonNode> invoker;
    private final ControlHandler control;
    private final Consumer<String> log;
    private final Limits limits;
    private final ServerSocket server;
    private final Semaphore workers;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Stats stats = new Stats();
    private volatile boolean running = true;
    private Thread acceptor;

    /**
     * The gateway's bounds: {@code workers} requests served at once, {@code queue} more waiting up to
     * {@code queueWait} milliseconds for a worker, {@code maxConnections} open connections, bodies up to
     * {@code maxBody} bytes.
     */
    public record Limits(int workers, int queue, long queueWait, int maxConnections, int maxBody) {
        public Limits {
            if (workers < 1 || queue < 0 || queueWait < 0 || maxConnections < 1 || maxBody < 0) {
                throw new IllegalArgumentException("invalid gateway limits");
            }
        }

        /** Eight workers (the functions run in-process: more would only compete for the same cores), 32 waiting. */
        public static Limits defaults() {
            return new Limits(8, 32, 2_000, 512, MAX_BODY);
        }
    }

    /** Counters for tests and the flood harness. */
    public static final class Stats {
        final AtomicLong served = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong bodyBytes = new AtomicLong();
        final AtomicLong peakBodyBytes = new AtomicLong();
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger peakBusy = new AtomicInteger();

        /** Requests answered by a function or a control endpoint. */
        public long served() {
            return served.get();
        }

        /** Requests answered 503 because every worker was busy. */
        public long refused() {
            return refused.get();
        }

        /** The most request-body bytes held at one time. */
        public long peakBodyBytes() {
            return peakBodyBytes.get();
        }

        /** The most requests served at one time. */
        public int peakBusy() {
            return peakBusy.get();
        }

        void hold(long bytes) {
            long now = bodyBytes.addAndGet(bytes);
            peakBodyBytes.accumulateAndGet(now, Math::max);
        }
    }

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
        this(port, specs, invoker, control, log, Limits.defaults());
    }

    public HttpGateway(int port, List<RouteSpec> specs, BiFunction<String, JsonNode, JsonNode> invoker,
                       ControlHandler control, Consumer<String> log, Limits limits) {
        this.routes = new RouteTable(specs);
        this.invoker = invoker;
        this.control = control;
        this.log = log;
        this.limits = limits;
        this.workers = new Semaphore(limits.workers());
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            this.server = s;
        } catch (BindException e) {
            throw new PortBusyException(port, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    public void start() {
        acceptor = Thread.ofPlatform().daemon().name("http-accept").start(this::accept);
    }

    /** A path prefix answered by its own handler instead of the routes (the console's static files). */
    public interface Mounted {
        /** {@code path} is decoded; the answer's headers are single-valued. */
        MountedReply handle(String method, String path, String rawQuery);
    }

    public record MountedReply(int status, Map<String, String> headers, byte[] body) {
    }

    private volatile String mountedPrefix;
    private volatile Mounted mounted;

    /** Serves {@code prefix} and everything under {@code prefix/} with {@code handler} (one mount). */
    public void mount(String prefix, Mounted handler) {
        this.mountedPrefix = prefix;
        this.mounted = handler;
    }

    public int port() {
        return server.getLocalPort();
    }

    public Stats stats() {
        return stats;
    }

    private void accept() {
        while (running) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (running) {
                    log.accept("[http] accept failed: " + e.getMessage());
                }
                continue;
            }
            if (connections.incrementAndGet() > limits.maxConnections()) {
                Thread.ofVirtual().start(() -> refuseConnection(socket));
            } else {
                open.add(socket);
                Thread.ofVirtual().name("http-conn").start(() -> serve(socket));
            }
        }
    }

    /** Too many open connections: one 503, then closed. */
    private void refuseConnection(Socket socket) {
        try (socket) {
            socket.setSoTimeout(1_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
            try {
                HttpWire.readHead(in);
            } catch (Refusal | IOException ignored) {
                // answered the same way
            }
            stats.refused.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            writeError(out, 503, "overloaded", "too many open connections (" + limits.maxConnections() + ")", null,
                    false, true, true);
        } catch (IOException ignored) {
            // the client is gone
        } finally {
            connections.decrementAndGet();
        }
    }

    /** One connection: requests one after the other (HTTP/1.1 keep-alive) until either side closes it. */
    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            boolean keepAlive = true;
            while (keepAlive && running) {
                socket.setSoTimeout(IDLE_MILLIS);
                in.mark(1);
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException idle) {
                    return;
                }
                if (first < 0) {
                    return;
                }
                in.reset();
                socket.setSoTimeout(READ_MILLIS);
                keepAlive = exchange(socket, in, out);
            }
        } catch (IOException ignored) {
            // the client went away mid-request
        } catch (RuntimeException e) {
            log.accept("[http] " + e);
        } finally {
            open.remove(socket);
            connections.decrementAndGet();
        }
    }

    /** Reads, serves and answers one request; false when the connection must close after it. */
    private boolean exchange(Socket socket, InputStream in, OutputStream out) throws IOException {
        Head head = null;
        Framing framing;
        try {
            head = HttpWire.readHead(in);
            if (head == null) {
                return false;
            }
            framing = HttpWire.framing(head, limits.maxBody());
        } catch (SocketTimeoutException e) {
            writeError(out, 408, "request_timeout", "the request did not arrive within " + READ_MILLIS / 1000 + " s",
                    null, false, true, false);
            return false;
        } catch (Refusal r) {
            // The head itself is unusable, so nothing after it can be trusted to be a request boundary: close.
            writeError(out, r.status, r.code, r.getMessage(), r.field, false, true, false);
            if (r.status == 413 && head != null && head.header("expect") == null) {
                socket.shutdownOutput();
                HttpWire.discard(in, DRAIN_BYTES);
            }
            return false;
        }
        boolean headOnly = head.method().equals("HEAD");
        boolean keepAlive = head.keepAlive();
        String expect = head.header("expect");
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            writeError(out, 417, "expectation_failed", "only Expect: 100-continue is understood", "expect", headOnly,
                    true, false);
            return false;
        }
        boolean continueExpected = expect != null && head.version().equals("HTTP/1.1");
        if (!admit()) {
            stats.refused.incrementAndGet();
            writeError(out, 503, "overloaded", "the local runtime is serving " + limits.workers()
                    + " requests and has " + limits.queue() + " waiting; retry shortly", null, headOnly, true, true);
            if (!continueExpected) {
                socket.shutdownOutput();
                HttpWire.discard(in, framing.chunked() ? DRAIN_BYTES : Math.min(DRAIN_BYTES, framing.length()));
            }
            return false;
        }
        int now = stats.busy.incrementAndGet();
        stats.peakBusy.accumulateAndGet(now, Math::max);
        byte[] body = null;
        try {
            if (continueExpected && (framing.chunked() || framing.length() > 0)) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            try {
                body = HttpWire.readBody(in, framing, limits.maxBody());
            } catch (Refusal r) {
                writeError(out, r.status, r.code, r.getMessage(), r.field, headOnly, true, false);
                socket.shutdownOutput();
                HttpWire.discard(in, DRAIN_BYTES);
                return false;
            } catch (SocketTimeoutException e) {
                writeError(out, 408, "request_timeout", "the body did not arrive within " + READ_MILLIS / 1000 + " s",
                        "body", headOnly, true, false);
                return false;
            }
            stats.hold(body.length);
            Response response = route(socket, head, body);
            stats.served.incrementAndGet();
            HttpWire.writeResponse(out, response.status, response.headers, response.body, headOnly, !keepAlive);
            return keepAlive;
        } finally {
            if (body != null) {
                stats.bodyBytes.addAndGet(-body.length);
            }
            stats.busy.decrementAndGet();
            workers.release();
        }
    }

    /** A worker permit: at once, or after waiting in the bounded queue; false when the request must be refused. */
    private boolean admit() {
        if (workers.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > limits.queue()) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return workers.tryAcquire(limits.queueWait(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    private record Response(int status, Map<String, List<String>> headers, byte[] body) {
        static Response error(int status, String code, String message, String field) {
            return json(status, error(code, message, field));
        }

        static Response json(int status, JsonNode body) {
            Map<String, List<String>> h = new LinkedHashMap<>();
            h.put("content-type", List.of("application/json"));
            return new Response(status, h, Json.writeBytes(body));
        }

        static ObjectNode error(String code, String message, String field) {
            ObjectNode e = Json.object().put("error", code).put("message", message);
            if (field != null) {
                e.put("field", field);
            }
            return e;
        }
    }

    private Response route(Socket socket, Head head, byte[] body) {
        String method = head.method().toUpperCase(Locale.ROOT);
        String target = head.target();
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme > 0 && target.regionMatches(true, 0, "http", 0, 4)) {
                int slash = target.indexOf('/', scheme + 3);
                target = slash < 0 ? "/" : target.substring(slash);
            } else {
                return Response.error(400, "bad_request", "the request target must be a path", "path");
            }
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);
        int hash = rawQuery.indexOf('#');
        if (hash >= 0) {
            rawQuery = rawQuery.substring(0, hash);
        }
        String path;
        Map<String, String> query;
        try {
            path = HttpWire.decode(rawPath, false, "path");
            query = queryParameters(rawQuery);
        } catch (Refusal r) {
            return Response.error(r.status, r.code, r.getMessage(), r.field);
        }
        Mounted files = mounted;
        if (files != null && (path.equals(mountedPrefix) || path.startsWith(mountedPrefix + "/"))) {
            MountedReply r = files.handle(method, path, rawQuery);
            Map<String, List<String>> h = new LinkedHashMap<>();
            r.headers().forEach((k, v) -> h.put(k, List.of(v)));
            return new Response(r.status(), h, r.body());
        }
        if (path.startsWith("/_local/")) {
            Reply reply;
            try {
                reply = control.handle(method, path, query, body);
            } catch (RuntimeException e) {
                log.accept("[http] " + method + " " + path + " failed: " + e);
                return Response.error(500, "internal", "the local endpoint failed; see the runtime's log", null);
            }
            return reply == null ? Response.error(404, "not_found", "no local endpoint " + method + " " + path, null)
                    : Response.json(reply.status(), reply.body());
        }
        var match = routes.match(method, rawPath);
        if (match.isEmpty()) {
            List<String> allowed = routes.methodsFor(rawPath);
            if (allowed.isEmpty()) {
                return Response.error(404, "not_found", "no route " + method + " " + path, null);
            }
            Response r = Response.error(405, "method_not_allowed", path + " accepts " + String.join(", ", allowed)
                    + ", not " + method, "method");
            r.headers().put("Allow", List.of(String.join(", ", allowed)));
            return r;
        }
        RouteSpec route = match.get().route();
        ObjectNode event = event(socket, head, method, rawPath, rawQuery, query, route, match.get().pathParameters(), body);
        JsonNode output;
        long started = System.nanoTime();
        try {
            output = invoker.apply(route.functionId(), event);
        } catch (RuntimeException e) {
            log.accept("[" + route.functionId() + "] " + route.routeKey() + " failed: " + e.getMessage());
            return Response.error(500, "internal", "the function failed; see the runtime's log", null);
        }
        Response response;
        try {
            response = functionResponse(output);
        } catch (RuntimeException e) {
            log.accept("[" + route.functionId() + "] " + route.routeKey() + " returned an unusable response: " + e);
            return Response.error(502, "bad_gateway", "the function returned a malformed response", null);
        }
        log.accept(String.format(Locale.ROOT, "[http] %s %s -> %d (%s, %d ms)", method, rawPath, response.status(),
                route.functionId(), (System.nanoTime() - started) / 1_000_000));
        return response;
    }

    /** The payload format 2.0 event API Gateway sends for this request. */
    ObjectNode event(Socket socket, Head head, String method, String rawPath, String rawQuery,
                     Map<String, String> query, RouteSpec route, Map<String, String> pathParameters, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        head.headers().forEach((lower, values) -> {
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
        String sourceIp = socket.getInetAddress().getHostAddress();
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
        http.put("protocol", head.version());
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

    /**
     * Query parameters as format 2.0 gives them: decoded, repeated names joined with commas. A malformed
     * percent-escape is a refusal (400 naming {@code query}), never a half-decoded value.
     */
    static Map<String, String> queryParameters(String rawQuery) throws Refusal {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = HttpWire.decode(eq < 0 ? pair : pair.substring(0, eq), true, "query");
            String value = eq < 0 ? "" : HttpWire.decode(pair.substring(eq + 1), true, "query");
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    /**
     * A format 2.0 response: an object with {@code statusCode} is used as is (headers, multi-value headers,
     * cookies, base64 body); any other value is, as API Gateway infers, a 200 JSON body.
     */
    private static Response functionResponse(JsonNode out) {
        if (out == null || out.isNull()) {
            return new Response(200, new LinkedHashMap<>(), new byte[0]);
        }
        if (!out.isObject() || !out.has("statusCode")) {
            byte[] bytes = (out.isTextual() ? out.asText() : out.toString()).getBytes(StandardCharsets.UTF_8);
            Map<String, List<String>> h = new LinkedHashMap<>();
            h.put("content-type", List.of("application/json"));
            return new Response(200, h, bytes);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        out.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), new ArrayList<>(List.of(h.getValue().asText()))));
        out.path("multiValueHeaders").fields().forEachRemaining(h -> {
            List<String> values = new ArrayList<>();
            h.getValue().forEach(v -> values.add(v.asText()));
            headers.put(h.getKey(), values);
        });
        List<String> cookies = new ArrayList<>();
        out.path("cookies").forEach(c -> cookies.add(c.asText()));
        if (!cookies.isEmpty()) {
            headers.computeIfAbsent("set-cookie", k -> new ArrayList<>()).addAll(cookies);
        }
        String body = out.path("body").isNull() || out.path("body").isMissingNode() ? "" : out.path("body").asText();
        byte[] bytes = out.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        int status = out.path("statusCode").asInt(200);
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("statusCode " + status);
        }
        return new Response(status, headers, bytes);
    }

    private static void writeError(OutputStream out, int status, String code, String message, String field,
                                   boolean headOnly, boolean close, boolean retryAfter) throws IOException {
        Response r = Response.error(status, code, message, field);
        if (retryAfter) {
            r.headers().put("Retry-After", List.of("1"));
        }
        HttpWire.writeResponse(out, r.status(), r.headers(), r.body(), headOnly, close);
    }

    /** Stops accepting requests, letting those in progress finish (up to two seconds). */
    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (acceptor != null) {
            try {
                acceptor.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.currentTimeMillis() + 2_000;
        while (stats.busy.get() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
