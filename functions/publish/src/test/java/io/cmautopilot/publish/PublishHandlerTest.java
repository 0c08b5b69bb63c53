package io.cmautopilot.publish;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.post.PostStatus;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.publish.mastodon.MastodonPublisher;
import io.cmautopilot.publish.local.LocalSinkPublisher;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class PublishHandlerTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension mastodon = WireMocks.server();

    @TempDir
    Path dir;

    @Test
    void a_scheduled_tick_publishes_the_due_post_records_it_and_announces_it() throws Exception {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        Account m = fx.account("acme", "m1", Network.MASTODON, mastodon.baseUrl(), null,
                Map.of("accessToken", "tok-123"));
        Account local = fx.account("acme", "l1", Network.LOCAL, null, null, Map.of());
        fx.post("P1", "acme", "Hello fediverse", T0.minusSeconds(30), m, local);
        fx.post("LATER", "acme", "Not yet", T0.plusSeconds(3600), m);
        mastodon.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"109372843234\",\"created_at\":\"2026-12-01T08:00:01.000Z\","
                        + "\"uri\":\"https://m.example/users/acme/statuses/109372843234\","
                        + "\"url\":\"https://m.example/@acme/109372843234\",\"content\":\"<p>Hello fediverse</p>\","
                        + "\"visibility\":\"public\"}")));
        RecordingBus bus = new RecordingBus();
        MutableClock clock = new MutableClock(T0);
        PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), clock, Duration.ofSeconds(5));
        Path sink = dir.resolve("sink");
        Publisher publisher = new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table),
                new CheckpointStore(table), secrets, bus, clock,
                List.of(new MastodonPublisher(http, new MediaFetcher(HttpClient.newHttpClient(), http), 3, Duration.ofMillis(10)),
                        new LocalSinkPublisher(sink, clock)), PublisherSettings.defaults());

        String report = new PublishHandler(publisher).handleRequest(Events.scheduled("publish/schedule.json"), null);

        assertThat(io.cmautopilot.core.json.Json.tree(report).path("outcomes").path("PUBLISHED").asInt()).isEqualTo(2);
        var post = new PostStore(table).get("P1").orElseThrow();
        assertThat(post.status()).isEqualTo(PostStatus.PUBLISHED);
        var onMastodon = post.targets().stream().filter(t -> t.network() == Network.MASTODON).findFirst().orElseThrow();
        assertThat(onMastodon.remoteId()).isEqualTo("109372843234");
        assertThat(onMastodon.remoteUrl()).isEqualTo("https://m.example/@acme/109372843234");
        assertThat(new PostStore(table).findByRemoteId("acme", Network.MASTODON, "109372843234")).isPresent();
        assertThat(new PostStore(table).get("LATER").orElseThrow().targets().get(0).status())
                .isEqualTo(TargetStatus.SCHEDULED);
        mastodon.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses"))
                .withHeader("Authorization", equalTo("Bearer tok-123"))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9a-f]{32}"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("Hello fediverse"))));
        var sinkFile = sink.resolve("P1-l1.json");
        assertThat(Files.readString(sinkFile)).contains("Hello fediverse");
        var onLocal = post.targets().stream().filter(t -> t.network() == Network.LOCAL).findFirst().orElseThrow();
        assertThat(onLocal.remoteUrl()).isEqualTo(sinkFile.toUri().toString());
        assertThat(bus.events(DomainEvent.POST_PUBLISHED)).hasSize(2).allSatisfy(e -> {
            assertThat(e.brandId()).isEqualTo("acme");
            assertThat(e.detail().path("postId").asText()).isEqualTo("P1");
            assertThat(e.detail().path("schemaVersion").asInt()).isEqualTo(1);
            assertThat(e.detail().path("remoteUrl").asText()).isNotBlank();
        });
        long counted = new CounterStore(table).hours("acme", T0.minusSeconds(3600), T0.plusSeconds(3600)).stream()
                .mapToLong(b -> b.get(Counters.posts(TargetStatus.PUBLISHED))).sum();
        assertThat(counted).isEqualTo(2);
    }

    @Test
    void a_schedule_event_time_ahead_of_the_clock_publishes_what_is_due_by_then() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        Account local = fx.account("acme", "l1", Network.LOCAL, null, null, Map.of());
        fx.post("SOON", "acme", "at nine", T0.plusSeconds(3600), local);
        fx.post("LATER", "acme", "at noon", T0.plusSeconds(4 * 3600), local);
        MutableClock clock = new MutableClock(T0);
        Publisher publisher = new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table),
                new CheckpointStore(table), secrets, new RecordingBus(), clock,
                List.of(new LocalSinkPublisher(dir.resolve("sink"), clock)), PublisherSettings.defaults());
        // what the local runtime sends for POST /_local/schedules/PublishFunction/fire?at=2026-12-01T09:30:00Z
        var event = Events.scheduled("publish/schedule.json");
        event.setTime(new org.joda.time.DateTime(Instant.parse("2026-12-01T09:30:00Z").toEpochMilli(),
                org.joda.time.DateTimeZone.UTC));

        new PublishHandler(publisher).handleRequest(event, null);

        assertThat(new PostStore(table).get("SOON").orElseThrow().status()).isEqualTo(PostStatus.PUBLISHED);
        assertThat(new PostStore(table).get("LATER").orElseThrow().status()).isEqualTo(PostStatus.SCHEDULED);
        // an event time behind the clock changes nothing: the tick runs at the clock's time
        assertThat(publisher.asOf(T0.minusSeconds(60))).isSameAs(publisher);
    }
}
