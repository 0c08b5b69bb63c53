package io.cmautopilot.local;

import io.cmautopilot.engines.ProjectRoot;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Starts the runtime on the test template (src/test/resources/test-template.yaml) on a free port. */
final class TestRuntimes {
    private TestRuntimes() {
    }

    static Path testTemplate() {
        try {
            return Path.of(TestRuntimes.class.getResource("/test-template.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalRuntime.Builder onTestTemplate(Path data) {
        return LocalRuntime.builder(ProjectRoot.find(), data).template(testTemplate()).port(0).fireSchedules(false)
                .environment(Map.of()).maxRedeliveryDelay(Duration.ofMillis(50)).busRetries(3, Duration.ofMillis(20))
                .log(line -> System.out.println(line));
    }
}
