package io.cmautopilot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import io.cmautopilot.engines.MotoServer;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * JUnit 5 extension: one {@link MotoServer} per test JVM (started on first use, stopped when the JVM exits), reset
 * before each test class. Register it as a {@code static} field with {@code @RegisterExtension}.
 *
 * <p>When python3 or moto is absent the class is skipped with the reason; with {@code CM_REQUIRE_MOTO=true} (CI
 * sets it, see .ci/run) it fails instead, so the tier can never be skipped silently where it must run.
 */
public final class MotoExtension implements BeforeAllCallback {
    public static final String REQUIRE_VARIABLE = "CM_REQUIRE_MOTO";
    private static MotoServer server;
    private static String missing;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (MotoExtension.class) {
            if (server == null && missing == null) {
                Optional<String> why = MotoServer.unavailable();
                if (why.isPresent()) {
                    missing = why.get();
                } else {
                    server = MotoServer.start();
                    MotoServer started = server;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moto-stop"));
                }
            }
        }
        if (missing != null) {
            String message = "moto tier skipped: " + missing;
            if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
                throw new IllegalStateException(message + " (and " + REQUIRE_VARIABLE + "=true)");
            }
            System.err.println("[moto] " + message);
            Assumptions.abort(message);
        }
        server.reset();
    }

    public MotoServer server() {
        return server;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public List<JsonNode> sentMail() {
        return server.sentMail();
    }
}
