package io.cmautopilot.local.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the built console (console/dist, written by {@code ./cm build} or {@code ./cm test}) under
 * {@code /console/} on the local runtime, next to the API it calls, so the browser talks to one origin and needs no
 * CORS. {@code /console/config.json} tells the app it runs without sign-in (loopback only); in AWS the same file,
 * uploaded next to the assets, names the Cognito user pool (docs/CONSOLE.md). Only GET and HEAD, only regular files
 * inside the dist folder (no traversal, no symbolic link out of it), strict security headers. Mounted on the gateway
 * with {@link HttpGateway#mount}, which hands it the decoded path.
 */
public final class ConsoleAssets implements HttpGateway.Mounted {
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
    public HttpGateway.MountedReply handle(String method, String path, String rawQuery) {
        boolean head = "HEAD".equals(method);
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return reply(404, "text/plain; charset=utf-8", "not found", head, Map.of());
        }
        if (!"GET".equals(method) && !head) {
            return reply(405, "application/json", "{\"error\":\"method_not_allowed\",\"message\":\"the console's files "
                    + "accept GET and HEAD only\",\"field\":\"method\"}", false, Map.of("Allow", "GET, HEAD"));
        }
        if (path.equals(PREFIX)) {
            String location = PREFIX + "/" + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
            if (location.indexOf('\r') >= 0 || location.indexOf('\n') >= 0) {
                return reply(400, "application/json", "{\"error\":\"bad_request\",\"message\":\"bad query\",\"field\":\"query\"}", head, Map.of());
            }
            return reply(308, "text/plain; charset=utf-8", "", head, Map.of("Location", location));
        }
        String relative = path.substring(PREFIX.length() + 1);
        if (relative.equals("config.json")) {
            return reply(200, "application/json", "{\"auth\":\"none\",\"apiBase\":\"\"}", head,
                    Map.of("Cache-Control", "no-store"));
        }
        if (relative.isEmpty()) {
            relative = "index.html";
        }
        Path file = dist;
        try {
            file = dist.resolve(relative).normalize();
            if (relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0 || !file.startsWith(dist)
                    || !Files.isRegularFile(file) || !file.toRealPath().startsWith(dist.toRealPath())) {
                return built() ? reply(404, "text/plain; charset=utf-8", "no such file in the console", head, Map.of())
                        : reply(503, "text/html; charset=utf-8", "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                        + "<title>Console not built</title><p>The console is not built yet. Run <code>./cm build</code>"
                        + " (it needs Node.js 18+ and npm), then reload.</p></html>", head, Map.of());
            }
            String name = file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            // index.html is revalidated on every load; the bundles carry a content hash in their names, so they never change.
            String cache = name.matches(".*-[A-Z0-9]{8}\\.(js|css)") ? "public, max-age=31536000, immutable" : "no-cache";
            byte[] bytes = Files.readAllBytes(file);
            return reply(200, TYPES.getOrDefault(ext, "application/octet-stream"), bytes, head, Map.of("Cache-Control", cache));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (java.nio.file.InvalidPathException e) {
            return reply(404, "text/plain; charset=utf-8", "no such file in the console", head, Map.of());
        }
    }

    private static HttpGateway.MountedReply reply(int status, String type, String body, boolean head, Map<String, String> extra) {
        return reply(status, type, body.getBytes(StandardCharsets.UTF_8), head, extra);
    }

    private static HttpGateway.MountedReply reply(int status, String type, byte[] body, boolean head, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.putAll(extra);
        return new HttpGateway.MountedReply(status, h, head ? new byte[0] : body);
    }
}
