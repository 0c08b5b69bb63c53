package io.cmautopilot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import io.cmautopilot.engines.SesEmulator;

import java.net.URI;
import java.util.List;

/**
 * JUnit 5 extension: one SES v2 emulator per test JVM, its store cleared before each test. Register it as a
 * {@code static} field with {@code @RegisterExtension}.
 */
public final class SesExtension implements BeforeAllCallback, BeforeEachCallback {
    private static SesEmulator emulator;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SesExtension.class) {
            if (emulator == null) {
                emulator = SesEmulator.start();
                Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.clear();
    }

    public URI endpoint() {
        return emulator.endpoint();
    }

    public List<JsonNode> messages() {
        return emulator.messages();
    }

    public String eml(String messageId) {
        return emulator.eml(messageId);
    }
}
