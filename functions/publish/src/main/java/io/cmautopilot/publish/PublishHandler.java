package io.cmautopilot.publish;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.json.EventStreams;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.reply.ReplyStore;
import io.cmautopilot.publish.reply.ReplyDelivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
        this(publisher(services, NetworkPublishers.from(services)));
    }

    private static Publisher publisher(Services services, java.util.List<NetworkPublisher> networks) {
        CounterStore counters = new CounterStore(services.table());
        return new Publisher(new PostStore(services.table()), new BrandStore(services.table()), counters,
                new CheckpointStore(services.table()), services.secrets(), services.bus(), services.clock(), networks,
                PublisherSettings.defaults(), new ReplyDelivery(new ReplyStore(services.table()),
                new InboxStore(services.table()), counters, NetworkRepliers.from(services, networks)));
    }

    public PublishHandler(Publisher publisher) {
        this.publisher = publisher;
    }

    /**
     * What Lambda calls (the runtime prefers the stream method of the same name): no event classes and no runtime
     * serialiser loaded on a cold start (docs/PERFORMANCE.md, "Cold start"); same work as the typed method.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        EventStreams.write(result, Json.write(run(EventStreams.scheduledTime(event).orElse(null), context)));
    }

    /** The tick's report as JSON (the Lambda runtime's own serializer does not know records). */
    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return Json.write(run(event != null && event.getTime() != null
                ? java.time.Instant.ofEpochMilli(event.getTime().getMillis()) : null, context));
    }

    TickReport run(ScheduledEvent event, Context context) {
        return run(event != null && event.getTime() != null
                ? java.time.Instant.ofEpochMilli(event.getTime().getMillis()) : null, context);
    }

    /** {@code at}: the schedule event's time, or null. */
    private TickReport run(java.time.Instant at, Context context) {
        // The request id is unique per invocation: it names this tick as the owner of the leases it takes.
        String owner = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : Ids.next();
        // A schedule event's time ahead of our clock (the local runtime's fire?at=) is honoured, as the digest does.
        return publisher.asOf(at).tick(owner);
    }
}
