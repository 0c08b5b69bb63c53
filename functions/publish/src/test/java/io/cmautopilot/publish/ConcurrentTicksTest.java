package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.post.PostStore;
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

class ConcurrentTicksTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension();

    @TempDir
    Path dir;

    @Test
    void four_overlapping_ticks_publish_each_of_500_due_posts_exactly_once() throws Exception {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        Account mastodon = fx.account("acme", "m1", Network.MASTODON, "https://m.example", null,
                Map.of("accessToken", "t"));
        Account bluesky = fx.account("acme", "b1", Network.BLUESKY, null, null,
                Map.of("identifier", "acme.bsky.social", "appPassword", "p"));
        for (int i = 0; i < 500; i++) {
            fx.post(String.format("P%04d", i), "acme", "post " + i, T0.minusSeconds(i % 60),
                    i % 2 == 0 ? mastodon : bluesky);
        }
        FakeNetwork fakeMastodon = new FakeNetwork(Network.MASTODON, true);
        FakeNetwork fakeBluesky = new FakeNetwork(Network.BLUESKY, false);
        RecordingBus bus = new RecordingBus();
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        PublisherSettings settings = PublisherSettings.builder().pageSize(50).build();

        int ticks = 4;
        ExecutorService pool = Executors.newFixedThreadPool(ticks);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TickReport>> reports = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            Publisher publisher = new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table),
                    new CheckpointStore(table), secrets, bus, clock, List.of(fakeMastodon, fakeBluesky), settings);
            String owner = "tick-" + i;
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

        assertThat(fakeMastodon.totalCalls() + fakeBluesky.totalCalls()).isEqualTo(500);
        assertThat(fakeMastodon.calls().values()).hasSize(250).allMatch(n -> n == 1);
        assertThat(fakeBluesky.calls().values()).hasSize(250).allMatch(n -> n == 1);
        assertThat(published).isEqualTo(500);
        assertThat(bus.events(DomainEvent.POST_PUBLISHED)).hasSize(500);
        PostStore posts = new PostStore(table);
        for (int i = 0; i < 500; i += 37) {
            assertThat(posts.get(String.format("P%04d", i)).orElseThrow().targets())
                    .singleElement().extracting(t -> t.status()).isEqualTo(TargetStatus.PUBLISHED);
        }
        assertThat(posts.dueTargets(T0.plusSeconds(3600), 10)).isEmpty();
        long counted = new CounterStore(table).hours("acme", T0.minusSeconds(3600), T0.plusSeconds(3600)).stream()
                .mapToLong(b -> b.get(Counters.posts(TargetStatus.PUBLISHED))).sum();
        assertThat(counted).isEqualTo(500);
    }
}
