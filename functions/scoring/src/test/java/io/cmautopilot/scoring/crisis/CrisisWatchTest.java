package io.cmautopilot.scoring.crisis;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.scoring.alert.Alerts;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CrisisWatchTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    private static final Instant T = Instant.parse("2026-11-30T09:40:00Z");

    @Test
    void burstRaisesOnceThenTheCooldownHoldsThenItRaisesAgain() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        CounterStore counters = new CounterStore(table);
        CrisisStore crises = new CrisisStore(table);
        HighlightStore highlights = new HighlightStore(table);
        RecordingBus bus = new RecordingBus();
        List<Email> mails = new ArrayList<>();
        Alerts alerts = new Alerts(e -> {
            mails.add(e);
            return "id";
        }, "alerts@example.com", HttpClient.newHttpClient());
        CrisisWatch watch = new CrisisWatch(counters, crises, highlights, bus, alerts);
        BrandSettings settings = new BrandSettings(List.of(), List.of("cm@acme.example"), null, false,
                new BrandSettings.CrisisSettings(10, 3.0, 24, 0.6, 180));
        Brand brand = new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", settings, null, T.minusSeconds(999_999));

        // A quiet day: 1 negative of 10 comments an hour.
        for (int h = 1; h <= 24; h++) {
            counters.add("acme", brand.timezone(), T.minus(Duration.ofHours(h)),
                    Map.of("comments", 10L, "sentiment_negative", 1L, "negative_facebook", 1L));
        }
        // The burst: 25 negatives in this hour, listed as highlights too.
        CommentStore comments = new CommentStore(table);
        for (int i = 0; i < 25; i++) {
            Comment c = Comment.received("c" + i, "acme", "a1", Network.FACEBOOK, "fb" + i, null, null, null,
                    "food poisoning <script> #" + i, "en", T.minusSeconds(60L * i), T, "https://facebook.com/c" + i,
                    Comment.Kind.COMMENT);
            var s = new io.cmautopilot.core.comment.Sentiment(io.cmautopilot.core.comment.Sentiment.Label.NEGATIVE,
                    Map.of("negative", 0.7 + i / 100.0), "lexicon", "en");
            comments.insert(c, CommentStore.Origin.relay(c.brandId()));
            var tx = new io.cmautopilot.core.store.Transaction();
            counters.increment(tx, "acme", brand.timezone(), c.createdAt(),
                    Map.of("comments", 1L, "sentiment_negative", 1L, "negative_facebook", 1L));
            highlights.put(tx, c, s, List.of(), brand.timezone());
            comments.applyScore(tx, c, s, List.of(), T);
        }

        var raised = watch.check(brand, T);
        assertThat(raised).isPresent();
        assertThat(raised.get().negative()).isEqualTo(25);
        assertThat(raised.get().topCommentIds()).containsExactly("c24", "c23", "c22");
        assertThat(bus.events(DomainEvent.CRISIS_DETECTED)).hasSize(1);
        var d = bus.events(DomainEvent.CRISIS_DETECTED).get(0).detail();
        assertThat(d.get("negative").asLong()).isEqualTo(25);
        assertThat(d.get("total").asLong()).isEqualTo(25);
        assertThat(d.get("baselineMean").asDouble()).isEqualTo(1.0);
        assertThat(d.get("networks").get("facebook").asLong()).isEqualTo(25);
        assertThat(d.get("topCommentIds")).hasSize(3);
        var example = io.cmautopilot.core.json.Json.tree(io.cmautopilot.testing.Events.text("bus/crisis-detected.json"))
                .get("detail");
        java.util.Set<String> expected = new java.util.TreeSet<>();
        example.fieldNames().forEachRemaining(expected::add);
        java.util.Set<String> actual = new java.util.TreeSet<>();
        d.fieldNames().forEachRemaining(actual::add);
        assertThat(actual).isEqualTo(expected);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).subject()).contains("possible crisis").contains("25 negative");
        assertThat(mails.get(0).html()).contains("facebook 25").contains("&lt;script&gt;").doesNotContain("<script>");

        // More of the burst 20 minutes later: still in the cool-down, nothing new.
        assertThat(watch.check(brand, T.plus(Duration.ofMinutes(20)))).isEmpty();
        assertThat(bus.events(DomainEvent.CRISIS_DETECTED)).hasSize(1);
        assertThat(mails).hasSize(1);
        assertThat(crises.list("acme", T.minus(Duration.ofDays(1)), T.plus(Duration.ofDays(1)))).hasSize(1);

        // Three hours on, a burst again: the cool-down is over.
        Instant later = T.plus(Duration.ofHours(3));
        counters.add("acme", brand.timezone(), later, Map.of("comments", 30L, "sentiment_negative", 28L,
                "negative_instagram", 28L));
        assertThat(watch.check(brand, later)).isPresent();
        assertThat(bus.events(DomainEvent.CRISIS_DETECTED)).hasSize(2);
    }
}
