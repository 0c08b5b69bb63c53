package io.cmautopilot.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Wiring.FunctionSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Building handlers by reflection and giving them the event in the type they declare. */
class LocalFunctionTest {
    static final LocalServices SERVICES = new LocalServices(new io.cmautopilot.core.config.Env(Map.of()),
            java.time.Clock.systemUTC(), null, null, null, null, null);

    static FunctionSpec spec(Class<?> handler) {
        return new FunctionSpec("Fn", handler.getName(), "handleRequest", Map.of(), 3, 128);
    }

    public abstract static class Base<T> implements RequestHandler<T, String> {
        @Override
        public String handleRequest(T input, Context context) {
            return input.getClass().getSimpleName() + ":" + describe(input);
        }

        abstract String describe(T input);
    }

    public static final class Inherited extends Base<SQSEvent> {
        public Inherited(Services services) {
        }

        @Override
        String describe(SQSEvent input) {
            return input.getRecords().get(0).getEventSourceArn();
        }
    }

    public static final class Direct implements RequestHandler<ScheduledEvent, String> {
        public Direct(Services services) {
        }

        @Override
        public String handleRequest(ScheduledEvent input, Context context) {
            return input.getDetailType() + "@" + context.getFunctionName();
        }
    }

    public static final class Streaming implements RequestStreamHandler {
        public Streaming(Services services) {
        }

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            out.write(("{\"got\":" + new String(in.readAllBytes()) + "}").getBytes());
        }
    }

    public static final class NoServicesConstructor implements RequestHandler<JsonNode, String> {
        @Override
        public String handleRequest(JsonNode input, Context context) {
            return "x";
        }
    }

    @Test
    void theInputTypeComesFromRequestHandlersTypeArgumentEvenThroughAGenericBaseClass() {
        LocalFunction f = LocalFunction.create(spec(Inherited.class), SERVICES);

        assertThat(f.inputType()).isEqualTo(SQSEvent.class);
        JsonNode out = f.invoke(Json.tree("{\"Records\":[{\"messageId\":\"m\",\"body\":\"b\",\"eventSourceARN\":\"arn:q\"}]}"));
        assertThat(out.asText()).isEqualTo("SQSEvent:arn:q");
    }

    @Test
    void eventTypesAreReadWithTheLambdaSerializersFieldNames() {
        LocalFunction f = LocalFunction.create(spec(Direct.class), SERVICES);

        JsonNode out = f.invoke(Json.tree("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}"));

        assertThat(out.asText()).isEqualTo("Scheduled Event@Fn");
    }

    @Test
    void aStreamHandlerGetsTheRawJson() {
        JsonNode out = LocalFunction.create(spec(Streaming.class), SERVICES).invoke(Json.tree("{\"a\":1}"));

        assertThat(out.path("got").path("a").asInt()).isEqualTo(1);
    }

    @Test
    void aHandlerWithoutAServicesConstructorOrClassIsRefusedWithTheFunctionNamed() {
        assertThatThrownBy(() -> LocalFunction.create(spec(NoServicesConstructor.class), SERVICES))
                .hasMessageContaining("Fn: ").hasMessageContaining("needs a public constructor taking io.cmautopilot.core.config.Services");
        assertThatThrownBy(() -> LocalFunction.create(new FunctionSpec("Gone", "io.cmautopilot.nope.Handler", "handleRequest",
                Map.of(), 3, 128), SERVICES)).hasMessageContaining("Gone: the Handler class io.cmautopilot.nope.Handler");
    }

    @Test
    void aThrowingHandlerIsAFunctionError() {
        LocalFunction f = LocalFunction.create(spec(Inherited.class), SERVICES);

        assertThatThrownBy(() -> f.invoke(Json.tree("{\"Records\":[]}"))).isInstanceOf(LocalFunction.FunctionError.class)
                .hasMessageStartingWith("Fn failed");
    }
}
