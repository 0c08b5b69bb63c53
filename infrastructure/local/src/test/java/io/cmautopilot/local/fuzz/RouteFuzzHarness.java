package io.cmautopilot.local.fuzz;

import io.cmautopilot.core.store.Table;
import io.cmautopilot.engines.DynamoDbLocal;
import io.cmautopilot.engines.ProjectRoot;
import io.cmautopilot.engines.Template;
import io.cmautopilot.engines.TemplateTables;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The long fuzz run for docs/SECURITY.md and docs/PERFORMANCE.md: {@code perRoute} hostile requests to every HttpApi
 * route of template.yaml per seed, printing requests, 5xx, error-shape and refused-write counts and the time. Run
 * (from the project root; arguments: requests per route, first seed, number of seeds):
 * <pre>
 * mvn -q -o -pl infrastructure/local -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt
 * java -cp infrastructure/local/target/test-classes:infrastructure/local/target/classes:$(cat infrastructure/local/target/test-cp.txt) \
 *      io.cmautopilot.local.fuzz.RouteFuzzHarness 200 1 5
 * </pre>
 * Exits 1 when any request failed a check, printing the first failures.
 */
public final class RouteFuzzHarness {
    private RouteFuzzHarness() {
    }

    public static void main(String[] args) throws Exception {
        int perRoute = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long firstSeed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path root = ProjectRoot.find();
        Template template = Template.load(root.resolve("template.yaml"));
        int requests = 0;
        int serverErrors = 0;
        int failures = 0;
        long millis = 0;
        try (DynamoDbLocal dynamo = DynamoDbLocal.inMemory()) {
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                String name = "fuzz" + seed;
                TemplateTables.create(dynamo.client(), template, template.ofType("AWS::DynamoDB::Table").get(0), name);
                Path dir = Files.createTempDirectory("cm-fuzz");
                RouteFuzzer fuzzer = new RouteFuzzer(new Table(dynamo.client(), name), dir.resolve("secrets.json"),
                        root, seed);
                fuzzer.seed();
                RouteFuzzer.Report r = fuzzer.run(perRoute);
                System.out.printf("seed %d: %d requests over %d routes in %d ms (%.0f/s), 5xx %d, bad shapes %d, "
                                + "changed on refusal %d%n", seed, r.requests(), r.routes(), r.millis(),
                        r.requests() * 1000.0 / Math.max(1, r.millis()), r.serverErrors(), r.badShapes(),
                        r.changedOnRefusal());
                r.failures().stream().limit(10).forEach(f -> System.out.println("  " + f));
                requests += r.requests();
                serverErrors += r.serverErrors();
                failures += r.failures().size();
                millis += r.millis();
            }
        }
        System.out.printf("total: %d requests in %d ms, 5xx %d, failed checks %d%n", requests, millis, serverErrors,
                failures);
        System.exit(failures == 0 ? 0 : 1);
    }
}
