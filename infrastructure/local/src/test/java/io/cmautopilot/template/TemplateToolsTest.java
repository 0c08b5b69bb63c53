package io.cmautopilot.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.engines.ProjectRoot;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml through AWS's own tools, as a deploy would meet them: {@code cfn-lint} (errors and warnings fail the
 * build) and the AWS::Serverless transform of {@code aws-sam-translator} (any invalid-document cause fails it). The
 * transformed template is then compared with what the local runtime reads from the same file, so the runtime's
 * queue sources and rules are exactly those CloudFormation would create. Skipped with the reason when the tools are
 * absent; {@code CM_REQUIRE_TEMPLATE_TOOLS=true} (set by .ci/run) turns the skip into a failure.
 */
class TemplateToolsTest {
    static final Path ROOT = ProjectRoot.find();
    static final Path TEMPLATE = ROOT.resolve("template.yaml");

    @Test
    void cfnLintReportsNoErrorOrWarning() throws Exception {
        List<String> command = new ArrayList<>();
        Optional<Path> lint = executable("cfn-lint");
        if (lint.isPresent()) {
            command.add(lint.get().toString());
        } else {
            command.addAll(List.of(python(), "-m", "cfnlint"));
            requireModule("cfnlint", "cfn-lint");
        }
        command.add(TEMPLATE.toString());
        Result r = run(command);
        // cfn-lint's exit status is a bit mask: 2 errors, 4 warnings, 8 informational.
        assertThat(r.status() & 6).as("cfn-lint template.yaml found problems:\n" + r.output()).isZero();
    }

    @Test
    void theSamTransformSucceedsAndCreatesExactlyTheSourcesAndRulesTheLocalRuntimeRuns() throws Exception {
        requireModule("samtranslator", "aws-sam-translator");
        Path script = Files.createTempFile("sam-transform-", ".py");
        try (InputStream in = TemplateToolsTest.class.getResourceAsStream("/template-tools/sam-transform.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Result r = run(List.of(python(), script.toString(), TEMPLATE.toString()));
        Files.deleteIfExists(script);
        assertThat(r.status()).as("the SAM transform refused template.yaml:\n" + r.output()).isZero();
        JsonNode transformed = Json.tree(r.stdout());
        JsonNode resources = transformed.path("Resources");
        assertThat(resources.size()).isGreaterThan(Template.project().resources().size());

        Template template = Template.project();
        Wiring wiring = Wiring.read(template, new Intrinsics(template, Map.of(), "t", "b"));

        List<String> mappings = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue().path("Properties");
            switch (e.getValue().path("Type").asText()) {
                case "AWS::Lambda::EventSourceMapping" -> mappings.add(logical(p.path("FunctionName")) + " <- "
                        + p.path("EventSourceArn").path("Fn::GetAtt").get(0).asText() + " batch " + p.path("BatchSize").asInt(10)
                        + " window " + p.path("MaximumBatchingWindowInSeconds").asInt(0)
                        + " failures " + p.path("FunctionResponseTypes").toString().contains("ReportBatchItemFailures"));
                case "AWS::Events::Rule" -> {
                    if (p.has("EventPattern")) {
                        patterns.add(Json.write(p.path("EventPattern")));
                    }
                }
                default -> {
                }
            }
        });
        List<String> runtimeMappings = wiring.queueSources().stream().map(s -> s.functionId() + " <- " + s.queue()
                + " batch " + s.batchSize() + " window " + s.windowSeconds() + " failures " + s.reportBatchItemFailures()).toList();
        assertThat(runtimeMappings).containsExactlyInAnyOrderElementsOf(mappings);
        assertThat(wiring.rules().stream().map(x -> Json.tree(x.patternJson())).toList())
                .containsExactlyInAnyOrderElementsOf(patterns.stream().map(Json::tree).toList());
    }

    /** The function behind {@code !Ref FnAliaslive} (what SAM's AutoPublishAlias points mappings at). */
    private static String logical(JsonNode ref) {
        String s = ref.path("Ref").asText(ref.path("Fn::GetAtt").path(0).asText());
        return s.endsWith("Aliaslive") ? s.substring(0, s.length() - "Aliaslive".length()) : s;
    }

    // ---------------------------------------------------------------- processes

    record Result(int status, String stdout, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool-out-", ".txt");
        Path err = Files.createTempFile("tool-err-", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 5 minutes");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(p.exitValue(), stdout, stdout + Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String python() {
        return executable("python3").map(Path::toString).orElseGet(() -> {
            skip("python3 is not on the PATH");
            return "python3";
        });
    }

    private static void requireModule(String module, String pipName) throws IOException, InterruptedException {
        Result r = run(List.of(python(), "-c", "import " + module));
        if (r.status() != 0) {
            skip("python3 cannot import " + module + " (pip install " + pipName + ")");
        }
    }

    private static void skip(String why) {
        String message = "template tool check skipped: " + why;
        if (Boolean.parseBoolean(System.getenv("CM_REQUIRE_TEMPLATE_TOOLS"))) {
            throw new IllegalStateException(message + " (and CM_REQUIRE_TEMPLATE_TOOLS=true)");
        }
        System.err.println("[template] " + message);
        Assumptions.abort(message);
    }

    private static Optional<Path> executable(String name) {
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
}
