package io.cmautopilot.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The documented examples (docs/EVENTS.md, events/bus/) have exactly the fields the publisher emits. */
class BusEventExamplesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension();

    @TempDir
    Path dir;

    private static Set<String> fields(JsonNode detail) {
        Set<String> out = new TreeSet<>();
        detail.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void every_publishing_event_matches_its_example() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        Account m = fx.account("acme", "m1", Network.MASTODON, "https://m.example", null, Map.of("accessToken", "t"));
        Account x = fx.account("acme", "x1", Network.X, null, null, Map.of("accessToken", "t"));
        Account li = fx.account("acme", "li1", Network.LINKEDIN, null, "1", Map.of("accessToken", "t"));
        Account fb = fx.account("acme", "fb1", Network.FACEBOOK, null, "2", Map.of("pageAccessToken", "t"));
        fx.post("P1", "acme", "hi", T0, m, x, li, fb);
        RecordingBus bus = new RecordingBus();
        List<NetworkPublisher> networks = List.of(new FakeNetwork(Network.MASTODON, true),
                new FakeNetwork(Network.X, false).answering(r -> new PublishResult.Rejected("HTTP 403: duplicate")),
                new FakeNetwork(Network.LINKEDIN, false).answering(r -> new PublishResult.Unconfirmed("no answer")),
                new FakeNetwork(Network.FACEBOOK, false).answering(r -> new PublishResult.NeedsReconnect("code 190")));
        new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table), new CheckpointStore(table),
                secrets, bus, new MutableClock(T0), networks, PublisherSettings.defaults()).tick("t");

        Map<String, String> examples = Map.of(DomainEvent.POST_PUBLISHED, "bus/post-published.json",
                DomainEvent.POST_FAILED, "bus/post-failed.json", DomainEvent.POST_UNCONFIRMED, "bus/post-unconfirmed.json",
                DomainEvent.ACCOUNT_NEEDS_RECONNECT, "bus/account-needs-reconnect.json");
        examples.forEach((type, file) -> {
            JsonNode example = Json.tree(Events.text(file));
            assertThat(example.path("detail-type").asText()).isEqualTo(type);
            assertThat(example.path("source").asText()).isEqualTo(DomainEvent.SOURCE);
            assertThat(bus.events(type)).as(type).singleElement()
                    .satisfies(e -> assertThat(fields(e.detail())).isEqualTo(fields(example.path("detail"))));
        });
    }
}
