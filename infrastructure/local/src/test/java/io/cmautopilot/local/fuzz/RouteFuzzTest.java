package io.cmautopilot.local.fuzz;

import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.engines.ProjectRoot;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite's fuzz run (docs/SECURITY.md, "Fuzzing"): every HttpApi route of template.yaml, a fixed seed, a few
 * hundred hostile requests; no 5xx, the JSON error shape on every error, nothing written by a refused request.
 * The long run is {@link RouteFuzzHarness}.
 */
class RouteFuzzTest {
    static final long SEED = 20261201L;
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;

    @Test
    void every_route_survives_hostile_requests() {
        RouteFuzzer fuzzer = new RouteFuzzer(new Table(dynamo.client(), dynamo.tableName()), dir.resolve("secrets.json"),
                ProjectRoot.find(), SEED);
        fuzzer.seed();

        RouteFuzzer.Report report = fuzzer.run(12);

        System.out.printf("fuzz: %d requests over %d routes in %d ms, 5xx %d, bad shapes %d, changed on refusal %d%n",
                report.requests(), report.routes(), report.millis(), report.serverErrors(), report.badShapes(),
                report.changedOnRefusal());
        assertThat(report.failures()).isEmpty();
        assertThat(report.routes()).as("read from the template").isEqualTo(RouteFuzzer.routes(Template.project()).size())
                .isGreaterThanOrEqualTo(20);
        assertThat(report.requests()).isEqualTo(12 * report.routes());
    }
}
