package io.cmautopilot.digest;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.digest.DigestStore;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.mail.SesMailer;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.digest.render.DigestRenderer;
import io.cmautopilot.digest.schedule.DigestSchedule;
import io.cmautopilot.digest.unsubscribe.UnsubscribeTokens;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.testing.SesExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The digest's world for a test: the real stores on DynamoDB Local, the real SES v2 client on the emulator (with
 * its store read back: subject, bodies, headers and attachments as SES received them), a hand-moved clock,
 * and helpers that fill counters and highlights exactly as scoring writes them.
 */
final class DigestWorld {
    static final String KEY = "test-unsubscribe-key-0123456789";
    static final String BASE_URL = "https://api.example.test";
    static final String SENDER = "digest@example.com";
    private static final AtomicInteger IDS = new AtomicInteger();

    final Table table;
    final BrandStore brands;
    final CounterStore counters;
    final HighlightStore highlights;
    final CrisisStore crises;
    final DigestStore digests;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    final RecordingBus bus = new RecordingBus();
    final SesMailer ses;
    final UnsubscribeTokens tokens = new UnsubscribeTokens(() -> KEY.getBytes(StandardCharsets.UTF_8));
    final DigestComposer composer;

    DigestWorld(DynamoDbExtension dynamo, SesExtension sesExtension) {
        this.table = new Table(dynamo.client(), dynamo.tableName());
        this.brands = new BrandStore(table);
        this.counters = new CounterStore(table);
        this.highlights = new HighlightStore(table);
        this.crises = new CrisisStore(table);
        this.digests = new DigestStore(table);
        SesV2Client client = SesV2Client.builder().endpointOverride(sesExtension.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.ses = new SesMailer(client, null);
        this.composer = new DigestComposer(new DigestBuilder(brands, counters, highlights, crises,
                new io.cmautopilot.core.comment.InboxStore(table)),
                new DigestRenderer(), tokens, BASE_URL, SENDER);
    }

    DigestRun run() {
        return run(ses);
    }

    DigestRun run(Mailer mailer) {
        return new DigestRun(brands, digests, composer, mailer, bus, clock, new DigestSchedule(DigestSchedule.CATCH_UP),
                new io.cmautopilot.core.bus.PendingEvents(table, clock));
    }

    DigestHttpHandler http() {
        return new DigestHttpHandler(brands, composer, tokens, clock);
    }

    Brand brand(String id, String name, String zone, String language) {
        Brand b = new Brand(id, name, ZoneId.of(zone), language, null, null, Instant.parse("2026-01-01T00:00:00Z"));
        brands.create(b);
        return b;
    }

    Subscription daily(Brand b, String email, int hour, String zone, String language) {
        Subscription s = new Subscription("S" + IDS.incrementAndGet(), b.id(), email, Subscription.Cadence.DAILY, hour,
                null, ZoneId.of(zone), language, true, Instant.parse("2026-01-01T00:00:00Z"));
        brands.putSubscription(s);
        return s;
    }

    Subscription weekly(Brand b, String email, int hour, DayOfWeek day, String zone, String language) {
        Subscription s = new Subscription("S" + IDS.incrementAndGet(), b.id(), email, Subscription.Cadence.WEEKLY, hour,
                day, ZoneId.of(zone), language, true, Instant.parse("2026-01-01T00:00:00Z"));
        brands.putSubscription(s);
        return s;
    }

    /** Adds {@code n} scored comments at {@code at}, counted as scoring counts them. */
    void count(Brand b, Instant at, Network network, Sentiment.Label label, long n) {
        counters.add(b.id(), b.timezone(), at, Map.of(Counters.COMMENTS, n, Counters.network(network), n,
                Counters.sentiment(label), n));
    }

    /** Counts {@code n} first replies sent {@code minutes} after their comments arrived, as the publisher does. */
    void countReplies(Brand b, Instant at, Network network, long minutes, long n) {
        counters.add(b.id(), b.timezone(), at, Map.of(
                Counters.responseTime(network, java.time.Duration.ofMinutes(minutes)), n,
                Counters.firstReplies(network), n,
                Counters.replies(io.cmautopilot.core.post.TargetStatus.PUBLISHED), n));
    }

    void countPosts(Brand b, Instant at, long published, long failed, long unconfirmed) {
        Map<String, Long> d = new HashMap<>();
        d.put(Counters.posts(io.cmautopilot.core.post.TargetStatus.PUBLISHED), published);
        d.put(Counters.posts(io.cmautopilot.core.post.TargetStatus.FAILED), failed);
        d.put(Counters.posts(io.cmautopilot.core.post.TargetStatus.UNCONFIRMED), unconfirmed);
        counters.add(b.id(), b.timezone(), at, d);
    }

    /** Lists a comment in the digest's highlight lists, as the scoring transaction does. */
    Comment highlight(Brand b, Instant at, Network network, String authorName, String handle, String text,
                      Sentiment.Label label, double score, boolean hidden, Flag.Type... flags) {
        String id = "C" + IDS.incrementAndGet();
        List<Flag> fl = new ArrayList<>();
        for (Flag.Type f : flags) {
            fl.add(new Flag(f, Flag.Severity.MEDIUM, f == Flag.Type.TOXIC ? List.of("insult") : List.of()));
        }
        Sentiment s = new Sentiment(label, Map.of(label.name().toLowerCase(java.util.Locale.ROOT), score), "lexicon", "en");
        Comment c = Comment.builder().id(id).brandId(b.id()).accountId("A1").network(network).externalId("ext-" + id)
                .author(new Comment.Author("u-" + id, handle, authorName)).text(text).language("en").createdAt(at)
                .receivedAt(at).permalink("https://social.example/@" + handle + "/" + id).sentiment(s).flags(fl)
                .scoredVersion(1).hidden(hidden).build();
        var tx = new io.cmautopilot.core.store.Transaction();
        highlights.put(tx, c, s, fl, b.timezone());
        tx.commit();
        return c;
    }

    void account(Brand b, Network network, String handle, Account.Status status) {
        brands.createAccount(new Account("A" + IDS.incrementAndGet(), b.id(), network, handle, null, null, null, status,
                Map.of(), Instant.parse("2026-01-01T00:00:00Z")));
    }
}
