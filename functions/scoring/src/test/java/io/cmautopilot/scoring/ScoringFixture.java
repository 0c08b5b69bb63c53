package io.cmautopilot.scoring;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.scoring.alert.Alerts;
import io.cmautopilot.scoring.alert.AutoHider;
import io.cmautopilot.scoring.crisis.CrisisWatch;
import io.cmautopilot.scoring.engine.SentimentEngine;
import io.cmautopilot.scoring.lexicon.LexiconEngine;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Real stores on DynamoDB Local, a recording bus and mailer, and the scorer wired from them. */
final class ScoringFixture {
    static final Instant NOW = Instant.parse("2026-11-30T09:21:30Z");
    final Table table;
    final CommentStore comments;
    final BrandStore brands;
    final CounterStore counters;
    final HighlightStore highlights;
    final CrisisStore crises;
    final RecordingBus bus = new RecordingBus();
    final List<Email> mails = new CopyOnWriteArrayList<>();
    final Mailer mailer = email -> {
        mails.add(email);
        return "m-" + mails.size();
    };
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    ScoringFixture(Table table) {
        this.table = table;
        this.comments = new CommentStore(table);
        this.brands = new BrandStore(table);
        this.counters = new CounterStore(table);
        this.highlights = new HighlightStore(table);
        this.crises = new CrisisStore(table);
    }

    Brand brand(String id, BrandSettings settings) {
        Brand b = new Brand(id, "Acme <Foods>", ZoneId.of("Europe/Paris"), "en", settings, null, NOW.minusSeconds(86_400));
        brands.create(b);
        return b;
    }

    /** The comment ids events/scoring/sqs-comment-received.json names (comments are keyed by brand and id). */
    static final java.util.Map<String, String> SAMPLE_IDS = java.util.Map.of(
            "122104856321_998877665544", "01JDX8M6Q2V3W4X5Y6Z7A8B9C0",
            "17895695668004550", "01JDX8M7A1B2C3D4E5F6G7H8J9");

    Comment comment(String brandId, Network network, String externalId, String text, Instant createdAt) {
        return comment(brandId, network, externalId, text, createdAt, Comment.Kind.COMMENT, "acct-" + network.id());
    }

    Comment comment(String brandId, Network network, String externalId, String text, Instant createdAt,
                    Comment.Kind kind, String accountId) {
        Comment c = Comment.received(SAMPLE_IDS.getOrDefault(externalId, "c-" + externalId), brandId, accountId, network, externalId, null, null,
                new Comment.Author("u1", "jdoe", "Jane Doe"), text, null, createdAt, createdAt.plusSeconds(5),
                "https://example.com/p/" + externalId, kind);
        comments.insert(c, CommentStore.Origin.relay(c.brandId()));
        return c;
    }

    Scorer scorer(SentimentEngine engine, HttpClient http, String graphUrl, Secrets secrets) {
        Alerts alerts = new Alerts(mailer, "alerts@example.com", http);
        return Scorer.builder().comments(comments).brands(brands).counters(counters).highlights(highlights)
                .engine(engine).bus(bus).alerts(alerts)
                .hider(new AutoHider(inboxActions(graphUrl, secrets), comments, clock))
                .inbox(new io.cmautopilot.core.comment.InboxStore(table))
                .crisisWatch(new CrisisWatch(counters, crises, highlights, bus, alerts)).clock(clock).build();
    }

    /**
     * The API's hide path (publish.reply.InboxActions) with its Meta clients on {@code graphUrl} and its X client on
     * the same host's root (so one WireMock serves both).
     */
    io.cmautopilot.publish.reply.InboxActions inboxActions(String graphUrl, Secrets secrets) {
        var platform = new io.cmautopilot.publish.PlatformHttp(HttpClient.newHttpClient(), clock,
                java.time.Duration.ofSeconds(5));
        java.net.URI u = java.net.URI.create(graphUrl);
        String root = u.getScheme() + "://" + u.getAuthority();
        return new io.cmautopilot.publish.reply.InboxActions(brands, secrets, java.util.List.of(
                new io.cmautopilot.publish.meta.MetaReplies(Network.FACEBOOK, platform, graphUrl),
                new io.cmautopilot.publish.meta.MetaReplies(Network.INSTAGRAM, platform, graphUrl),
                new io.cmautopilot.publish.x.XReplies(new io.cmautopilot.publish.x.XPublisher(platform, root,
                        new io.cmautopilot.publish.MediaFetcher(HttpClient.newHttpClient(), platform)))));
    }

    Scorer scorer() {
        return scorer(LexiconEngine.standard(), HttpClient.newHttpClient(), "http://127.0.0.1:9", null);
    }
}
