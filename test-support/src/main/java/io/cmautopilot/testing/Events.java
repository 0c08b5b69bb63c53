package io.cmautopilot.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.cmautopilot.engines.ProjectRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the real-shaped sample events under {@code events/} (also used by {@code sam local invoke}), through the
 * aws-lambda-java-tests loader, so tests deserialise them exactly as the Lambda runtime does.
 */
public final class Events {
    private Events() {
    }

    public static Path path(String relative) {
        Path p = ProjectRoot.events().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no sample event events/" + relative);
        }
        return p;
    }

    public static String text(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static APIGatewayV2HTTPEvent http(String relative) {
        return EventLoader.loadApiGatewayHttpEvent(path(relative).toString());
    }

    public static ScheduledEvent scheduled(String relative) {
        return EventLoader.loadScheduledEvent(path(relative).toString());
    }

    public static SQSEvent sqs(String relative) {
        return EventLoader.loadSQSEvent(path(relative).toString());
    }
}
