package io.cmautopilot.core.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.store.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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
 * Item: {@code pk = EVENT#<id>}, {@code sk = EVENT}, sparse {@code gsi1pk = PENDING#EVENT}, {@code gsi1sk = <marked
 * at>#<id>}; {@code detailType}, {@code detail} (the JSON), {@code markedAt}, and while a sweep is putting it
 * {@code sweptUntil} (a short lease, so two overlapping sweeps never put the same event twice).
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

    private final Table table;
    private final Clock clock;

    public PendingEvents(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** An event with the id of its mark. */
    public record Pending(String id, DomainEvent event) {
    }

    private static Map<String, AttributeValue> key(String id) {
        return Table.key("EVENT#" + id, "EVENT");
    }

    private Map<String, AttributeValue> item(Pending p, Instant at) {
        return new Table.Item().key("EVENT#" + p.id(), "EVENT")
                .put(Table.GSI1_PK, PENDING).put(Table.GSI1_SK, Table.iso(at) + "#" + p.id())
                .put("detailType", p.event().detailType()).put("detail", Json.write(p.event().detail()))
                .put("brandId", p.event().brandId()).put("markedAt", at).build();
    }

    /** The mark as one write of a transaction, so it exists exactly when the state it announces does. */
    public TransactWriteItem markItem(Pending p) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item(p, clock.instant()))
                .build()).build();
    }

    /** Writes the mark on its own (an event that announces state written elsewhere, or nothing but a send). */
    public void mark(Pending p) {
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item(p, clock.instant())).build());
    }

    public void clear(String id) {
        table.client().deleteItem(DeleteItemRequest.builder().tableName(table.name()).key(key(id)).build());
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

    /** Marks older than {@code before}, oldest first, that no running sweep holds. */
    public List<Pending> pending(Instant before, int limit) {
        var page = table.client().query(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI1)
                .keyConditionExpression("gsi1pk = :pk AND gsi1sk < :before")
                .expressionAttributeValues(Map.of(":pk", Table.s(PENDING), ":before", Table.s(Table.iso(before))))
                .limit(limit).build());
        List<Pending> out = new ArrayList<>();
        for (var item : page.items()) {
            Table.Read r = new Table.Read(item);
            String id = r.s(Table.PK).substring("EVENT#".length());
            out.add(new Pending(id, new DomainEvent(r.s("detailType"), (ObjectNode) Json.tree(r.s("detail")))));
        }
        return out;
    }

    /** Takes a short lease on a mark for this sweep; false when another sweep holds it or it is gone. */
    private boolean claim(String id, Instant now) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name()).key(key(id))
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(sweptUntil) OR sweptUntil < :now)")
                    .updateExpression("SET sweptUntil = :until")
                    .expressionAttributeValues(Map.of(":now", Table.s(Table.iso(now)),
                            ":until", Table.s(Table.iso(now.plus(SWEEP_LEASE))))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
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
