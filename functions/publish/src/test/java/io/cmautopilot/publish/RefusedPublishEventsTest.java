package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.PendingEvents;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.post.PostStore;
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
import java.util.List;
import java.util.Map;

import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Publish outcomes the bus refuses are kept as pending marks and put exactly once by a later sweep. */
class RefusedPublishEventsTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;

    private final RecordingBus bus = new RecordingBus();
    private final MutableClock clock = new MutableClock(T0);
    private final FakeNetwork mastodon = new FakeNetwork(Network.MASTODON, true);
    private final FakeNetwork x = new FakeNetwork(Network.X, false);
    private Table table;
    private FileSecrets secrets;
    private Account m1;
    private Account x1;

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        m1 = fx.account("acme", "m1", Network.MASTODON, "https://m.example", null, Map.of("accessToken", "t"));
        x1 = fx.account("acme", "x1", Network.X, null, null, Map.of("accessToken", "t"));
        fx.post("P1", "acme", "published", T0, m1);
        fx.post("P2", "acme", "rejected", T0, x1);
    }

    private Publisher publisher() {
        return new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table),
                new CheckpointStore(table), secrets, bus, clock, List.of(mastodon, x), PublisherSettings.builder().build());
    }

    @Test
    void every_refused_outcome_event_is_emitted_exactly_once_by_the_sweeper() {
        x.answering(r -> new PublishResult.NeedsReconnect("HTTP 401: Unauthorized"));
        bus.refuseWhen(e -> true);

        TickReport report = publisher().tick("t1");

        assertThat(report.undeliveredEvents()).isEqualTo(2);
        assertThat(bus.events()).isEmpty();
        var posts = new PostStore(table);
        assertThat(posts.get("P1").orElseThrow().targets().get(0).status()).isEqualTo(TargetStatus.PUBLISHED);
        assertThat(posts.get("P2").orElseThrow().targets().get(0).status()).isEqualTo(TargetStatus.NEEDS_RECONNECT);

        bus.refuseWhen(e -> false);
        PendingEvents early = new PendingEvents(table, clock);
        assertThat(early.sweep(bus)).as("within the grace period the tick may still be putting them").isZero();

        clock.set(T0.plus(PendingEvents.GRACE).plusSeconds(1));
        PendingEvents sweeper = new PendingEvents(table, clock);
        assertThat(sweeper.sweep(bus)).isEqualTo(2);
        clock.set(T0.plus(PendingEvents.GRACE).plusSeconds(600));
        assertThat(sweeper.sweep(bus)).isZero();

        assertThat(bus.events(DomainEvent.POST_PUBLISHED)).singleElement().satisfies(e -> {
            assertThat(e.detail().path("postId").asText()).isEqualTo("P1");
            assertThat(e.detail().path("remoteId").asText()).isEqualTo("remote-P1/m1");
        });
        assertThat(bus.events(DomainEvent.ACCOUNT_NEEDS_RECONNECT)).singleElement()
                .satisfies(e -> assertThat(e.detail().path("accountId").asText()).isEqualTo("x1"));
        assertThat(bus.events()).hasSize(2);
    }

    @Test
    void accepted_outcome_events_leave_nothing_for_the_sweeper() {
        x.answering(r -> new PublishResult.Rejected("HTTP 403: duplicate content"));

        publisher().tick("t1");

        assertThat(bus.events(DomainEvent.POST_PUBLISHED)).hasSize(1);
        assertThat(bus.events(DomainEvent.POST_FAILED)).hasSize(1);
        clock.set(T0.plus(PendingEvents.GRACE).plusSeconds(1));
        assertThat(new PendingEvents(table, clock).pending(clock.instant(), 10)).isEmpty();
        assertThat(new PendingEvents(table, clock).sweep(bus)).isZero();
        assertThat(bus.events()).hasSize(2);
    }
}
