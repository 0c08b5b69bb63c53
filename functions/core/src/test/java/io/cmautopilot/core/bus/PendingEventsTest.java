package io.cmautopilot.core.bus;

import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.StoreFixture;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PendingEventsTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private PendingEvents at(Instant now) {
        Table table = StoreFixture.table(dynamo);
        return new PendingEvents(table, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static PendingEvents.Pending event(String id) {
        return new PendingEvents.Pending(id, new DomainEvent(DomainEvent.POST_PUBLISHED,
                Json.object().put("brandId", "acme").put("postId", id).put("remoteId", "r-" + id)));
    }

    @Test
    void an_accepted_event_leaves_no_mark() {
        RecordingBus bus = new RecordingBus();
        PendingEvents events = at(T0);
        events.mark(event("P1"));

        assertThat(events.announce(bus, List.of(event("P1")))).isEmpty();

        assertThat(events.pending(T0.plusSeconds(86400), 10)).isEmpty();
        assertThat(bus.events()).hasSize(1);
    }

    @Test
    void a_refused_event_is_put_exactly_once_by_the_sweeps_after_the_grace_period() {
        RecordingBus bus = new RecordingBus();
        bus.refuseWhen(e -> true);
        PendingEvents events = at(T0);
        events.mark(event("P1"));
        events.mark(event("P2"));
        assertThat(events.announce(bus, List.of(event("P1"), event("P2")))).hasSize(2);
        bus.refuseWhen(e -> false);

        assertThat(at(T0.plus(PendingEvents.GRACE).minusSeconds(1)).sweep(bus)).as("still within grace").isZero();
        assertThat(at(T0.plus(PendingEvents.GRACE).plusSeconds(1)).sweep(bus)).isEqualTo(2);
        assertThat(at(T0.plus(PendingEvents.GRACE).plusSeconds(400)).sweep(bus)).isZero();

        assertThat(bus.events()).extracting(e -> e.detail().path("postId").asText()).containsExactly("P1", "P2");
        assertThat(bus.events().get(0).detail().path("remoteId").asText()).isEqualTo("r-P1");
        assertThat(bus.events().get(0).detailType()).isEqualTo(DomainEvent.POST_PUBLISHED);
    }

    @Test
    void a_bus_still_down_keeps_the_marks_and_a_later_sweep_delivers_them() {
        RecordingBus bus = new RecordingBus();
        bus.refuseWhen(e -> true);
        at(T0).mark(event("P1"));
        Instant later = T0.plus(PendingEvents.GRACE).plusSeconds(1);

        assertThat(at(later).sweep(bus)).isZero();
        assertThat(at(later.plusSeconds(30)).sweep(bus)).as("held by the first sweep's lease").isZero();
        bus.refuseWhen(e -> false);
        assertThat(at(later.plus(PendingEvents.SWEEP_LEASE).plusSeconds(1)).sweep(bus)).isEqualTo(1);

        assertThat(bus.events()).hasSize(1);
    }

    @Test
    void a_bus_that_throws_refuses_everything_and_loses_nothing() {
        Bus broken = batch -> {
            throw new IllegalStateException("EventBridge unreachable");
        };
        PendingEvents events = at(T0);
        events.mark(event("P1"));

        assertThat(events.announce(broken, List.of(event("P1")))).hasSize(1);
        assertThat(events.pending(T0.plusSeconds(1), 10)).extracting(PendingEvents.Pending::id).containsExactly("P1");
    }
}
