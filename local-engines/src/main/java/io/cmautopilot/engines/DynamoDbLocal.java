package io.cmautopilot.engines;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * DynamoDB Local, the real engine (conditions, transactions, GSIs), run in-process on a loopback port and spoken to
 * over HTTP by the same SDK client the functions use. In memory for tests, on disk for the local runtime.
 */
public final class DynamoDbLocal implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocal(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts an in-memory engine on a free loopback port. */
    public static DynamoDbLocal inMemory() {
        return start(null, freePort());
    }

    /** Starts an engine that keeps its data under {@code dataDir} (created if needed). */
    public static DynamoDbLocal persistent(Path dataDir, int port) {
        return start(dataDir, port);
    }

    private static DynamoDbLocal start(Path dataDir, int port) {
        prepareNativeLibraries();
        try {
            String[] args;
            if (dataDir == null) {
                args = new String[]{"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"};
            } else {
                Files.createDirectories(dataDir);
                args = new String[]{"-dbPath", dataDir.toAbsolutePath().toString(), "-sharedDb", "-port",
                        Integer.toString(port), "-disableTelemetry"};
            }
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
            server.start();
            return new DynamoDbLocal(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local on port " + port + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** An SDK client for this engine (fixed dummy credentials: DynamoDB Local checks none). */
    public DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop DynamoDB Local", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * DynamoDB Local stores through SQLite via sqlite4java, whose native library Maven puts on the class path as a
     * bare {@code .so}/{@code .dylib}/{@code .dll} file. sqlite4java looks for it by its unversioned name in
     * {@code sqlite4java.library.path}, so copy each one there once.
     */
    private static synchronized void prepareNativeLibraries() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("cm-sqlite4java");
            dir.toFile().deleteOnExit();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                String name = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
                if (name.contains("sqlite4java") && (name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll"))) {
                    String ext = name.substring(name.lastIndexOf('.'));
                    String base = name.substring(0, name.lastIndexOf('.')).replaceAll("-\\d+(\\.\\d+)*$", "");
                    Path target = dir.resolve(base + ext);
                    Files.copy(Path.of(entry), target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            System.setProperty("sqlite4java.library.path", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare sqlite4java native libraries", e);
        }
    }
}
