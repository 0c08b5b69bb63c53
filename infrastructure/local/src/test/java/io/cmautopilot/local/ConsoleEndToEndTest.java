package io.cmautopilot.local;

import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (docs/CONSOLE.md): starts the local runtime on the real template.yaml, a free port
 * and a fresh data folder, then runs console/test/e2e.mjs, which seeds data through the API and signed webhooks and
 * drives Debian's headless Chromium with playwright-core (triage and reply, compose with a limit error, reschedule,
 * French, the digest chart, axe-core on every screen, 375 px). Needs the console built (the console module runs
 * before this one in the reactor) and /usr/bin/chromium (.ci/run installs it).
 */
class ConsoleEndToEndTest {
    static final Path CHROMIUM = Path.of(System.getProperty("cm.chromium", "/usr/bin/chromium"));

    @Test
    void the_console_works_end_to_end_in_headless_chromium(@TempDir Path data) throws IOException, InterruptedException {
        Path root = ProjectRoot.find();
        assertThat(root.resolve("console/dist/index.html"))
                .as("the console is built (mvn verify builds it in the console module; or run ./cm build)").exists();
        assertThat(root.resolve("console/node_modules/playwright-core")).as("npm ci has run in console/").exists();
        assertThat(CHROMIUM).as("Debian's chromium is installed (apt-get install -y chromium; .ci/run does it)").exists();
        Path log = root.resolve("infrastructure/local/target/console-e2e.log");
        Files.createDirectories(log.getParent());
        try (LocalRuntime runtime = LocalRuntime.builder(root, data.resolve("cm")).port(0).fireSchedules(false)
                .environment(Map.of()).maxRedeliveryDelay(Duration.ofMillis(200)).log(line -> { }).start()) {
            ProcessBuilder pb = new ProcessBuilder("node", "test/e2e.mjs").directory(root.resolve("console").toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CM_BASE_URL", runtime.baseUrl());
            pb.environment().put("CM_SINK_DIR", runtime.sink().toString());
            pb.environment().put("CM_CHROMIUM", CHROMIUM.toString());
            // Screenshots go to target/ on every run; `./cm screenshots` points this at docs/screenshots/ to refresh
            // the pictures of the README and docs/CONSOLE.md, so a test run never rewrites tracked files.
            String shots = System.getenv("CM_SCREENSHOTS");
            pb.environment().put("CM_SCREENSHOTS", shots != null && !shots.isBlank() ? shots
                    : root.resolve("infrastructure/local/target/screenshots").toString());
            // Every route the console uses must be there: a missing one fails instead of being skipped.
            pb.environment().put("CM_E2E_REQUIRE_ALL", "1");
            Process p = pb.start();
            boolean done = p.waitFor(6, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            System.out.println(output);
            assertThat(done).as("the browser tests finish within 6 minutes").isTrue();
            assertThat(p.exitValue()).as("console/test/e2e.mjs exit status; its output:\n" + output).isZero();
            assertThat(output).contains("checks passed");
        }
    }
}
