package io.cmautopilot.publish;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.UUID;

/**
 * Downloads a post's image so it can be uploaded to networks that take bytes, not URLs (Mastodon, Bluesky). A GET
 * is safe to repeat, so every transport failure is a retry; a 4xx means the URL is wrong for good.
 */
public final class MediaFetcher {
    /** Mastodon accepts images up to 16 MB (v4.3); anything bigger is refused before it is uploaded. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;
    private final HttpClient client;
    private final PlatformHttp http;

    public MediaFetcher(HttpClient client, PlatformHttp http) {
        this.client = client;
        this.http = http;
    }

    /** The fetched image, or the failure as a publish result. */
    public record Fetched(byte[] bytes, String contentType, String fileName, PublishResult failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * Fetches an image, following up to 3 redirects (CDNs redirect; the shared client does not follow them, and a
     * redirect may not downgrade an https URL to http). The body is streamed and the size cap enforced while it is
     * read: a declared {@code Content-Length} above the cap is refused before any byte is read, and a body that
     * grows past the cap (no length, or a length that lies) is cut off at cap + 1 bytes and refused, so a hostile
     * or broken server can never make the publisher hold more than {@link #MAX_BYTES} of one image.
     */
    public Fetched fetch(String url) {
        return fetch(url, MAX_BYTES);
    }

    Fetched fetch(String url, long maxBytes) {
        return fetch(url, maxBytes, "image/");
    }

    /**
     * Fetches a web page (an HTML document of at most {@code maxBytes}, never more than {@link #MAX_BYTES}) with the
     * same redirect, status, streaming and size rules as an image: for link cards.
     */
    public Fetched fetchPage(String url, long maxBytes) {
        return fetch(url, Math.min(maxBytes, MAX_BYTES), "text/html");
    }

    private Fetched fetch(String url, long maxBytes, String acceptedType) {
        HttpResponse<InputStream> response;
        URI uri = URI.create(url);
        int redirects = 0;
        while (true) {
            try {
                response = client.send(http.request(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                return failed(PublishResult.RetryLater.of(null, "cannot fetch media " + url + ": "
                        + e.getClass().getSimpleName()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(PublishResult.RetryLater.of(null, "interrupted while fetching media"));
            }
            var location = response.headers().firstValue("location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                break;
            }
            discard(response.body());
            URI next = uri.resolve(location.get());
            if (++redirects > 3 || ("https".equals(uri.getScheme()) && !"https".equals(next.getScheme()))) {
                return failed(new PublishResult.Rejected("media " + url + " redirects too often or to plain http"));
            }
            uri = next;
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status >= 500 || status == 429) {
                return failed(PublishResult.RetryLater.of(http.retryAt(response.headers()).orElse(null),
                        "cannot fetch media " + url + ": HTTP " + status));
            }
            if (status < 200 || status >= 300) {
                return failed(new PublishResult.Rejected("cannot fetch media " + url + ": HTTP " + status));
            }
            String type = response.headers().firstValue("content-type").orElse("application/octet-stream")
                    .split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (!type.startsWith(acceptedType)) {
                return failed(new PublishResult.Rejected("media " + url + " is not "
                        + (acceptedType.equals("image/") ? "an image" : acceptedType) + " (" + type + ")"));
            }
            long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
            if (declared > maxBytes) {
                return failed(tooLarge(url, maxBytes));
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                return failed(tooLarge(url, maxBytes));
            }
            String path = URI.create(url).getPath();
            String name = path == null || path.isEmpty() || path.endsWith("/") ? "image-" + UUID.randomUUID()
                    : path.substring(path.lastIndexOf('/') + 1);
            return new Fetched(bytes, type, name, null);
        } catch (IOException e) {
            return failed(PublishResult.RetryLater.of(null, "cannot fetch media " + url + ": "
                    + e.getClass().getSimpleName()));
        }
    }

    private static PublishResult tooLarge(String url, long maxBytes) {
        return new PublishResult.Rejected("media " + url + " is larger than " + (maxBytes >= 1024 * 1024
                ? maxBytes / 1024 / 1024 + " MB" : maxBytes + " bytes"));
    }

    /** Closes a body we do not need (a redirect's); closing an unread stream drops the connection, which is fine. */
    private static void discard(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing to keep
        }
    }

    private static Fetched failed(PublishResult result) {
        return new Fetched(null, null, null, result);
    }

    /** A multipart/form-data body (RFC 7578) with text fields and one file. */
    public static final class Multipart {
        private final String boundary = "cm-" + UUID.randomUUID();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        public Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
            write(value);
            write("\r\n");
            return this;
        }

        public Multipart file(String name, String fileName, String contentType, byte[] bytes) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName.replaceAll("[\"\\r\\n]", "_") + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            out.writeBytes(bytes);
            write("\r\n");
            return this;
        }

        public String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        public HttpRequest.BodyPublisher body() {
            write("--" + boundary + "--\r\n");
            return HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
