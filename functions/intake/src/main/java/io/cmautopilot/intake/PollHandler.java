package io.cmautopilot.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.json.EventStreams;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.intake.bluesky.BlueskyPoller;
import io.cmautopilot.intake.bluesky.BlueskySessions;
import io.cmautopilot.intake.mastodon.MastodonPoller;
import io.cmautopilot.intake.poll.PollCursorStore;
import io.cmautopilot.intake.poll.Poller;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduled poll of the networks without webhooks (Mastodon, Bluesky): every active account on them, one after
 * the other. One account failing (expired token, instance down) is logged and does not stop the others; its cursor
 * stays, and the next run catches up. Only a failure of the run itself (the table unreachable) fails the invocation,
 * which then lands in the function's dead-letter queue and its alarm.
 */
public final class PollHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>>,
        RequestStreamHandler {
    private final BrandStore brands;
    private final List<Poller> pollers;

    public PollHandler() {
        this(AwsServices.fromEnvironment());
    }

    public PollHandler(Services s) {
        this(new BrandStore(s.table()), pollers(s));
    }

    public PollHandler(BrandStore brands, List<Poller> pollers) {
        this.brands = brands;
        this.pollers = List.copyOf(pollers);
    }

    /** Every network read by polling, one per platform package, sharing one intake and one cursor store. */
    public static List<Poller> pollers(Services s) {
        CommentIntake intake = CommentIntake.from(s);
        PollCursorStore cursors = new PollCursorStore(s.table(), s.clock());
        return List.of(new MastodonPoller(s.http(), s.secrets(), cursors, intake),
                new BlueskyPoller(new BlueskySessions(s.http(), s.secrets()), cursors, intake, s.clock()));
    }

    /**
     * What Lambda calls (the runtime prefers the stream method of the same name): no event classes and no runtime
     * serialiser loaded on a cold start (docs/PERFORMANCE.md, "Cold start"); same work as the typed method.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        event.readAllBytes();
        EventStreams.write(result, pollAll());
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        return pollAll();
    }

    public Map<String, Integer> pollAll() {
        int accounts = 0;
        int failed = 0;
        CommentIntake.Result total = CommentIntake.Result.NONE;
        for (Poller poller : pollers) {
            Network network = poller.network();
            for (Account account : brands.listAccountsOn(network)) {
                if (account.status() != Account.Status.ACTIVE) {
                    continue;
                }
                accounts++;
                try {
                    total = total.plus(poller.poll(account));
                } catch (RuntimeException e) {
                    failed++;
                    Log.error("poll failed; cursor kept, the next run catches up", e, "brandId", account.brandId(),
                            "accountId", account.id(), "network", network.id());
                }
            }
        }
        Map<String, Integer> summary = new LinkedHashMap<>();
        summary.put("accounts", accounts);
        summary.put("failed", failed);
        summary.put("stored", total.stored());
        summary.put("announced", total.announced());
        Log.info("poll done", "accounts", accounts, "failed", failed, "stored", total.stored());
        return summary;
    }
}
