package io.cmautopilot.scoring.ops;

import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Table;

import java.time.Clock;
import java.time.Duration;

/**
 * Which events were alerted about: {@code ALERTSENT#<eventId> / ALERT} ({@code detailType}), kept {@link #KEEP}.
 * Claimed with a conditional put before the alert goes out, so a queue's second delivery of an event sends nothing;
 * released when the alert could not be sent, so the retry sends it.
 */
public final class AlertSentStore {
    static final Duration KEEP = Duration.ofDays(7);
    private final Table table;
    private final Clock clock;

    public AlertSentStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** True for the first claim of the event; false when it was already claimed (sent, or being sent). */
    public boolean claim(String eventId, String detailType) {
        return table.put(new Table.Item().key("ALERTSENT#" + eventId, "ALERT").put("type", "alertsent")
                .put("detailType", detailType).put(Table.TTL, clock.instant().plus(KEEP).getEpochSecond()).build(),
                Condition.itemAbsent());
    }

    public void release(String eventId) {
        table.delete(Table.key("ALERTSENT#" + eventId, "ALERT"), null);
    }
}
