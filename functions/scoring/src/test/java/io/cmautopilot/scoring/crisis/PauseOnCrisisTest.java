package io.cmautopilot.scoring.crisis;

import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PublishingStore;
import io.cmautopilot.core.post.PublishingSwitch;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.scoring.alert.Alerts;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A brand with {@code pauseOnCrisis} has its publishing paused when a crisis is raised, and the alert says so. */
class PauseOnCrisisTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    private static final Instant T = Instant.parse("2026-11-30T09:40:00Z");

    private record Run(boolean paused, List<Email> mails, RecordingBus bus) {
    }

    private Run crisis(boolean pauseOnCrisis) {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        CounterStore counters = new CounterStore(table);
        RecordingBus bus = new RecordingBus();
        List<Email> mails = new ArrayList<>();
        Alerts alerts = new Alerts(e -> {
            mails.add(e);
            return "id";
        }, "alerts@example.com", HttpClient.newHttpClient());
        PublishingStore store = new PublishingStore(table);
        CrisisWatch watch = new CrisisWatch(counters, new CrisisStore(table), new HighlightStore(table), bus, alerts,
                new PublishingSwitch(store, new PostStore(table), bus, Clock.fixed(T, ZoneOffset.UTC)));
        BrandSettings settings = new BrandSettings(List.of(), List.of("cm@acme.example"), null, false,
                new BrandSettings.CrisisSettings(10, 3.0, 24, 0.6, 180), pauseOnCrisis);
        Brand brand = new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", settings, null, T.minusSeconds(999_999));
        for (int h = 1; h <= 24; h++) {
            counters.add("acme", brand.timezone(), T.minus(Duration.ofHours(h)),
                    Map.of("comments", 10L, "sentiment_negative", 1L, "negative_facebook", 1L));
        }
        counters.add("acme", brand.timezone(), T, Map.of("comments", 30L, "sentiment_negative", 28L,
                "negative_facebook", 28L));

        assertThat(watch.check(brand, T)).isPresent();
        return new Run(store.get("acme").paused(), mails, bus);
    }

    @Test
    void with_pause_on_crisis_the_brand_is_paused_announced_and_the_alert_says_so() {
        Run run = crisis(true);

        assertThat(run.paused()).isTrue();
        assertThat(run.bus().events(DomainEvent.PUBLISHING_PAUSED)).singleElement().satisfies(e -> {
            assertThat(e.detail().path("source").asText()).isEqualTo("crisis");
            assertThat(e.detail().path("reason").asText()).startsWith("crisis: ");
        });
        assertThat(run.mails()).singleElement().satisfies(m -> {
            assertThat(m.text()).contains("Publishing is paused for this brand (pauseOnCrisis)");
            assertThat(m.html()).contains("Publishing is paused for this brand");
        });
    }

    @Test
    void without_it_nothing_is_paused() {
        Run run = crisis(false);

        assertThat(run.paused()).isFalse();
        assertThat(run.bus().events(DomainEvent.PUBLISHING_PAUSED)).isEmpty();
        assertThat(run.mails()).singleElement().satisfies(m -> assertThat(m.text()).doesNotContain("paused"));
    }
}
