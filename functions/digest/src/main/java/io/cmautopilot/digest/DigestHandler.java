package io.cmautopilot.digest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.digest.unsubscribe.UnsubscribeTokens;
import io.cmautopilot.core.bus.PendingEvents;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.digest.DigestStore;
import io.cmautopilot.core.json.EventStreams;
import io.cmautopilot.digest.schedule.DigestSchedule;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The hourly digest run ({@code cron(0 * * * ? *)} in template.yaml). Thin: it names the run after the invocation
 * (the lease owner of its claims) and hands over to {@link DigestRun}.
 */
public final class DigestHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>>,
        RequestStreamHandler {
    /** Without PUBLIC_BASE_URL (the local runtime), links point at the local runtime's default address. */
    static final String LOCAL_BASE_URL = "http://127.0.0.1:3000";
    private final DigestRun run;

    public DigestHandler() {
        this(AwsServices.fromEnvironment());
    }

    public DigestHandler(Services services) {
        this(new DigestRun(new BrandStore(services.table()), new DigestStore(services.table()),
                DigestComposer.from(services, UnsubscribeTokens.from(services), LOCAL_BASE_URL), services.mailer(),
                services.bus(),
                services.clock(), new DigestSchedule(DigestSchedule.CATCH_UP),
                new PendingEvents(services.table(), services.clock())));
    }

    public DigestHandler(DigestRun run) {
        this.run = run;
    }

    /**
     * What Lambda calls (the runtime prefers the stream method of the same name): no event classes and no runtime
     * serialiser loaded on a cold start (docs/PERFORMANCE.md, "Cold start"); same work as the typed method.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        EventStreams.write(result, run(EventStreams.scheduledTime(event).orElse(null), context));
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        return run(event != null && event.getTime() != null ? Instant.ofEpochMilli(event.getTime().getMillis()) : null,
                context);
    }

    private Map<String, Integer> run(Instant at, Context context) {
        String owner = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId()
                : UUID.randomUUID().toString();
        DigestRun.Summary s = at != null ? run.run(owner, at) : run.run(owner);
        return Map.of("due", s.due(), "sent", s.sent(), "failed", s.failed(), "skipped", s.skipped());
    }
}
