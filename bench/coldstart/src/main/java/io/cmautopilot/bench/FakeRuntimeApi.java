package io.cmautopilot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda Runtime API as one execution environment sees it, for one cold start: the first
 * {@code GET /2018-06-01/runtime/invocation/next} (the runtime has loaded and constructed the handler: init is over)
 * gets the event, the {@code .../response} or {@code .../error} POST ends the first invocation; a second {@code next}
 * is held until the harness kills the process (Lambda would freeze it). Every other path answers as an AWS service
 * that refuses the call at once (HTTP 400, not retryable), so a function that reaches for a service this bench does
 * not emulate fails fast and the same way before and after a change. Binds loopback, port 0.
 */
final class FakeRuntimeApi implements AutoCloseable {
    private final HttpServer server;
    private final byte[] event;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CompletableFuture<Long> nextAt = new CompletableFuture<>();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final String requestId = UUID.randomUUID().toString();

    record Result(long atNanos, boolean error, String body) {
    }

    private FakeRuntimeApi(String event) throws IOException {
        this.event = event.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/2018-06-01/runtime/", this::runtime);
        server.createContext("/", this::awsService);
        server.start();
    }

    static FakeRuntimeApi serving(String event) throws IOException {
        return new FakeRuntimeApi(event);
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String serviceEndpoint() {
        return "http://" + address();
    }

    /** When the runtime first asked for an event (System.nanoTime()); fails if the process died before. */
    long awaitNext(Process process, long timeoutSeconds) throws Exception {
        return await(nextAt, process, timeoutSeconds);
    }

    Result awaitResult(Process process, long timeoutSeconds) throws Exception {
        return await(result, process, timeoutSeconds);
    }

    private static <T> T await(CompletableFuture<T> future, Process process, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            try {
                return future.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!process.isAlive() && !future.isDone()) {
                    throw new IllegalStateException("the function's process exited (" + process.exitValue()
                            + ") before answering; see its .out file in the bench work folder");
                }
            }
        }
        throw new IllegalStateException("no answer from the function within " + timeoutSeconds + " s");
    }

    private void runtime(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.endsWith("/invocation/next")) {
            if (!nextAt.complete(now)) {
                try {
                    closing.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            var h = exchange.getResponseHeaders();
            h.add("Content-Type", "application/json");
            h.add("Lambda-Runtime-Aws-Request-Id", requestId);
            h.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
            h.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench");
            h.add("Lambda-Runtime-Trace-Id", "Root=1-674c1c2c-0a1b2c3d4e5f60718293a4b5;Parent=53995c3f42cd8ad8;Sampled=0");
            send(exchange, 200, event);
        } else if (path.endsWith("/restore/next")) {
            // SnapStart: the snapshot would be taken here; answering at once resumes as a restore would
            send(exchange, 200, new byte[0]);
        } else if (path.endsWith("/response")) {
            result.complete(new Result(now, false, new String(body, StandardCharsets.UTF_8)));
            send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
        } else if (path.endsWith("/error")) {
            // invocation error or init error: either ends this cold start
            result.complete(new Result(now, true, new String(body, StandardCharsets.UTF_8)));
            nextAt.complete(now);
            send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 404, new byte[0]);
        }
    }

    private void awsService(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "ValidationException");
        send(exchange, 400, "{\"__type\":\"ValidationException\",\"message\":\"not emulated by the cold-start bench\"}"
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
