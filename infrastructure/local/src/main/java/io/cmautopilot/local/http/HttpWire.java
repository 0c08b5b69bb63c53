package io.cmautopilot.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 message syntax for the local gateway (RFC 9112), strict and bounded: a request line of at most
 * {@link #MAX_REQUEST_LINE} bytes, at most {@link #MAX_HEADERS} header fields in {@link #MAX_HEADER_BYTES}, one framing
 * of the body (Content-Length or chunked, never both: the classic request-smuggling ambiguity), and a body read
 * only up to the caller's cap. Every violation is a {@link Refusal} that the gateway answers in the JSON error
 * shape, never a half-parsed request.
 */
final class HttpWire {
    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    static final int MAX_HEADERS = 100;
    private static final int MAX_CHUNK_LINE = 1024;

    private HttpWire() {
    }

    /** A request the gateway will not serve, with the status and error body it answers instead. */
    static final class Refusal extends Exception {
        final int status;
        final String code;
        final String field;

        Refusal(int status, String code, String message, String field) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.field = field;
        }
    }

    /** The request line and header fields; header names are lower-case, repeated fields keep every value. */
    record Head(String method, String target, String version, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        boolean keepAlive() {
            String connection = headers.getOrDefault("connection", List.of()).stream()
                    .map(s -> s.toLowerCase(Locale.ROOT)).reduce("", (a, b) -> a + "," + b);
            if (version.equals("HTTP/1.0")) {
                return connection.contains("keep-alive");
            }
            return !connection.contains("close");
        }
    }

    /** How the body is framed. */
    record Framing(boolean chunked, long length) {
        static final Framing NONE = new Framing(false, 0);
    }

    /**
     * Reads one request head; null when the connection was closed (or idle) before a request began. Leading empty
     * lines are skipped, as RFC 9112 section 2.2 allows.
     */
    static Head readHead(InputStream in) throws IOException, Refusal {
        String line;
        do {
            line = readLine(in, MAX_REQUEST_LINE, true);
            if (line == null) {
                return null;
            }
        } while (line.isEmpty());
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new Refusal(400, "bad_request", "malformed request line", null);
        }
        String method = parts[0];
        if (method.isEmpty() || !isToken(method)) {
            throw new Refusal(400, "bad_request", "malformed method", "method");
        }
        String version = parts[2];
        if (!version.matches("HTTP/\\d\\.\\d")) {
            throw new Refusal(400, "bad_request", "malformed HTTP version", null);
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new Refusal(505, "http_version_not_supported", "only HTTP/1.1 and HTTP/1.0 are served", null);
        }
        String target = parts[1];
        if (target.isEmpty() || target.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            throw new Refusal(400, "bad_request", "malformed request target", "path");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int total = 0;
        int count = 0;
        while (true) {
            String field = readLine(in, MAX_HEADER_BYTES, false);
            if (field == null) {
                throw new Refusal(400, "bad_request", "the connection ended inside the request head", null);
            }
            if (field.isEmpty()) {
                break;
            }
            total += field.length() + 2;
            if (++count > MAX_HEADERS || total > MAX_HEADER_BYTES) {
                throw new Refusal(431, "request_header_fields_too_large", "more than " + MAX_HEADERS
                        + " header fields or " + MAX_HEADER_BYTES + " bytes of them", null);
            }
            char first = field.charAt(0);
            if (first == ' ' || first == '\t') {
                throw new Refusal(400, "bad_request", "folded header lines are not accepted", "headers");
            }
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new Refusal(400, "bad_request", "a header line has no name", "headers");
            }
            String name = field.substring(0, colon);
            if (!isToken(name)) {
                throw new Refusal(400, "bad_request", "malformed header name", "headers");
            }
            String value = ows(field.substring(colon + 1));
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    throw new Refusal(400, "bad_request", "header " + name.toLowerCase(Locale.ROOT)
                            + " contains a control character", name.toLowerCase(Locale.ROOT));
                }
            }
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }
        return new Head(method, target, version, headers);
    }

    /** The body's framing, checked: one Content-Length (digits, every copy equal) or chunked, never both. */
    static Framing framing(Head head, long maxBody) throws Refusal {
        List<String> te = head.headers().get("transfer-encoding");
        List<String> cl = head.headers().get("content-length");
        if (te != null) {
            if (cl != null) {
                throw new Refusal(400, "bad_request", "both Transfer-Encoding and Content-Length are set",
                        "content-length");
            }
            String codings = String.join(",", te).toLowerCase(Locale.ROOT).replace(" ", "");
            if (!codings.equals("chunked")) {
                throw new Refusal(501, "not_implemented", "only the chunked transfer coding is supported",
                        "transfer-encoding");
            }
            return new Framing(true, -1);
        }
        if (cl == null) {
            return Framing.NONE;
        }
        String value = null;
        for (String v : cl) {
            for (String one : v.split(",", -1)) {
                String t = one.strip();
                if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new Refusal(400, "bad_request", "Content-Length is not a number", "content-length");
                }
                if (value != null && !value.equals(t)) {
                    throw new Refusal(400, "bad_request", "conflicting Content-Length values", "content-length");
                }
                value = t;
            }
        }
        long length = Long.parseLong(value);
        if (length > maxBody) {
            throw tooLarge(maxBody);
        }
        return new Framing(false, length);
    }

    static Refusal tooLarge(long maxBody) {
        return new Refusal(413, "payload_too_large", "the body is larger than " + maxBody + " bytes", "body");
    }

    /** Reads the body, never more than {@code maxBody} bytes. */
    static byte[] readBody(InputStream in, Framing framing, long maxBody) throws IOException, Refusal {
        if (!framing.chunked()) {
            if (framing.length() == 0) {
                return new byte[0];
            }
            byte[] body = in.readNBytes((int) framing.length());
            if (body.length < framing.length()) {
                throw new Refusal(400, "bad_request", "the connection ended before the body was complete", "body");
            }
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        while (true) {
            String line = readLine(in, MAX_CHUNK_LINE, false);
            if (line == null) {
                throw new Refusal(400, "bad_request", "the connection ended inside a chunked body", "body");
            }
            int semi = line.indexOf(';');
            String hex = (semi >= 0 ? line.substring(0, semi) : line).strip();
            long size;
            if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new Refusal(400, "bad_request", "malformed chunk size", "body");
            }
            size = Long.parseLong(hex, 16);
            if (size == 0) {
                // trailer fields, read and dropped, bounded like the head
                int trailers = 0;
                String t;
                while ((t = readLine(in, MAX_HEADER_BYTES, false)) != null && !t.isEmpty()) {
                    if (++trailers > MAX_HEADERS) {
                        throw new Refusal(431, "request_header_fields_too_large", "too many trailer fields", "body");
                    }
                }
                return out.toByteArray();
            }
            if (out.size() + size > maxBody) {
                throw tooLarge(maxBody);
            }
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new Refusal(400, "bad_request", "the connection ended inside a chunk", "body");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            String end = readLine(in, 2, false);
            if (end == null || !end.isEmpty()) {
                throw new Refusal(400, "bad_request", "a chunk does not end with CRLF", "body");
            }
        }
    }

    /** Reads and drops up to {@code max} bytes (a refused request's body), so the client can read our answer. */
    static void discard(InputStream in, long max) {
        byte[] sink = new byte[8 * 1024];
        long left = max;
        try {
            while (left > 0) {
                int n = in.read(sink, 0, (int) Math.min(sink.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away or was too slow: nothing more to do
        }
    }

    /**
     * One line without its CRLF (a bare LF is accepted), as ISO-8859-1; null at end of stream before any byte.
     * Longer than {@code max} bytes: 414 for the request line, 431 for a header.
     */
    static String readLine(InputStream in, int max, boolean requestLine) throws IOException, Refusal {
        StringBuilder b = new StringBuilder(64);
        int c;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            if (b.length() >= max) {
                throw requestLine ? new Refusal(414, "uri_too_long", "the request line is longer than " + max
                        + " bytes", "path") : new Refusal(431, "request_header_fields_too_large",
                        "a header line is longer than " + max + " bytes", "headers");
            }
            if (c == 0) {
                throw new Refusal(400, "bad_request", "NUL byte in the request head", "headers");
            }
            b.append((char) c);
        }
        if (!any) {
            return null;
        }
        throw new Refusal(400, "bad_request", "the connection ended inside a line", null);
    }

    /** Without the optional white space (SP, HTAB) around a field value. */
    private static String ows(String v) {
        int from = 0;
        int to = v.length();
        while (from < to && (v.charAt(from) == ' ' || v.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (v.charAt(to - 1) == ' ' || v.charAt(to - 1) == '\t')) {
            to--;
        }
        return v.substring(from, to);
    }

    /** RFC 9110 token characters (method, header name). */
    static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /**
     * Strict percent-decoding as UTF-8: a {@code %} not followed by two hex digits, or bytes that are not UTF-8, is
     * a refusal naming {@code field}. {@code plusIsSpace} for query strings (form encoding), not for paths.
     */
    static String decode(String s, boolean plusIsSpace, String field) throws Refusal {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteBuffer bytes = ByteBuffer.allocate(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw badEscape(field);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw badEscape(field);
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.put((byte) ' ');
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                // not on the wire (targets are ASCII); kept for decoding already-decoded text
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (bytes.remaining() < enc.length) {
                    ByteBuffer bigger = ByteBuffer.allocate(bytes.capacity() * 2 + enc.length);
                    bytes.flip();
                    bigger.put(bytes);
                    bytes = bigger;
                }
                bytes.put(enc);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new Refusal(400, "bad_request", "the " + field + " is not valid UTF-8 once decoded", field);
        }
    }

    private static Refusal badEscape(String field) {
        return new Refusal(400, "bad_request", "malformed percent-escape in the " + field
                + " (a % must be followed by two hex digits)", field);
    }

    /** Writes a complete response with a Content-Length (no body for HEAD, 1xx, 204 and 304). */
    static void writeResponse(OutputStream out, int status, Map<String, List<String>> headers, byte[] body,
                              boolean head, boolean close) throws IOException {
        boolean noBody = head || status == 204 || status == 304 || status < 200;
        StringBuilder b = new StringBuilder(256);
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (var h : headers.entrySet()) {
            String name = h.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!isToken(name) || lower.equals("content-length") || lower.equals("transfer-encoding")
                    || lower.equals("connection")) {
                continue;
            }
            for (String v : h.getValue()) {
                if (v == null || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                    continue; // never let a handler split the response
                }
                b.append(name).append(": ").append(v).append("\r\n");
            }
        }
        if (status != 204 && status != 304 && status >= 200) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            b.append("Connection: close\r\n");
        }
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody && body.length > 0) {
            out.write(body);
        }
        out.flush();
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }
}
