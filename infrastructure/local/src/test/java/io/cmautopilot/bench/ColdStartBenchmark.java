package io.cmautopilot.bench;

import io.cmautopilot.testing.DynamoDbLocal;
import io.cmautopilot.testing.ProjectRoot;
import io.cmautopilot.testing.Template;
import io.cmautopilot.testing.TemplateTables;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Cold start of every function in template.yaml, as a local proxy for Lambda's init phase (no SnapStart here): each
 * function's shaded jar alone on the class path of a fresh JVM with Lambda's JAVA_TOOL_OPTIONS, DynamoDB Local as
 * the table. Run after {@code ./cm build}:
 * <pre>
 * mvn -q -pl infrastructure/local -am test-compile -DskipTests &&
 *   java -cp "$(cat infrastructure/local/target/classpath.txt):infrastructure/local/target/test-classes:..." \
 *     io.cmautopilot.bench.ColdStartBenchmark
 * </pre>
 * (docs/PERFORMANCE.md gives the exact command.)
 */
public final class ColdStartBenchmark {
    private ColdStartBenchmark() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path root = ProjectRoot.find();
        Template template = Template.project();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String serialization = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("aws-lambda-java-serialization")).findFirst()
                .orElseThrow(() -> new IllegalStateException("aws-lambda-java-serialization is not on the class path"));
        try (DynamoDbLocal dynamo = DynamoDbLocal.inMemory()) {
            TemplateTables.create(dynamo.client(), template, "Table", "cm-bench");
            System.out.printf("%-22s %10s %8s %8s %8s %8s%n", "function", "jar (MB)", "jvm ms", "init ms", "1st ms", "2nd ms");
            for (String fn : template.ofType("AWS::Serverless::Function")) {
                Map<String, Object> props = template.properties(fn);
                String handler = ((String) props.get("Handler")).split("::")[0];
                Path jar = root.resolve((String) props.get("CodeUri"));
                if (!Files.exists(jar)) {
                    System.out.printf("%-22s missing %s: run ./cm build first%n", fn, jar);
                    continue;
                }
                String event = sampleEvent(template, fn, handler);
                long[] sums = new long[4];
                for (int i = 0; i < runs; i++) {
                    List<String> cmd = new ArrayList<>(List.of(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                            "-cp", jar + File.pathSeparator + probeClasses + File.pathSeparator + serialization,
                            ColdStartProbe.class.getName(), handler, event));
                    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                    Map<String, String> env = pb.environment();
                    env.put("TABLE_NAME", "cm-bench");
                    env.put("BUS_NAME", "cm-bench");
                    env.put("AWS_REGION", "us-east-1");
                    env.put("AWS_ACCESS_KEY_ID", "local");
                    env.put("AWS_SECRET_ACCESS_KEY", "local");
                    env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
                    env.put("SENTIMENT_ENGINE", "lexicon");
                    env.put("SENDER_EMAIL", "digest@example.com");
                    env.put("CM_UNSUBSCRIBE_KEY", "bench-key");
                    Process p = pb.start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor();
                    String line = out.lines().filter(l -> l.startsWith("init=")).findFirst()
                            .orElseThrow(() -> new IllegalStateException(fn + " probe failed:\n" + out));
                    String[] parts = line.split(" ");
                    sums[0] += value(parts[3]);
                    sums[1] += value(parts[0]);
                    sums[2] += value(parts[1]);
                    sums[3] += value(parts[2]);
                }
                System.out.printf("%-22s %10.1f %8d %8d %8d %8d%n", fn, Files.size(jar) / 1_048_576.0,
                        sums[0] / runs, sums[1] / runs, sums[2] / runs, sums[3] / runs);
            }
        }
    }

    private static long value(String kv) {
        return Long.parseLong(kv.substring(kv.indexOf('=') + 1));
    }

    /** A minimal real-shaped event for the handler's first trigger in the template (HTTP route, schedule or queue). */
    @SuppressWarnings("unchecked")
    private static String sampleEvent(Template template, String fn, String handler) {
        Map<String, Object> events = (Map<String, Object>) template.properties(fn).getOrDefault("Events", Map.of());
        for (Object e : events.values()) {
            Map<String, Object> event = (Map<String, Object>) e;
            Map<String, Object> p = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
            switch (String.valueOf(event.get("Type"))) {
                case "HttpApi" -> {
                    String method = String.valueOf(p.get("Method")).toUpperCase();
                    String path = String.valueOf(p.get("Path"));
                    String raw = path.replaceAll("\\{[^}]+}", "bench");
                    return "{\"version\":\"2.0\",\"routeKey\":\"" + method + " " + path + "\",\"rawPath\":\"" + raw
                            + "\",\"rawQueryString\":\"\",\"headers\":{\"content-type\":\"application/json\"},"
                            + "\"requestContext\":{\"http\":{\"method\":\"" + method + "\",\"path\":\"" + raw
                            + "\",\"sourceIp\":\"127.0.0.1\"},\"routeKey\":\"" + method + " " + path + "\",\"stage\":\"$default\"},"
                            + "\"pathParameters\":{},\"body\":\"{}\",\"isBase64Encoded\":false}";
                }
                case "Schedule", "ScheduleV2" -> {
                    return "{\"version\":\"0\",\"id\":\"bench\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                            + "\"account\":\"123456789012\",\"time\":\"2026-12-01T08:00:00Z\",\"region\":\"us-east-1\","
                            + "\"resources\":[],\"detail\":{}}";
                }
                case "SQS" -> {
                    return "{\"Records\":[]}";
                }
                default -> {
                }
            }
        }
        return "{}";
    }
}
