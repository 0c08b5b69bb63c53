package io.cmautopilot.publish.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.sun.net.httpserver.HttpServer;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentState;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.reply.Reply;
import io.cmautopilot.core.reply.ReplyStore;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.publish.CheckpointStore;
import io.cmautopilot.publish.Fixtures;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.Publisher;
import io.cmautopilot.publish.PublisherSettings;
import io.cmautopilot.publish.mastodon.MastodonReplies;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Replies through the publisher's tick: the same claim, lease and outcomes as posts, on a real table. */
class ReplyPublishingTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension mastodon = WireMocks.server();
    @TempDir
    Path dir;

    Table table;
    FileSecrets secrets;
    Fixtures fx;
    RecordingBus bus;
    MutableClock clock;
    CommentStore comments;
    InboxStore inbox;
    ReplyStore replies;

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        secrets = new FileSecrets(dir.resolve("secrets.json"));
        fx = new Fixtures(table, secrets);
        fx.brand("acme");
        bus = new RecordingBus();
        clock = new MutableClock(T0);
        comments = new CommentStore(table);
        inbox = new InboxStore(table);
        replies = new ReplyStore(table);
    }

    Publisher publisher(String baseUrl, Duration timeout) {
        PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), clock, timeout);
        CounterStore counters = new CounterStore(table);
        return new Publisher(new PostStore(table), new BrandStore(table), counters, new CheckpointStore(table), secrets,
                bus, clock, List.<NetworkPublisher>of(), PublisherSettings.builder().pageSize(50).build(),
                new ReplyDelivery(replies, inbox, counters, List.of(new MastodonReplies(http))));
    }

    Comment comment(Account account, String statusId, Instant received) {
        Comment c = Comment.received(Ids.next(), "acme", account.id(), Network.MASTODON, statusId, null, null,
                new Comment.Author("u-" + statusId, "jane@social.example", "Jane"), "where is my parcel?", "en",
                received, received, "https://social.example/@jane/" + statusId, Comment.Kind.MENTION);
        assertThat(comments.insert(c, CommentStore.Origin.account("acme", account.id()))).isTrue();
        return c;
    }

    @Test
    void a_reply_goes_out_once_marks_the_comment_answered_and_counts_its_response_time_once() {
        Account account = fx.account("acme", "m1", Network.MASTODON, mastodon.baseUrl(), "1", Map.of("accessToken", "t"));
        Comment c = comment(account, "109876", T0.minusSeconds(600));
        mastodon.stubFor(post("/api/v1/statuses").willReturn(okJson(
                "{\"id\":\"110001\",\"url\":\"https://m.example/@acme/110001\"}")));
        Reply first = replies.create(c, account.id(), "It left this morning.", null, null, T0).reply();

        publisher(mastodon.baseUrl(), Duration.ofSeconds(5)).tick("tick-1");

        mastodon.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses"))
                .withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("109876")))
                .withRequestBody(matchingJsonPath("$.status", equalTo("@jane@social.example It left this morning."))));
        Reply sent = replies.get(first.id(), account.id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(TargetStatus.PUBLISHED);
        assertThat(sent.remoteId()).isEqualTo("110001");
        InboxStore.Tracked t = inbox.get("acme", c.id()).orElseThrow();
        assertThat(t.tracking().state()).isEqualTo(CommentState.ANSWERED);
        assertThat(t.tracking().firstReplyAt()).isEqualTo(T0);
        assertThat(bus.events(DomainEvent.REPLY_PUBLISHED)).singleElement().satisfies(e -> {
            assertThat(e.detail().get("commentId").asText()).isEqualTo(c.id());
            assertThat(e.detail().get("remoteId").asText()).isEqualTo("110001");
        });

        // a second reply later: published, but the response time is the first reply's only
        clock.advance(Duration.ofMinutes(30));
        replies.create(c, account.id(), "Tracking link sent by DM.", null, null, clock.instant());
        publisher(mastodon.baseUrl(), Duration.ofSeconds(5)).tick("tick-2");

        var day = new CounterStore(table).hours("acme", T0.minusSeconds(3600), T0.plusSeconds(7200));
        assertThat(day.stream().mapToLong(b -> b.get(Counters.responseBucket(Network.MASTODON, 15))).sum()).isEqualTo(1);
        assertThat(day.stream().mapToLong(b -> b.get(Counters.firstReplies(Network.MASTODON))).sum()).isEqualTo(1);
        assertThat(day.stream().mapToLong(b -> b.get(Counters.replies(TargetStatus.PUBLISHED))).sum()).isEqualTo(2);
        assertThat(day.stream().mapToLong(b -> b.get(Counters.posts(TargetStatus.PUBLISHED))).sum()).isZero();
    }

    @Test
    void a_refused_reply_fails_with_the_platforms_message_and_the_comment_stays_open() {
        Account account = fx.account("acme", "m1", Network.MASTODON, mastodon.baseUrl(), "1", Map.of("accessToken", "t"));
        Comment c = comment(account, "109877", T0.minusSeconds(600));
        mastodon.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Record not found\"}")));
        Reply r = replies.create(c, account.id(), "Hello", null, null, T0).reply();

        publisher(mastodon.baseUrl(), Duration.ofSeconds(5)).tick("tick-1");

        assertThat(replies.get(r.id(), account.id()).orElseThrow().status()).isEqualTo(TargetStatus.FAILED);
        assertThat(bus.events(DomainEvent.REPLY_FAILED)).singleElement().satisfies(e ->
                assertThat(e.detail().get("error").asText()).isEqualTo("HTTP 404: Record not found"));
        assertThat(inbox.get("acme", c.id()).orElseThrow().tracking().state()).isEqualTo(CommentState.OPEN);
    }

    /**
     * A Mastodon instance as the API documents it: {@code Idempotency-Key} makes a repeated request return the status
     * it created, and this one misbehaves on purpose: a first 503, a first 429, or an answer slower than the
     * client's timeout (after the status was created), by reply.
     */
    static final class FlakyMastodon implements AutoCloseable {
        final HttpServer server;
        final Map<String, String> byKey = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final AtomicInteger ids = new AtomicInteger(200_000);

        FlakyMastodon() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(32));
            server.createContext("/api/v1/statuses", exchange -> {
                JsonNode body = Json.tree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String parent = body.path("in_reply_to_id").asText();
                int n = Integer.parseInt(parent.substring(1));
                int attempt = attempts.computeIfAbsent(parent, k -> new AtomicInteger()).incrementAndGet();
                String answer;
                int status = 200;
                if (attempt == 1 && n % 10 == 0) {
                    status = 503;
                    answer = "{\"error\":\"Service Unavailable\"}";
                } else if (attempt == 1 && n % 10 == 1) {
                    status = 429;
                    exchange.getResponseHeaders().add("Retry-After", "30");
                    answer = "{\"error\":\"Too many requests\"}";
                } else {
                    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                    String id = byKey.computeIfAbsent(key, k -> {
                        created.computeIfAbsent(parent, p -> new AtomicInteger()).incrementAndGet();
                        return Integer.toString(ids.incrementAndGet());
                    });
                    answer = "{\"id\":\"" + id + "\",\"url\":\"https://m.example/@acme/" + id + "\"}";
                    if (attempt == 1 && n % 20 == 2) {
                        sleep(2500);
                    }
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                try {
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                } catch (IOException clientGaveUp) {
                    // the client timed out first: the status exists all the same
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void two_hundred_replies_on_four_overlapping_workers_with_5xx_429_and_timeouts_are_each_sent_exactly_once()
            throws Exception {
        try (FlakyMastodon instance = new FlakyMastodon()) {
            Account account = fx.account("acme", "m1", Network.MASTODON, instance.url(), "1",
                    Map.of("accessToken", "t"));
            List<Reply> made = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Comment c = comment(account, "s" + i, T0.minusSeconds(600));
                made.add(replies.create(c, account.id(), "Reply " + i, null, null, T0).reply());
            }
            int workers = 4;
            for (int round = 0; round < 6; round++) {
                ExecutorService pool = Executors.newFixedThreadPool(workers);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> ticks = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    Publisher p = publisher(instance.url(), Duration.ofMillis(1500));
                    String owner = "round-" + round + "-worker-" + w;
                    ticks.add(pool.submit(() -> {
                        start.await();
                        return p.tick(owner);
                    }));
                }
                start.countDown();
                for (Future<?> f : ticks) {
                    f.get();
                }
                pool.shutdown();
                clock.advance(Duration.ofMinutes(3));
            }

            assertThat(instance.created).hasSize(200);
            assertThat(instance.created.values()).allMatch(n -> n.get() == 1);
            int published = 0;
            int unconfirmed = 0;
            for (Reply r : made) {
                TargetStatus status = replies.get(r.id(), account.id()).orElseThrow().status();
                assertThat(status).isIn(TargetStatus.PUBLISHED, TargetStatus.UNCONFIRMED);
                published += status == TargetStatus.PUBLISHED ? 1 : 0;
                unconfirmed += status == TargetStatus.UNCONFIRMED ? 1 : 0;
            }
            // the slow answers (every 20th reply, more when this machine is loaded) came too late: sent, not
            // confirmed, and never sent twice; everything else went out once and was confirmed
            for (int i = 2; i < 200; i += 20) {
                assertThat(replies.get(made.get(i).id(), account.id()).orElseThrow().status())
                        .isEqualTo(TargetStatus.UNCONFIRMED);
            }
            assertThat(published + unconfirmed).isEqualTo(200);
            assertThat(published).isGreaterThanOrEqualTo(170);
            assertThat(bus.events(DomainEvent.REPLY_PUBLISHED)).hasSize(published);
            assertThat(bus.events(DomainEvent.REPLY_FAILED)).hasSize(unconfirmed);
            assertThat(new PostStore(table).dueTargets(clock.instant().plusSeconds(3600), 10)).isEmpty();
        }
    }
}
