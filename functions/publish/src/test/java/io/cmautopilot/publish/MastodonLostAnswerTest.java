package io.cmautopilot.publish;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.publish.mastodon.MastodonPublisher;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow Mastodon instance: the status request times out after it was sent. The instance deduplicates on the
 * Idempotency-Key for an hour, so the tick retries with the same key instead of marking the post UNCONFIRMED.
 */
class MastodonLostAnswerTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension instance = WireMocks.server();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingBus bus = new RecordingBus();
    private Table table;
    private FileSecrets secrets;
    private Account m1;

    private static final String STATUS = "{\"id\":\"555\",\"url\":\"https://m.example/@acme/555\"}";

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        m1 = fx.account("acme", "m1", Network.MASTODON, instance.baseUrl(), null, Map.of("accessToken", "tok"));
        fx.post("P1", "acme", "Hello fediverse", T0, m1);
    }

    private Publisher publisher(int maxAttempts) {
        // a 300 ms request timeout against an instance that takes 1.5 s for its first answer
        PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), clock, Duration.ofMillis(300));
        MastodonPublisher mastodon = new MastodonPublisher(http, new MediaFetcher(HttpClient.newHttpClient(), http),
                3, Duration.ofMillis(10));
        return new Publisher(new PostStore(table), new BrandStore(table), new CounterStore(table),
                new CheckpointStore(table), secrets, bus, clock, List.of(mastodon),
                PublisherSettings.builder().backoff(Duration.ofMinutes(1), Duration.ofMinutes(5))
                        .maxAttempts(maxAttempts).build());
    }

    private PostTarget target() {
        return new PostStore(table).get("P1").orElseThrow().targets().get(0);
    }

    private void slowFirstAnswer() {
        instance.stubFor(post("/api/v1/statuses").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFixedDelay(1500).withHeader("Content-Type", "application/json")
                        .withBody(STATUS)));
        instance.stubFor(post("/api/v1/statuses").inScenario("slow").whenScenarioStateIs("created")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(STATUS)));
    }

    @Test
    void a_status_sent_without_an_answer_is_retried_with_the_same_key_and_published_once() {
        slowFirstAnswer();

        publisher(5).tick("t1");

        assertThat(target().status()).isEqualTo(TargetStatus.RETRY);
        assertThat(target().lastError()).contains("retrying with the same Idempotency-Key");
        assertThat(target().dueAt()).isEqualTo(T0.plus(MastodonPublisher.LOST_RETRY_DELAY));
        assertThat(bus.events(DomainEvent.POST_UNCONFIRMED)).isEmpty();

        // the instance has created the status meanwhile and now answers the repeated key with it
        instance.setScenarioState("slow", "created");
        clock.set(T0.plusSeconds(60));
        publisher(5).tick("t2");

        assertThat(target().status()).isEqualTo(TargetStatus.PUBLISHED);
        assertThat(target().remoteId()).isEqualTo("555");
        var sent = instance.getAllServeEvents().stream().map(e -> e.getRequest().getHeader("Idempotency-Key")).toList();
        assertThat(sent).hasSize(2).doesNotContainNull();
        assertThat(sent.get(0)).isEqualTo(sent.get(1));
        assertThat(bus.events(DomainEvent.POST_PUBLISHED)).singleElement()
                .satisfies(e -> assertThat(e.detail().path("remoteId").asText()).isEqualTo("555"));
    }

    @Test
    void once_the_instance_may_have_forgotten_the_key_the_post_is_unconfirmed_without_sending_again() {
        instance.stubFor(post("/api/v1/statuses").willReturn(aResponse().withFixedDelay(1500).withBody(STATUS)));

        publisher(10).tick("t1");
        assertThat(target().status()).isEqualTo(TargetStatus.RETRY);

        clock.set(T0.plus(MastodonPublisher.IDEMPOTENCY_WINDOW));
        publisher(10).tick("t2");

        assertThat(target().status()).isEqualTo(TargetStatus.UNCONFIRMED);
        assertThat(target().lastError()).contains("Idempotency-Key window has passed");
        instance.verify(1, postRequestedFor(urlEqualTo("/api/v1/statuses")));
        assertThat(bus.events(DomainEvent.POST_UNCONFIRMED)).hasSize(1);
    }

    @Test
    void running_out_of_attempts_after_a_lost_answer_is_unconfirmed_not_failed() {
        instance.stubFor(post("/api/v1/statuses").willReturn(aResponse().withFixedDelay(1500).withBody(STATUS)));

        publisher(2).tick("t1");
        clock.set(T0.plusSeconds(60));
        publisher(2).tick("t2");

        assertThat(target().status()).isEqualTo(TargetStatus.UNCONFIRMED);
        assertThat(target().lastError()).startsWith("gave up after 2 attempts");
        instance.verify(2, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    }
}
