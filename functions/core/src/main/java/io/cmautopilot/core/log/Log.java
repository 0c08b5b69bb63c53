package io.cmautopilot.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured JSON log lines on stdout (CloudWatch with the function's JSON log format). Callers pass ids and counts,
 * never secrets or message bodies.
 */
public final class Log {
    private static final PrintStream OUT = System.out;

    private Log() {
    }

    public static void info(String message, Object... keyValues) {
        OUT.println(line("INFO", message, null, keyValues));
    }

    public static void warn(String message, Object... keyValues) {
        OUT.println(line("WARN", message, null, keyValues));
    }

    public static void error(String message, Throwable error, Object... keyValues) {
        OUT.println(line("ERROR", message, error, keyValues));
    }

    static String line(String level, String message, Throwable error, Object... keyValues) {
        ObjectNode node = Json.object().put("timestamp", Instant.now().toString()).put("level", level)
                .put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            node.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
        }
        if (error != null) {
            node.put("errorType", error.getClass().getName()).put("errorMessage", String.valueOf(error.getMessage()));
        }
        return node.toString();
    }
}
