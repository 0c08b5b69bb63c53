package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PublishingStore;
import io.cmautopilot.core.post.PublishingSwitch;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A paused brand publishes nothing under concurrent ticks, loses nothing, and publishes everything once resumed. */
class PauseTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    @TempDir
    Path dir;

    private int concurrentTicks(Table table, FileSecrets secrets, RecordingBus bus, List<NetworkPublisher> networks,
                                String round) throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        PublisherSettings settings = PublisherSettings.builder().pageSize(25).build();
        int ticks = 4;
        ExecutorService pool = Executors.newFixedThreadPool(ticks);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TickReport>> reports = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            Publisher publisher = new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table),
                    new CheckpointStore(table), secrets, bus, clock, networks, settings);
            String owner = round + "-" + i;
            reports.add(pool.submit(() -> {
                start.await();
                return publisher.tick(owner);
            }));
        }
        start.countDown();
        int published = 0;
        for (var r : reports) {
            published += r.get().count("PUBLISHED");
        }
        pool.shutdown();
        return published;
    }

    @Test
    void a_paused_brand_publishes_nothing_under_concurrent_ticks_and_everything_once_resumed() throws Exception {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        fx.brand("other");
        Account acme = fx.account("acme", "m1", Network.MASTODON, "https://m.example", null, Map.of("accessToken", "t"));
        Account other = fx.account("other", "m2", Network.MASTODON, "https://m.example", null, Map.of("accessToken", "t"));
        // the paused brand's targets come first on the due index: they must not block the other brand's
        for (int i = 0; i < 120; i++) {
            fx.post(String.format("A%03d", i), "acme", "acme " + i, T0.minusSeconds(600 + i), acme);
        }
        for (int i = 0; i < 30; i++) {
            fx.post(String.format("O%03d", i), "other", "other " + i, T0.minusSeconds(i), other);
        }
        FakeNetwork network = new FakeNetwork(Network.MASTODON, true);
        RecordingBus bus = new RecordingBus();
        PostStore posts = new PostStore(table);
        PublishingSwitch publishing = new PublishingSwitch(new PublishingStore(table), posts, bus,
                Clock.fixed(T0, ZoneOffset.UTC));

        var paused = publishing.pause("acme", "product recall", "api");
        assertThat(paused.changed()).isTrue();
        assertThat(bus.events(DomainEvent.PUBLISHING_PAUSED)).singleElement().satisfies(e -> {
            assertThat(e.detail().path("brandId").asText()).isEqualTo("acme");
            assertThat(e.detail().path("reason").asText()).isEqualTo("product recall");
            assertThat(e.detail().path("source").asText()).isEqualTo("api");
            // the documented example (docs/EVENTS.md, events/bus/publishing-paused.json) has exactly these fields
            var example = io.cmautopilot.core.json.Json.tree(io.cmautopilot.testing.Events.text("bus/publishing-paused.json"));
            assertThat(example.path("detail-type").asText()).isEqualTo(DomainEvent.PUBLISHING_PAUSED);
            java.util.Set<String> expected = new java.util.TreeSet<>();
            example.path("detail").fieldNames().forEachRemaining(expected::add);
            java.util.Set<String> actual = new java.util.TreeSet<>();
            e.detail().fieldNames().forEachRemaining(actual::add);
            assertThat(actual).isEqualTo(expected);
        });
        int first = concurrentTicks(table, secrets, bus, List.of(network), "paused");
        int second = concurrentTicks(table, secrets, bus, List.of(network), "still-paused");

        assertThat(first + second).isEqualTo(30);
        assertThat(network.calls().keySet()).allMatch(k -> k.startsWith("O")).hasSize(30);
        assertThat(new PublishingStore(table).get("acme").held()).isEqualTo(120);
        assertThat(posts.heldTargets("acme")).hasSize(120).allMatch(t -> t.status() == TargetStatus.SCHEDULED);
        assertThat(posts.dueTargets(T0.plusSeconds(3600), 10)).isEmpty();

        var resumed = publishing.resume("acme");
        assertThat(resumed.released()).isEqualTo(120);
        assertThat(resumed.state().paused()).isFalse();
        assertThat(resumed.state().held()).isZero();
        int after = concurrentTicks(table, secrets, bus, List.of(network), "resumed");

        assertThat(after).isEqualTo(120);
        assertThat(network.totalCalls()).isEqualTo(150);
        assertThat(network.calls().values()).allMatch(n -> n == 1);
        for (int i = 0; i < 120; i += 17) {
            assertThat(posts.get(String.format("A%03d", i)).orElseThrow().targets()).singleElement()
                    .extracting(t -> t.status()).isEqualTo(TargetStatus.PUBLISHED);
        }
    }

    @Test
    void a_pause_stored_while_a_tick_runs_stops_every_claim_after_it() throws Exception {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        Account acme = fx.account("acme", "m1", Network.MASTODON, "https://m.example", null, Map.of("accessToken", "t"));
        for (int i = 0; i < 60; i++) {
            fx.post(String.format("A%03d", i), "acme", "acme " + i, T0.minusSeconds(i), acme);
        }
        RecordingBus bus = new RecordingBus();
        PostStore posts = new PostStore(table);
        PublishingSwitch publishing = new PublishingSwitch(new PublishingStore(table), posts, bus,
                Clock.fixed(T0, ZoneOffset.UTC));
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        // the 5th publish call pauses the brand: that call and the ones already claimed finish, nothing else starts
        FakeNetwork network = new FakeNetwork(Network.MASTODON, true).answering(r -> {
            if (seen.incrementAndGet() == 5) {
                publishing.pause("acme", null, "api");
            }
            return new PublishResult.Published("r-" + r.target().postId(), null);
        });
        Publisher publisher = new Publisher(posts, new BrandStore(table), new CounterStore(table),
                new CheckpointStore(table), secrets, bus, Clock.fixed(T0, ZoneOffset.UTC), List.of(network),
                PublisherSettings.builder().pageSize(20).concurrency(Network.MASTODON, 1).build());

        publisher.tick("t1");
        publisher.tick("t2");

        assertThat(network.totalCalls()).isEqualTo(5);
        assertThat(posts.heldTargets("acme")).hasSize(55);
        publishing.resume("acme");
        publisher.tick("t3");
        assertThat(network.totalCalls()).isEqualTo(60);
        assertThat(network.calls().values()).allMatch(n -> n == 1);
    }

    @Test
    void a_held_post_cancelled_while_paused_leaves_no_stale_count_behind() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        Account acme = fx.account("acme", "m1", Network.MASTODON, "https://m.example", null, Map.of("accessToken", "t"));
        fx.post("A1", "acme", "one", T0.minusSeconds(5), acme);
        fx.post("A2", "acme", "two", T0.minusSeconds(4), acme);
        RecordingBus bus = new RecordingBus();
        PostStore posts = new PostStore(table);
        PublishingSwitch publishing = new PublishingSwitch(new PublishingStore(table), posts, bus,
                Clock.fixed(T0, ZoneOffset.UTC));
        FakeNetwork network = new FakeNetwork(Network.MASTODON, true);
        Publisher publisher = new Publisher(posts, new BrandStore(table), new CounterStore(table),
                new CheckpointStore(table), secrets, bus, Clock.fixed(T0, ZoneOffset.UTC), List.of(network),
                PublisherSettings.defaults());
        publishing.pause("acme", null, "api");
        publisher.tick("t1");
        assertThat(new PublishingStore(table).get("acme").held()).isEqualTo(2);

        posts.cancel("A1", T0);
        var resumed = publishing.resume("acme");
        publisher.tick("t2");

        assertThat(resumed.released()).isEqualTo(1);
        assertThat(new PublishingStore(table).get("acme").held()).isZero();
        assertThat(network.calls()).containsOnlyKeys("A2/m1");
    }

    @Test
    void a_pause_announcement_the_bus_refuses_keeps_its_pending_mark_for_the_sweeper() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        io.cmautopilot.core.bus.Bus refusing = events -> events;
        PublishingSwitch publishing = new PublishingSwitch(new PublishingStore(table), new PostStore(table), refusing,
                Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(publishing.pause("acme", "recall", "api").state().paused()).isTrue();

        var pending = new io.cmautopilot.core.bus.PendingEvents(table, Clock.fixed(T0, ZoneOffset.UTC))
                .pending(T0.plusSeconds(3600), 10);
        assertThat(pending).singleElement().satisfies(p -> {
            assertThat(p.event().detailType()).isEqualTo(DomainEvent.PUBLISHING_PAUSED);
            assertThat(p.event().detail().path("reason").asText()).isEqualTo("recall");
        });
    }
}
