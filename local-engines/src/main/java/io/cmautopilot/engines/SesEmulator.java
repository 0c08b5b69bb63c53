package io.cmautopilot.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SES v2 emulator ({@code aws-ses-v2-local} from npm, pinned in local-engines/ses-emulator/package.json): a real
 * HTTP implementation of SendEmail, started with node on a free loopback port, read back through {@code GET /store}.
 */
public final class SesEmulator implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SesEmulator(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static SesEmulator start() {
        Path dir = ProjectRoot.find().resolve("local-engines/ses-emulator");
        install(dir);
        int port = DynamoDbLocal.freePort();
        try {
            Process p = new ProcessBuilder("node", dir.resolve("node_modules/aws-ses-v2-local/dist/cli.js").toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            SesEmulator emulator = new SesEmulator(p, URI.create("http://127.0.0.1:" + port));
            emulator.awaitHealthy();
            return emulator;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the SES emulator (is node installed?): " + e.getMessage(), e);
        }
    }

    /** Installs the pinned emulator with {@code npm ci} unless it is there already. */
    private static synchronized void install(Path dir) {
        if (Files.exists(dir.resolve("node_modules/aws-ses-v2-local/dist/cli.js"))) {
            return;
        }
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes());
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci for the SES emulator failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm to install the SES emulator (is npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the SES emulator", e);
        }
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the SES emulator exited with code " + process.exitValue());
            }
            try {
                var r = http.send(HttpRequest.newBuilder(endpoint.resolve("/health-check")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the SES emulator did not answer within 30 s");
    }

    /** The endpoint to give the SES v2 client ({@code endpointOverride} or {@code AWS_ENDPOINT_URL_SESV2}). */
    public URI endpoint() {
        return endpoint;
    }

    /** Every message the emulator received, as it reports them (from, destination, subject, body, attachments...). */
    public List<JsonNode> messages() {
        try {
            var r = http.send(HttpRequest.newBuilder(endpoint.resolve("/store")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> out = new ArrayList<>();
            MAPPER.readTree(r.body()).path("emails").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The raw MIME (.eml) of one stored message. */
    public String eml(String messageId) {
        try {
            var r = http.send(HttpRequest.newBuilder(endpoint.resolve("/get-emlContent?messageId=" + messageId)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void clear() {
        try {
            http.send(HttpRequest.newBuilder(endpoint.resolve("/clear-store")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
