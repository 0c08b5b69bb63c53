package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.Recurrence;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class PublisherOutcomesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    @TempDir
    Path dir;

    private Table table;
    private Fixtures fx;
    private FileSecrets secrets;
    private final RecordingBus bus = new RecordingBus();
    private final MutableClock clock = new MutableClock(T0);
    private final FakeNetwork mastodon = new FakeNetwork(Network.MASTODON, true);
    private final FakeNetwork x = new FakeNetwork(Network.X, false);
    private Account m1;
    private Account x1;

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        secrets = new FileSecrets(dir.resolve("secrets.json"));
        fx = new Fixtures(table, secrets);
        fx.brand("acme");
        m1 = fx.account("acme", "m1", Network.MASTODON, "https://m.example", null, Map.of("accessToken", "t"));
        x1 = fx.account("acme", "x1", Network.X, null, null, Map.of("accessToken", "t"));
    }

    private Publisher publisher(PublisherSettings settings) {
        return new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table),
                new CheckpointStore(table), secrets, bus, clock, List.of(mastodon, x), settings);
    }

    private Publisher publisher() {
        return publisher(PublisherSettings.builder().backoff(Duration.ofMinutes(1), Duration.ofMinutes(5))
                .maxAttempts(3).build());
    }

    private PostTarget target(String postId) {
        return new PostStore(table).get(postId).orElseThrow().targets().get(0);
    }

    @Test
    void a_rate_limited_target_waits_for_the_platform_reset_then_gives_up_after_max_attempts() {
        fx.post("P1", "acme", "hi", T0, x1);
        Instant reset = T0.plusSeconds(900);
        x.answering(r -> PublishResult.RetryLater.of(reset, "HTTP 429: Too Many Requests"));

        publisher().tick("t1");

        assertThat(target("P1").status()).isEqualTo(TargetStatus.RETRY);
        assertThat(target("P1").dueAt()).isEqualTo(reset);
        assertThat(target("P1").lastError()).contains("429");

        x.answering(r -> PublishResult.RetryLater.of(null, "HTTP 503"));
        clock.set(reset);
        publisher().tick("t2");
        // no hint: backoff 1 min × 2^(2-1) = 2 min
        assertThat(target("P1").dueAt()).isEqualTo(reset.plusSeconds(120));

        clock.set(reset.plusSeconds(120));
        publisher().tick("t3");

        assertThat(target("P1").status()).isEqualTo(TargetStatus.FAILED);
        assertThat(target("P1").lastError()).startsWith("gave up after 3 attempts: HTTP 503");
        assertThat(bus.events(DomainEvent.POST_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.detail().path("error").asText()).contains("gave up"));
        assertThat(x.totalCalls()).isEqualTo(3);
    }

    @Test
    void an_expired_token_parks_the_account_and_its_other_due_targets_and_announces_it_once() {
        fx.post("P1", "acme", "one", T0.minusSeconds(20), x1);
        fx.post("P2", "acme", "two", T0.minusSeconds(10), x1);
        fx.post("P3", "acme", "other account", T0, m1);
        x.answering(r -> new PublishResult.NeedsReconnect("HTTP 401: Unauthorized"));
        Publisher single = publisher(PublisherSettings.builder().concurrency(Network.X, 1).build());

        single.tick("t1");

        assertThat(target("P1").status()).isEqualTo(TargetStatus.NEEDS_RECONNECT);
        assertThat(target("P2").status()).isEqualTo(TargetStatus.NEEDS_RECONNECT);
        assertThat(target("P3").status()).isEqualTo(TargetStatus.PUBLISHED);
        assertThat(x.totalCalls()).isEqualTo(1);
        assertThat(new BrandStore(table).getAccount("acme", "x1").orElseThrow().status())
                .isEqualTo(Account.Status.NEEDS_RECONNECT);
        assertThat(bus.events(DomainEvent.ACCOUNT_NEEDS_RECONNECT)).singleElement()
                .satisfies(e -> assertThat(e.detail().path("accountId").asText()).isEqualTo("x1"));

        fx.post("P4", "acme", "later", T0.plusSeconds(60), x1);
        clock.advance(Duration.ofSeconds(60));
        publisher().tick("t2");

        assertThat(target("P4").status()).isEqualTo(TargetStatus.NEEDS_RECONNECT);
        assertThat(x.totalCalls()).isEqualTo(1);
    }

    @Test
    void a_rejection_fails_the_target_with_the_platform_message() {
        fx.post("P1", "acme", "dup", T0, x1);
        x.answering(r -> new PublishResult.Rejected("HTTP 403: You are not allowed to create a Tweet with duplicate content."));

        publisher().tick("t1");

        assertThat(target("P1").status()).isEqualTo(TargetStatus.FAILED);
        assertThat(target("P1").lastError()).contains("duplicate content");
        assertThat(bus.events(DomainEvent.POST_FAILED)).hasSize(1);
    }

    @Test
    void an_unconfirmed_publish_is_never_tried_again() {
        fx.post("P1", "acme", "maybe", T0, x1);
        x.answering(r -> new PublishResult.Unconfirmed("no answer within 15 s"));

        publisher().tick("t1");
        clock.advance(Duration.ofHours(2));
        publisher().tick("t2");

        assertThat(target("P1").status()).isEqualTo(TargetStatus.UNCONFIRMED);
        assertThat(x.totalCalls()).isEqualTo(1);
        assertThat(bus.events(DomainEvent.POST_UNCONFIRMED)).hasSize(1);
    }

    @Test
    void a_lease_that_ended_without_an_outcome_is_unconfirmed_unless_the_network_deduplicates() {
        fx.post("PX", "acme", "x", T0, x1);
        fx.post("PM", "acme", "m", T0, m1);
        PostStore store = new PostStore(table);
        // a tick that claimed both targets and died mid-publish
        for (PostTarget seen : store.dueTargets(T0, 10)) {
            store.claim(seen, "dead-tick", T0, T0.plusSeconds(300)).orElseThrow();
        }
        List<String> keys = new CopyOnWriteArrayList<>();
        mastodon.answering(r -> {
            keys.add(r.idempotencyKey(0));
            return new PublishResult.Published("109", "https://m.example/@acme/109");
        });

        clock.set(T0.plusSeconds(301));
        publisher().tick("t2");

        assertThat(target("PX").status()).isEqualTo(TargetStatus.UNCONFIRMED);
        assertThat(target("PX").lastError()).contains("avoid a duplicate");
        assertThat(x.totalCalls()).isZero();
        assertThat(target("PM").status()).isEqualTo(TargetStatus.PUBLISHED);
        assertThat(keys).singleElement().isEqualTo(
                new PublishRequest(store.get("PM").orElseThrow(), target("PM"), m1, null, List.of("m"), null, null, null)
                        .idempotencyKey(0));
    }

    @Test
    void work_left_when_the_budget_ends_stays_due_for_the_next_tick() {
        for (int i = 0; i < 5; i++) {
            fx.post("P" + i, "acme", "p" + i, T0.minusSeconds(10 - i), x1);
        }
        x.answering(r -> {
            clock.advance(Duration.ofSeconds(15));
            return new PublishResult.Published("id-" + r.target().postId(), null);
        });
        Publisher publisher = publisher(PublisherSettings.builder().budget(Duration.ofSeconds(40))
                .concurrency(Network.X, 1).build());

        TickReport first = publisher.tick("t1");

        assertThat(first.count("PUBLISHED")).isEqualTo(3);
        assertThat(first.leftDue()).isEqualTo(2);
        assertThat(target("P3").status()).isEqualTo(TargetStatus.SCHEDULED);
        assertThat(new PostStore(table).dueTargets(clock.instant(), 10)).hasSize(2);

        TickReport second = publisher.tick("t2");
        assertThat(second.count("PUBLISHED")).isEqualTo(2);
        assertThat(x.calls().values()).hasSize(5).allMatch(n -> n == 1);
    }

    @Test
    void a_recurring_post_schedules_its_next_occurrence_once_when_done() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        Instant nineParis = T0; // 2026-12-01T09:00+01:00
        fx.post("S1", "acme", "daily", nineParis, new Recurrence(Recurrence.Frequency.DAILY, 1, null, null, 3), false,
                x1, m1);
        // a concurrent publisher already created occurrence 2: creating it again must be a no-op
        Post current = new PostStore(table).get("S1").orElseThrow();
        new PostStore(table).create(Occurrences.next(current, T0).orElseThrow());

        publisher().tick("t1");

        Post second = new PostStore(table).get("S1-2").orElseThrow();
        assertThat(second.publishAt().atZone(paris).toLocalTime()).hasToString("09:00");
        assertThat(second.publishAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(second.occurrence()).isEqualTo(2);
        assertThat(second.seriesId()).isEqualTo("S1");
        assertThat(second.targets()).extracting(PostTarget::accountId).containsExactlyInAnyOrder("x1", "m1");

        clock.set(second.publishAt());
        publisher().tick("t2");
        Post third = new PostStore(table).get("S1-3").orElseThrow();
        clock.set(third.publishAt());
        publisher().tick("t3");

        // count 3: the series ends with the third occurrence
        assertThat(new PostStore(table).get("S1-4")).isEmpty();
        assertThat(x.totalCalls()).isEqualTo(3);
    }

    @Test
    void a_thread_that_fails_midway_resumes_after_the_parts_already_published() {
        fx.post("T1", "acme", "word ".repeat(120).strip(), T0, null, true, x1);
        AtomicInteger attempt = new AtomicInteger();
        List<String> posted = new CopyOnWriteArrayList<>();
        x.answering(r -> {
            int a = attempt.incrementAndGet();
            return Threads.publish(r, (i, text, root, parent) -> {
                if (a == 1 && i == 1) {
                    return Threads.Part.failed(PublishResult.RetryLater.of(null, "HTTP 503"));
                }
                posted.add(i + (parent == null ? "" : "<" + parent.id()));
                return Threads.Part.posted(new Threads.Ref("tw" + i, null, null));
            });
        });

        publisher().tick("t1");
        assertThat(target("T1").status()).isEqualTo(TargetStatus.RETRY);
        assertThat(target("T1").lastError()).contains("1 of 3 parts published");
        clock.advance(Duration.ofMinutes(1));
        publisher().tick("t2");

        assertThat(target("T1").status()).isEqualTo(TargetStatus.PUBLISHED);
        assertThat(target("T1").remoteId()).isEqualTo("tw0");
        assertThat(posted).containsExactly("0", "1<tw0", "2<tw1");
    }
}
