package io.cmautopilot.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * moto's standalone server ({@code moto_server -H 127.0.0.1 -p <port>}) as a local engine: AWS's own API shapes
 * for EventBridge, SQS, SES v2 and Secrets Manager on a free loopback port. Started as a child process, waited for
 * until it answers, stopped (this process only) on {@link #close()}. Its log goes to a temporary file, named in
 * every failure.
 */
public final class MotoServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Why moto cannot run here (no python3, or no moto with its server extras), or empty when it can. */
    public static Optional<String> unavailable() {
        Optional<Path> python = executable("python3");
        if (python.isEmpty()) {
            return Optional.of("python3 is not on the PATH");
        }
        try {
            Process p = new ProcessBuilder(python.get().toString(), "-c",
                    "import moto, moto.server, flask, werkzeug; print(moto.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return Optional.of("python3 cannot import moto's server (pip install 'moto[server]'): "
                        + out.lines().reduce((a, b) -> b).orElse(""));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run python3: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking for moto");
        }
    }

    /** Starts moto on a free loopback port and waits (up to 60 s on a loaded machine) until it answers. */
    public static MotoServer start() {
        Optional<String> missing = unavailable();
        if (missing.isPresent()) {
            throw new IllegalStateException("moto cannot run: " + missing.get());
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        Optional<Path> script = executable("moto_server");
        if (script.isPresent()) {
            command.add(script.get().toString());
        } else {
            command.addAll(List.of(executable("python3").orElseThrow().toString(), "-m", "moto.server"));
        }
        command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        try {
            Path log = Files.createTempFile("moto-server-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer server = new MotoServer(p, URI.create("http://127.0.0.1:" + port), log);
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; log: " + log
                        + "\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within " + timeout + "; log: " + log);
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path log() {
        return log;
    }

    /** Forgets every resource and message (moto's {@code POST /moto-api/reset}). */
    public void reset() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The messages moto's SES backend accepted ({@code GET /moto-api/data.json}, {@code ses.RawMessage} and
     * {@code ses.Message}): each with {@code id}, {@code source}, {@code destinations} and {@code raw_data} (raw) or
     * {@code subject}/{@code body} (simple). Both SES v1 and v2 sends land there.
     */
    public List<JsonNode> sentMail() {
        JsonNode ses = data().path("ses");
        List<JsonNode> out = new ArrayList<>();
        ses.path("RawMessage").forEach(out::add);
        ses.path("Message").forEach(out::add);
        return out;
    }

    /** moto's whole model dump. */
    public JsonNode data() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and removes its log (a failure to start keeps it and names it). */
    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temporary file: the OS cleans it
        }
    }

    private void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    static Optional<Path> executable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
