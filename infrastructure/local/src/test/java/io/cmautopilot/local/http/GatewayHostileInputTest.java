package io.cmautopilot.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Wiring.RouteSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a careless or hostile client sends, byte for byte, and what it gets back: always a status with the JSON error
 * shape {@code {"error","message","field"}}, never an HTML page, a reset or a hang, and never a function invocation.
 */
class GatewayHostileInputTest {
    static HttpGateway gateway;
    static final AtomicInteger invocations = new AtomicInteger();

    @BeforeAll
    static void start() {
        List<RouteSpec> routes = List.of(new RouteSpec("Items", "Get", "GET", "/items/{id}"),
                new RouteSpec("Items", "Post", "POST", "/items"));
        gateway = new HttpGateway(0, routes, (fn, event) -> {
            invocations.incrementAndGet();
            return Json.object().put("statusCode", 200).put("body", "{\"ok\":true}");
        }, (m, p, q, b) -> null, line -> { }, new HttpGateway.Limits(4, 4, 500, 64, 64 * 1024));
        gateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    record Answer(int status, String head, String body) {
        JsonNode json() {
            return Json.tree(body);
        }
    }

    /** Sends raw bytes, half-closes, reads the answer (or everything until the server closes). */
    static Answer raw(byte[] request) throws IOException {
        return raw(request, false);
    }

    static Answer raw(byte[] request, boolean untilClosed) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    all.write(buf, 0, n);
                    String text = all.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end > 0 && !untilClosed) {
                        int cl = contentLength(text.substring(0, end));
                        if (cl >= 0 && all.size() >= end + 4 + cl) {
                            break;
                        }
                    }
                }
            } catch (IOException reset) {
                // an answer already read counts
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete answer to %s", new String(request, StandardCharsets.ISO_8859_1)).isPositive();
            String head = text.substring(0, end);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Answer(status, head, text.substring(end + 4));
        }
    }

    static Answer raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return -1;
    }

    static Stream<Arguments> hostile() {
        String big = "x".repeat(9000);
        StringBuilder manyHeaders = new StringBuilder("GET /items/1 HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 150; i++) {
            manyHeaders.append("X-H").append(i).append(": v\r\n");
        }
        manyHeaders.append("\r\n");
        return Stream.of(
                Arguments.of("bad escape in the query", "GET /items/1?x=%zz HTTP/1.1\r\nHost: h\r\n\r\n", 400, "query"),
                Arguments.of("truncated escape in the query", "GET /items/1?x=%4 HTTP/1.1\r\nHost: h\r\n\r\n", 400, "query"),
                Arguments.of("escape in a query name", "GET /items/1?%=1 HTTP/1.1\r\nHost: h\r\n\r\n", 400, "query"),
                Arguments.of("not UTF-8 once decoded", "GET /items/1?x=%C3%28 HTTP/1.1\r\nHost: h\r\n\r\n", 400, "query"),
                Arguments.of("bad escape in the path", "GET /items/%G1 HTTP/1.1\r\nHost: h\r\n\r\n", 400, "path"),
                Arguments.of("truncated escape in the path", "GET /items/abc% HTTP/1.1\r\nHost: h\r\n\r\n", 400, "path"),
                Arguments.of("unknown method on a known path", "BREW /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", 405, "method"),
                Arguments.of("unknown route", "GET /nope HTTP/1.1\r\nHost: h\r\n\r\n", 404, null),
                Arguments.of("method with illegal characters", "GE(T /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", 400, "method"),
                Arguments.of("garbage request line", "HELLO\r\n\r\n", 400, null),
                Arguments.of("unsupported HTTP version", "GET /items/1 HTTP/2.0\r\nHost: h\r\n\r\n", 505, null),
                Arguments.of("target that is not a path", "GET items/1 HTTP/1.1\r\nHost: h\r\n\r\n", 400, "path"),
                Arguments.of("request line too long", "GET /items/" + big + " HTTP/1.1\r\nHost: h\r\n\r\n", 414, "path"),
                Arguments.of("too many headers", manyHeaders.toString(), 431, null),
                Arguments.of("header line too long", "GET /items/1 HTTP/1.1\r\nX-Big: " + "y".repeat(40_000) + "\r\n\r\n", 431, "headers"),
                Arguments.of("header without a colon", "GET /items/1 HTTP/1.1\r\nHost h\r\n\r\n", 400, "headers"),
                Arguments.of("space before the colon", "GET /items/1 HTTP/1.1\r\nHost : h\r\n\r\n", 400, "headers"),
                Arguments.of("folded header", "GET /items/1 HTTP/1.1\r\nX-A: 1\r\n  folded\r\n\r\n", 400, "headers"),
                Arguments.of("control character in a value", "GET /items/1 HTTP/1.1\r\nX-A: a\u0001b\r\n\r\n", 400, "x-a"),
                Arguments.of("non-numeric Content-Length", "POST /items HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400, "content-length"),
                Arguments.of("negative Content-Length", "POST /items HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "content-length"),
                Arguments.of("conflicting Content-Lengths", "POST /items HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400, "content-length"),
                Arguments.of("Content-Length and chunked", "POST /items HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "content-length"),
                Arguments.of("unknown transfer coding", "POST /items HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "transfer-encoding"),
                Arguments.of("declared body above the cap", "POST /items HTTP/1.1\r\nContent-Length: 70000\r\n\r\n", 413, "body"),
                Arguments.of("chunked body above the cap", "POST /items HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "10000\r\n" + "z".repeat(0x10000) + "\r\n10000\r\n" + "z".repeat(0x10000) + "\r\n0\r\n\r\n", 413, "body"),
                Arguments.of("malformed chunk size", "POST /items HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "body"),
                Arguments.of("body shorter than declared", "POST /items HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", 400, "body"),
                Arguments.of("unknown expectation", "POST /items HTTP/1.1\r\nExpect: magic\r\nContent-Length: 0\r\n\r\n", 417, "expect"),
                Arguments.of("NUL in the head", "GET /items/1 HTTP/1.1\r\nX-A: a\u0000\r\n\r\n", 400, "headers"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void every_bad_request_gets_the_json_error_shape_and_never_reaches_a_function(String what, String request,
                                                                                  int status, String field) throws IOException {
        int before = invocations.get();

        Answer a = raw(request);

        assertThat(a.status()).as(what).isEqualTo(status);
        assertThat(a.head().toLowerCase(Locale.ROOT)).contains("content-type: application/json");
        JsonNode body = a.json();
        assertThat(body.path("error").asText()).as(what).isNotBlank().matches("[a-z_]+");
        assertThat(body.path("message").asText()).as(what).isNotBlank();
        if (field != null) {
            assertThat(body.path("field").asText()).as(what).isEqualTo(field);
        }
        assertThat(invocations.get()).as("no function invoked for " + what).isEqualTo(before);
    }

    @Test
    void a_well_formed_request_still_works_with_chunked_bodies_and_keep_alive() throws IOException {
        Answer a = raw("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
                + "\r\nConnection: close\r\n\r\n5\r\n{\"a\":\r\n2;ext=1\r\n1}\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void two_requests_on_one_connection_are_both_answered() throws IOException {
        Answer a = raw(("GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: h\r\nConnection: close"
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), true);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("HTTP/1.1 200 OK").contains("Connection: close");
        assertThat(invocations.get()).isGreaterThanOrEqualTo(2);
    }
}
