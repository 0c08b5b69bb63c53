package io.cmautopilot.core.events;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.json.EventStreams;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file under events/ (the fixtures of docs/EVENTS.md and the sample events the handlers and {@code sam local
 * invoke} use), in the aws-lambda-java-tests {@code @Events} style: one parameterised case per file, each parsed into
 * the type its reader uses and written back equal to the file's JSON, compared as trees. Bus events become their
 * record ({@link BusEvents}); API Gateway HTTP events (the management API, the digest's pages, the webhooks) the
 * {@code APIGatewayV2HTTPEvent} the typed handlers receive, loaded as the Lambda runtime loads it; scheduled events the
 * EventBridge {@link Envelope} whose {@code time} the stream handlers read; SQS events the runtime's
 * {@code SQSEvent}, each body a bus envelope; the platform API answers under intake/api the tree the pollers read. A
 * file none of these kinds claims fails, and so does a file name that is not kebab-case.
 */
class EventFilesRoundTripTest {
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*\\.json");

    static List<String> files() throws IOException {
        Path root = ProjectRoot.events();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.endsWith("README.md")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void roundTrips(String file) throws IOException {
        Path path = ProjectRoot.events().resolve(file);
        assertThat(path.getFileName().toString()).as("file names under events/ are kebab-case").matches(KEBAB);
        String text = Files.readString(path);
        JsonNode expected = Json.tree(text);
        Kind kind = kind(file, expected);
        JsonNode written = switch (kind) {
            case BUS -> bus(text);
            case HTTP -> http(path, expected);
            case SCHEDULE -> schedule(text);
            case SQS -> sqs(path);
            case PLATFORM_ANSWER -> Json.tree(Json.write(Json.tree(text)));
        };
        if (kind == Kind.HTTP || kind == Kind.SQS) {
            // API Gateway sends some fields as an explicit null (authorizer.iam.principalOrgId); the runtime's
            // serialiser, like the event classes, cannot tell null from absent: the one difference allowed here.
            expected = withoutNulls(expected);
        }
        assertThat(written).as(file).isEqualTo(expected);
    }

    enum Kind { BUS, HTTP, SCHEDULE, SQS, PLATFORM_ANSWER }

    static Kind kind(String file, JsonNode tree) {
        if (file.startsWith("bus/")) {
            return Kind.BUS;
        }
        if (file.startsWith("intake/api/")) {
            return Kind.PLATFORM_ANSWER;
        }
        if ("2.0".equals(tree.path("version").asText()) && tree.has("routeKey")) {
            return Kind.HTTP;
        }
        if ("Scheduled Event".equals(tree.path("detail-type").asText())) {
            return Kind.SCHEDULE;
        }
        if (tree.has("Records") && "aws:sqs".equals(tree.path("Records").path(0).path("eventSource").asText())) {
            return Kind.SQS;
        }
        throw new AssertionError("events/" + file + " is of no kind this test knows: add its reader here");
    }

    /** A bus event: the envelope, its detail read into the record of its detail-type, written back. */
    private static JsonNode bus(String text) {
        Envelope envelope = Envelope.parse(text);
        BusEvent event = envelope.event();
        assertThat(event.detailType()).isEqualTo(envelope.detailType());
        assertThat(event.schemaVersion()).isEqualTo(BusEvents.SCHEMA_VERSION);
        return Json.tree(Json.write(envelope.with(event)));
    }

    /** An HTTP API event as the typed handlers receive it; the stream handlers' reading sees the same request. */
    private static JsonNode http(Path path, JsonNode tree) throws IOException {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(path.toString());
        HttpRequest typed = HttpRequest.from(event);
        HttpRequest streamed = HttpRequest.from(tree);
        assertThat(streamed.method()).isEqualTo(typed.method());
        assertThat(streamed.path()).isEqualTo(typed.path());
        assertThat(streamed.headers()).isEqualTo(typed.headers());
        assertThat(streamed.query()).isEqualTo(typed.query());
        assertThat(streamed.pathParams()).isEqualTo(typed.pathParams());
        assertThat(streamed.body()).isEqualTo(typed.body());
        return runtimeJson(APIGatewayV2HTTPEvent.class, event);
    }

    /** A scheduled event: the envelope; its time is what the stream handlers take from it. */
    private static JsonNode schedule(String text) throws IOException {
        Envelope envelope = Envelope.parse(text);
        assertThat(EventStreams.scheduledTime(new ByteArrayInputStream(text.getBytes()))).contains(envelope.time());
        return Json.tree(Json.write(envelope));
    }

    /** An SQS event as the runtime gives it; each body is a bus envelope that round-trips through its record. */
    private static JsonNode sqs(Path path) {
        SQSEvent event = EventLoader.loadSQSEvent(path.toString());
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            assertThat(bus(m.getBody())).isEqualTo(Json.tree(m.getBody()));
        }
        return runtimeJson(SQSEvent.class, event);
    }

    private static JsonNode withoutNulls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.properties().removeIf(e -> e.getValue().isNull());
            o.forEach(EventFilesRoundTripTest::strip);
        } else if (node.isArray()) {
            node.forEach(EventFilesRoundTripTest::strip);
        }
    }

    /** Written by the Lambda runtime's own serialiser for the event class (aws-lambda-java-serialization). */
    private static <T> JsonNode runtimeJson(Class<T> type, T event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(type, EventFilesRoundTripTest.class.getClassLoader()).toJson(event, out);
        return Json.tree(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
