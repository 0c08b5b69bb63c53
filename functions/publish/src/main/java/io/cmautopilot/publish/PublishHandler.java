package io.cmautopilot.publish;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.json.EventStreams;
import java.io.OutputStream;
import java.io.InputStream;
import java.io.IOException;

/**
 * The publishing tick, fired every minute by EventBridge (template.yaml, PublishFunction). Overlapping ticks are
 * safe: every target is claimed with a conditional write, so no reserved concurrency is needed.
 */
public final class PublishHandler implements RequestHandler<ScheduledEvent, String>,
        RequestStreamHandler {
    private final Publisher publisher;

    public PublishHandler() {
        this(AwsServices.fromEnvironment());
    }

    public PublishHandler(Services services) {
        this(new Publisher(new PostStore(services.table()), new BrandStore(services.table()),
                new CounterStore(services.table()), new Checkpoints(services.table()), services.secrets(),
                services.bus(), services.clock(), NetworkPublishers.from(services), PublisherSettings.defaults()));
    }

    public PublishHandler(Publisher publisher) {
        this.publisher = publisher;
    }

    /** The tick's report as JSON (the Lambda runtime's own serializer does not know records). */
    /**
     * What Lambda calls (the runtime prefers the stream method of the same name): no event classes and no runtime
     * serialiser loaded on a cold start (docs/PERFORMANCE.md, "Cold start"); same work as the typed method.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        event.readAllBytes();
        EventStreams.write(result, handleRequest((ScheduledEvent) null, context));
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return Json.write(run(event, context));
    }

    TickReport run(ScheduledEvent event, Context context) {
        // The request id is unique per invocation: it names this tick as the owner of the leases it takes.
        String owner = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : Ids.next();
        return publisher.tick(owner);
    }
}
