package io.cmautopilot.intake;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

import static io.cmautopilot.intake.IntakeFixture.NOW;
import static io.cmautopilot.intake.IntakeFixture.meta;
import static org.assertj.core.api.Assertions.assertThat;

class PendingSweeperTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;
    IntakeFixture f;

    @BeforeEach
    void setUp() {
        f = new IntakeFixture(new Table(dynamo.client(), dynamo.tableName()), dir).withBrand();
    }

    private PendingSweeper sweeperAt(java.time.Instant at) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        return new PendingSweeper(f.comments, new CommentIntake(f.brands, f.comments, f.posts, f.unknown, f.bus,
                clock), clock, new io.cmautopilot.core.bus.PendingEvents(f.table, clock), f.bus);
    }

    @Test
    void what_the_bus_refused_is_emitted_by_the_next_sweep_once() {
        f.bus.refuseWhen(e -> true);
        f.handler.handleRequest(meta("meta-page-feed.json"), null);
        assertThat(f.bus.events()).isEmpty();
        f.bus.refuseWhen(e -> false);

        var result = sweeperAt(NOW.plusSeconds(120)).handleRequest(Events.scheduled("intake/sweep-schedule.json"),
                null);

        assertThat(result).containsEntry("announced", 2);
        assertThat(f.bus.events(DomainEvent.COMMENT_RECEIVED)).extracting(e -> e.detail().get("externalId").asText())
                .containsExactlyInAnyOrder("122145678901234567_1234567890123456",
                        "122145678901234567_2345678901234567");
        assertThat(f.comments.pending(NOW.plusSeconds(3600), 10)).isEmpty();
        assertThat(sweeperAt(NOW.plusSeconds(240)).sweep()).as("nothing left to re-emit").isZero();
        assertThat(f.bus.events()).hasSize(2);
    }

    @Test
    void marks_younger_than_the_grace_period_are_left_to_their_request() {
        f.bus.refuseWhen(e -> true);
        f.handler.handleRequest(meta("meta-page-feed.json"), null);
        f.bus.refuseWhen(e -> false);

        assertThat(sweeperAt(NOW.plusSeconds(30)).sweep()).isZero();
        assertThat(f.bus.events()).isEmpty();
    }

    @Test
    void a_bus_still_refusing_keeps_the_marks_for_the_next_run() {
        f.bus.refuseWhen(e -> true);
        f.handler.handleRequest(meta("meta-page-feed.json"), null);

        assertThat(sweeperAt(NOW.plusSeconds(120)).sweep()).isZero();

        assertThat(f.comments.pending(NOW.plusSeconds(3600), 10)).hasSize(2);
    }

    @Test
    void an_edit_refused_by_the_bus_is_re_emitted_with_its_version() {
        f.handler.handleRequest(meta("meta-page-feed.json"), null);
        f.bus.refuseWhen(e -> e.detail().get("version").asInt() == 2);
        f.handler.handleRequest(meta("meta-page-feed-edited.json"), null);
        f.bus.refuseWhen(e -> false);

        sweeperAt(NOW.plusSeconds(120)).sweep();

        Comment edited = f.find(Network.FACEBOOK, "122145678901234567_1234567890123456").orElseThrow();
        assertThat(f.bus.events()).hasSize(3);
        assertThat(f.bus.events().get(2).detail().get("version").asInt()).isEqualTo(edited.version()).isEqualTo(2);
    }

    @Test
    void the_scheduled_sweep_also_puts_other_pending_events_once() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        var marked = new io.cmautopilot.core.bus.PendingEvents(table, Clock.fixed(NOW, ZoneOffset.UTC));
        marked.mark(new io.cmautopilot.core.bus.PendingEvents.Pending("DIGEST#s1#daily#2026-11-22",
                new DomainEvent(DomainEvent.DIGEST_SENT, io.cmautopilot.core.json.Json.object().put("brandId", "acme")
                        .put("subscriptionId", "s1").put("periodKey", "daily#2026-11-22").put("messageId", "m1"))));
        java.time.Instant later = NOW.plus(io.cmautopilot.core.bus.PendingEvents.GRACE).plusSeconds(1);
        Clock clock = Clock.fixed(later, ZoneOffset.UTC);
        PendingSweeper sweeper = new PendingSweeper(f.comments, new CommentIntake(f.brands, f.comments, f.posts,
                f.unknown, f.bus, clock), clock, new io.cmautopilot.core.bus.PendingEvents(table, clock), f.bus);

        var result = sweeper.handleRequest(Events.scheduled("intake/sweep-schedule.json"), null);
        var again = sweeper.handleRequest(Events.scheduled("intake/sweep-schedule.json"), null);

        assertThat(result).containsEntry("events", 1);
        assertThat(again).containsEntry("events", 0);
        assertThat(f.bus.events(DomainEvent.DIGEST_SENT)).singleElement()
                .satisfies(e -> assertThat(e.detail().path("messageId").asText()).isEqualTo("m1"));
    }
}
