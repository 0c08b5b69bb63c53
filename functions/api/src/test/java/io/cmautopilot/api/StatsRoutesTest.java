package io.cmautopilot.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.HttpEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsRoutesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void response_times_per_network_and_the_open_backlog_by_age_come_from_counters_and_the_open_list() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        brands.create(new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en", null, null, NOW));
        CommentStore comments = new CommentStore(table);
        InboxStore inbox = new InboxStore(table);
        CounterStore counters = new CounterStore(table);
        // ten Mastodon comments answered after 1..10 minutes, one X comment after 3 hours
        for (int i = 1; i <= 10; i++) {
            Instant received = NOW.minus(Duration.ofHours(5)).plusSeconds(600L * i);
            Comment c = comment(comments, Network.MASTODON, "m" + i, received);
            Instant replied = received.plus(Duration.ofMinutes(i));
            Transaction tx = new Transaction();
            counters.increment(tx, "acme", ZoneId.of("Europe/Paris"), replied, Map.of(
                    Counters.responseTime(Network.MASTODON, Duration.ofMinutes(i)), 1L,
                    Counters.firstReplies(Network.MASTODON), 1L));
            inbox.answered(tx, c, replied);
        }
        Comment x = comment(comments, Network.X, "x1", NOW.minus(Duration.ofHours(4)));
        Transaction tx = new Transaction();
        counters.increment(tx, "acme", ZoneId.of("Europe/Paris"), NOW.minus(Duration.ofHours(1)),
                Map.of(Counters.responseTime(Network.X, Duration.ofHours(3)), 1L));
        inbox.answered(tx, x, NOW.minus(Duration.ofHours(1)));
        // open: two fresh, one six hours old, one two days old
        comment(comments, Network.X, "o1", NOW.minus(Duration.ofMinutes(10)));
        comment(comments, Network.X, "o2", NOW.minus(Duration.ofMinutes(50)));
        comment(comments, Network.X, "o3", NOW.minus(Duration.ofHours(6)));
        comment(comments, Network.X, "o4", NOW.minus(Duration.ofDays(2)));

        ApiHandler handler = new ApiHandler(List.of(new StatsRoutes(brands, counters, inbox,
                Clock.fixed(NOW, ZoneOffset.UTC))));
        JsonNode body = Json.tree(handler.handleRequest(HttpEvents.request("GET", "/v1/brands/{brand}/stats")
                .path("brand", "acme").query("from", "2026-11-30T12:00:00Z").query("to", "2026-12-01T12:00:00Z")
                .build(), null).getBody());

        JsonNode mastodon = body.get("responseTimes").get("mastodon");
        assertThat(mastodon.get("replies").asLong()).isEqualTo(10);
        assertThat(mastodon.get("medianMinutes").asDouble()).isCloseTo(5.0, within(0.01));
        // interpolated inside its bucket (5 to 15 minutes): the histogram is the resolution
        assertThat(mastodon.get("p90Minutes").asDouble()).isBetween(5.0, 15.0);
        assertThat(body.get("responseTimes").get("x").get("medianMinutes").asDouble()).isBetween(120.0, 240.0);
        assertThat(body.get("responseTimes").get("all").get("replies").asLong()).isEqualTo(11);
        JsonNode backlog = body.get("backlog");
        assertThat(backlog.get("open").asLong()).isEqualTo(4);
        assertThat(backlog.get("byAge").get(0).get("count").asLong()).as("under an hour").isEqualTo(2);
        assertThat(backlog.get("byAge").get(1).get("count").asLong()).as("1 to 4 hours").isZero();
        assertThat(backlog.get("byAge").get(2).get("count").asLong()).as("4 to 24 hours").isEqualTo(1);
        assertThat(backlog.get("byAge").get(3).get("count").asLong()).as("1 to 3 days").isEqualTo(1);
        assertThat(backlog.get("oldestReceivedAt").asText()).isEqualTo(NOW.minus(Duration.ofDays(2)).toString());

        JsonNode bad = Json.tree(handler.handleRequest(HttpEvents.request("GET", "/v1/brands/{brand}/stats")
                .path("brand", "acme").query("from", "yesterday").build(), null).getBody());
        assertThat(bad.get("field").asText()).isEqualTo("from");
    }

    private static Comment comment(CommentStore comments, Network network, String externalId, Instant received) {
        Comment c = Comment.received(Ids.next(), "acme", "a1", network, externalId, null, null,
                new Comment.Author("u", "jane", "Jane"), "hi?", "en", received, received, null, Comment.Kind.COMMENT);
        comments.insert(c, io.cmautopilot.core.comment.CommentStore.Origin.relay(c.brandId()));
        return c;
    }
}
