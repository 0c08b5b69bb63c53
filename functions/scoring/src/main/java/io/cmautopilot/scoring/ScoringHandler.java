package io.cmautopilot.scoring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.scoring.alert.Alerts;
import io.cmautopilot.scoring.alert.AutoHider;
import io.cmautopilot.scoring.graph.GraphAccounts;
import io.cmautopilot.scoring.instagram.MentionTexts;
import io.cmautopilot.scoring.crisis.CrisisWatch;
import io.cmautopilot.scoring.engine.Engines;
import io.cmautopilot.scoring.engine.SentimentEngine;
import io.cmautopilot.scoring.engine.TextInput;
import org.crac.Core;
import org.crac.Resource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Consumes the scoring queue (template.yaml: ScoringQueue, batches of up to 25, {@code ReportBatchItemFailures}).
 * Thin: parses each record into a {@link ScoreRequest}, lets the {@link Scorer} do the work, and answers the ids of
 * the messages to retry, so one bad comment never blocks or re-scores the others. A body that is not a
 * {@code CommentReceived} envelope is reported too: after five receives it rests in the dead-letter queue, whose
 * alarm tells the operator.
 */
public final class ScoringHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    private final Scorer scorer;
    private final SentimentEngine engine;

    /** Lambda: wired from the environment, and primed before the SnapStart snapshot. */
    public ScoringHandler() {
        this(AwsServices.fromEnvironment());
        Core.getGlobalContext().register(this);
    }

    public ScoringHandler(Services services) {
        this(Engines.fromEnvironment(services.env()), services);
    }

    private ScoringHandler(SentimentEngine engine, Services services) {
        this.engine = engine;
        this.scorer = wire(services, engine);
    }

    public ScoringHandler(Scorer scorer) {
        this.scorer = scorer;
        this.engine = null;
    }

    /**
     * SnapStart priming (docs/PERFORMANCE.md, "Cold start"): one dry scoring run loads the lexicons' code paths and, for the
     * Comprehend engines, the SDK's marshallers and HTTP client, so the first batch after a restore does not pay for
     * them. Failures (no credentials at snapshot time) are expected and swallowed.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (engine == null) {
            return;
        }
        try {
            engine.score(List.of(new TextInput("Priming the scorer: great service, thanks!", "en")));
        } catch (RuntimeException e) {
            Log.info("priming call failed (expected without credentials)", "engine", engine.name());
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clients pick up credentials from the default chain on first use.
    }

    /** The production wiring from {@link Services}, with the given engine (tests pass a Comprehend engine on WireMock). */
    public static Scorer wire(Services services, SentimentEngine engine) {
        var table = services.table();
        var comments = new CommentStore(table);
        var brands = new BrandStore(table);
        var counters = new CounterStore(table);
        var highlights = new HighlightStore(table);
        var alerts = new Alerts(services.mailer(), services.env().optional("SENDER_EMAIL").orElse(null), services.http(),
                io.cmautopilot.core.console.ConsoleLinks.of(services.env().optional(io.cmautopilot.core.console.ConsoleLinks.ENV).orElse(null)));
        var graph = new GraphAccounts(services.http(),
                services.env().get("CM_GRAPH_API_URL", GraphAccounts.DEFAULT_GRAPH_URL), brands, services.secrets());
        return Scorer.builder().comments(comments).brands(brands).counters(counters).highlights(highlights)
                .engine(engine).bus(services.bus()).alerts(alerts)
                .hider(new AutoHider(io.cmautopilot.publish.reply.InboxActions.from(services), comments, services.clock()))
                .inbox(new io.cmautopilot.core.comment.InboxStore(services.table()))
                .mentions(new MentionTexts(graph, comments, services.clock()))
                .crisisWatch(new CrisisWatch(counters, new CrisisStore(table), highlights, services.bus(), alerts,
                        new io.cmautopilot.core.post.PublishingSwitch(new io.cmautopilot.core.post.PublishingStore(table),
                                new io.cmautopilot.core.post.PostStore(table), services.bus(), services.clock())))
                .clock(services.clock()).build();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<ScoreRequest> requests = new ArrayList<>();
        Set<String> failed = new LinkedHashSet<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            try {
                requests.add(ScoreRequest.parse(m.getMessageId(), m.getBody()));
            } catch (IllegalArgumentException e) {
                Log.warn("unreadable scoring message", "messageId", m.getMessageId(), "reason", e.getMessage());
                failed.add(m.getMessageId());
            }
        }
        failed.addAll(scorer.score(requests));
        List<SQSBatchResponse.BatchItemFailure> failures = failed.stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList();
        Log.info("scored batch", "messages", event.getRecords().size(), "failures", failures.size());
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
