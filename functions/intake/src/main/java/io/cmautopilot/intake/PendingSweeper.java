package io.cmautopilot.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.PendingEvents;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.json.EventStreams;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.post.PostStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Re-emits {@code CommentReceived} for comments the bus refused (docs/OPERATIONS.md: never lose an event), then
 * every other pending event (publish outcomes, AccountNeedsReconnect, DigestSent: {@link PendingEvents}). Reads
 * the sparse pending list oldest first, leaving alone marks younger than {@link #GRACE}: those belong to a webhook
 * or poll that is still between its store and its PutEvents, and announcing them here would only duplicate work.
 * Stops when the list is empty or the bus accepts nothing (it is still down; the next run retries).
 */
public final class PendingSweeper implements RequestHandler<ScheduledEvent, Map<String, Integer>>,
        RequestStreamHandler {
    static final Duration GRACE = Duration.ofMinutes(1);
    static final int BATCH = 100;
    static final int MAX_BATCHES = 20;
    private final CommentStore comments;
    private final CommentIntake intake;
    private final Clock clock;
    private final PendingEvents events;
    private final Bus bus;

    public PendingSweeper() {
        this(AwsServices.fromEnvironment());
    }

    public PendingSweeper(Services s) {
        this(new CommentStore(s.table()), CommentIntake.from(s), s.clock(), new PendingEvents(s.table(), s.clock()),
                s.bus());
    }

    public PendingSweeper(CommentStore comments, CommentIntake intake, Clock clock, PendingEvents events, Bus bus) {
        this.comments = comments;
        this.intake = intake;
        this.clock = clock;
        this.events = events;
        this.bus = bus;
    }

    /**
     * What Lambda calls (the runtime prefers the stream method of the same name): no event classes and no runtime
     * serialiser loaded on a cold start (docs/PERFORMANCE.md, "Cold start"); same work as the typed method.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        event.readAllBytes();
        EventStreams.write(result, Map.of("announced", sweep()));
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        int comments = sweep();
        int others = events.sweep(bus);
        return Map.of("announced", comments, "events", others);
    }

    /** Returns how many pending comments the bus accepted this run. */
    public int sweep() {
        int announced = 0;
        int seen = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<Comment> pending = comments.pending(clock.instant().minus(GRACE), BATCH);
            if (pending.isEmpty()) {
                break;
            }
            seen += pending.size();
            int accepted = intake.announce(pending);
            announced += accepted;
            if (accepted == 0) {
                break;
            }
        }
        if (seen > 0) {
            Log.info("pending comments swept", "seen", seen, "announced", announced);
        }
        return announced;
    }
}
