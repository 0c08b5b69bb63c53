package io.cmautopilot.local.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the built console (console/dist, written by {@code ./cm build} or {@code ./cm test}) under
 * {@code /console/} on the local runtime, next to the API it calls, so the browser talks to one origin and needs no
 * CORS. {@code /console/config.json} tells the app it runs without sign-in (loopback only); in AWS the same file,
 * uploaded next to the assets, names the Cognito user pool (docs/CONSOLE.md). Only GET and HEAD, only files inside
 * the dist folder (no traversal, no symbolic links out), strict security headers.
 */
public final class ConsoleAssets implements HttpHandler {
    public static final String PREFIX = "/console";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: https:; connect-src 'self'; frame-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "webmanifest", "application/manifest+json",
            "map", "application/json");
    private final Path dist;

    public ConsoleAssets(Path dist) {
        this.dist = dist.toAbsolutePath().normalize();
    }

    /** Whether the console has been built (else the runtime says how to build it). */
    public boolean built() {
        return Files.isRegularFile(dist.resolve("index.html"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            var headers = exchange.getResponseHeaders();
            if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                send(exchange, 405, "application/json", "{\"error\":\"method_not_allowed\",\"message\":\"the console's files accept GET and HEAD only\"}");
                return;
            }
            if (path.equals(PREFIX)) {
                String q = exchange.getRequestURI().getRawQuery();
                headers.set("Location", PREFIX + "/" + (q == null ? "" : "?" + q));
                send(exchange, 308, "text/plain; charset=utf-8", "");
                return;
            }
            String relative = path.substring(PREFIX.length() + 1);
            if (relative.equals("config.json")) {
                headers.set("Cache-Control", "no-store");
                send(exchange, 200, "application/json", "{\"auth\":\"none\",\"apiBase\":\"\"}");
                return;
            }
            if (relative.isEmpty()) {
                relative = "index.html";
            }
            Path file = dist.resolve(relative).normalize();
            if (!file.startsWith(dist) || relative.contains("\\") || !Files.isRegularFile(file)
                    || !file.toRealPath().startsWith(dist.toRealPath())) {
                if (!built()) {
                    send(exchange, 503, "text/html; charset=utf-8", "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                            + "<title>Console not built</title><p>The console is not built yet. Run <code>./cm build</code>"
                            + " (it needs Node.js 18+ and npm), then reload.</p></html>");
                } else {
                    send(exchange, 404, "text/plain; charset=utf-8", "no such file in the console");
                }
                return;
            }
            String name = file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            // index.html is always revalidated; the bundles carry a content hash in their names, so they never change.
            headers.set("Cache-Control", name.equals("index.html") ? "no-cache" : name.matches(".*-[A-Z0-9]{8}\\.(js|css)")
                    ? "public, max-age=31536000, immutable" : "no-cache");
            byte[] bytes = Files.readAllBytes(file);
            sendBytes(exchange, 200, TYPES.getOrDefault(ext, "application/octet-stream"), bytes);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        sendBytes(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
