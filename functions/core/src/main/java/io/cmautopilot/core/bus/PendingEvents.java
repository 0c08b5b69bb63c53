package io.cmautopilot.core.bus;

import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Transaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pending mark of an event that is not a comment (publish outcomes, AccountNeedsReconnect, DigestSent), the
 * counterpart of a comment's pending mark (docs/OPERATIONS.md, "Pending events"). The event is written to the table
 * before it is put on the bus, in the same transaction as the state it announces when there is one (a post target's
 * outcome), and the mark is deleted once the bus accepted it. A mark still there after {@link #GRACE} belongs to an
 * event the bus refused, or to a process that died between its write and its PutEvents: {@link #sweep} puts it again.
 * <p>
 * The marks are items of {@link PendingEventStore}; while a sweep is putting one it holds a short lease on it, so two
 * overlapping sweeps never put the same event twice.
 */
public final class PendingEvents {
    public static final String PENDING = "PENDING#EVENT";
    /**
     * Marks younger than this belong to a request that is still between its write and its PutEvents. Longer than the
     * publisher's lease (5 min), the longest a publish tick can hold an outcome before it flushes its events.
     */
    public static final Duration GRACE = Duration.ofMinutes(10);
    static final Duration SWEEP_LEASE = Duration.ofMinutes(2);
    static final int BATCH = 100;
    static final int MAX_BATCHES = 20;

    private final PendingEventStore marks;
    private final Clock clock;

    public PendingEvents(Table table, Clock clock) {
        this.marks = new PendingEventStore(table, clock);
        this.clock = clock;
    }

    /** An event with the id of its mark. */
    public record Pending(String id, DomainEvent event) {
    }

    /** Adds the mark to a transaction, so it exists exactly when the state it announces does. */
    public Transaction.Write mark(Transaction tx, Pending p) {
        return marks.mark(tx, p);
    }

    /** Writes the mark on its own (an event that announces state written elsewhere, or nothing but a send). */
    public void mark(Pending p) {
        marks.mark(p);
    }

    public void clear(String id) {
        marks.clear(id);
    }

    /**
     * Puts the events and deletes the marks of those the bus accepted; returns the refused ones (their marks stay
     * for the sweeper). A bus that throws refuses everything.
     */
    public List<Pending> announce(Bus bus, List<Pending> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        Map<DomainEvent, Pending> byEvent = new IdentityHashMap<>();
        List<DomainEvent> events = new ArrayList<>();
        for (Pending p : pending) {
            byEvent.put(p.event(), p);
            events.add(p.event());
        }
        List<DomainEvent> refused;
        try {
            refused = bus.put(events);
        } catch (RuntimeException e) {
            Log.error("bus refused events; left pending for the sweeper", e, "count", events.size());
            return pending;
        }
        Map<DomainEvent, Boolean> refusedSet = new IdentityHashMap<>();
        refused.forEach(e -> refusedSet.put(e, true));
        List<Pending> left = new ArrayList<>();
        for (Pending p : pending) {
            if (refusedSet.containsKey(p.event())) {
                left.add(p);
            } else {
                try {
                    clear(p.id());
                } catch (RuntimeException e) {
                    // the sweeper would announce it again after the grace period: logged, rare
                    Log.error("event delivered but its pending mark not cleared", e, "eventId", p.id());
                }
            }
        }
        if (!left.isEmpty()) {
            Log.warn("bus refused events; left pending for the sweeper", "count", left.size(),
                    "detailType", left.get(0).event().detailType());
        }
        return left;
    }

    /** Marks older than {@code before}, oldest first (a running sweep may hold some of them). */
    public List<Pending> pending(Instant before, int limit) {
        return marks.olderThan(before, limit);
    }

    /** Takes a short lease on a mark for this sweep; false when another sweep holds it or it is gone. */
    private boolean claim(String id, Instant now) {
        return marks.lease(id, now, now.plus(SWEEP_LEASE));
    }

    /**
     * Puts again every event marked more than {@link #GRACE} ago; returns how many the bus accepted. Stops when the
     * list is empty or the bus accepts nothing (still down: the next run retries).
     */
    public int sweep(Bus bus) {
        int announced = 0;
        int seen = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            Instant now = clock.instant();
            List<Pending> page = pending(now.minus(GRACE), BATCH);
            if (page.isEmpty()) {
                break;
            }
            List<Pending> mine = page.stream().filter(p -> claim(p.id(), now)).toList();
            seen += mine.size();
            if (mine.isEmpty()) {
                break;
            }
            List<Pending> refused = announce(bus, mine);
            announced += mine.size() - refused.size();
            if (refused.size() == mine.size()) {
                break;
            }
        }
        if (seen > 0) {
            Log.info("pending events swept", "seen", seen, "announced", announced);
        }
        return announced;
    }
}
