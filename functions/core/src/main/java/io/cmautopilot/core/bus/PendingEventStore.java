package io.cmautopilot.core.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pending marks of {@link PendingEvents}: {@code pk = EVENT#<id>}, {@code sk = EVENT}, sparse
 * {@code gsi1pk = PENDING#EVENT}, {@code gsi1sk = <marked at>#<id>}; {@code detailType}, {@code detail} (the JSON),
 * {@code markedAt}, and while a sweep is putting it {@code sweptUntil}.
 */
public final class PendingEventStore {
    private final Table table;
    private final Clock clock;

    public PendingEventStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Table.key("EVENT#" + id, "EVENT");
    }

    private Map<String, AttributeValue> item(PendingEvents.Pending p, Instant at) {
        return new Table.Item().key("EVENT#" + p.id(), "EVENT")
                .put(Table.GSI1_PK, PendingEvents.PENDING).put(Table.GSI1_SK, Table.iso(at) + "#" + p.id())
                .put("detailType", p.event().detailType()).put("detail", Json.write(p.event().detail()))
                .put("brandId", p.event().brandId()).put("markedAt", at).build();
    }

    /** Adds the mark to a transaction, so it exists exactly when the state it announces does. */
    public Transaction.Write mark(Transaction tx, PendingEvents.Pending p) {
        return tx.put(table, item(p, clock.instant()));
    }

    /** Writes the mark on its own (an event that announces state written elsewhere, or nothing but a send). */
    public void mark(PendingEvents.Pending p) {
        table.put(item(p, clock.instant()), null);
    }

    public void clear(String id) {
        table.delete(key(id), null);
    }

    /** Marks older than {@code before}, oldest first (a sweep may hold some of them). */
    public List<PendingEvents.Pending> olderThan(Instant before, int limit) {
        var page = table.client().query(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI1)
                .keyConditionExpression("gsi1pk = :pk AND gsi1sk < :before")
                .expressionAttributeValues(Map.of(":pk", Table.s(PendingEvents.PENDING),
                        ":before", Table.s(Table.iso(before))))
                .limit(limit).build());
        List<PendingEvents.Pending> out = new ArrayList<>();
        for (var item : page.items()) {
            Table.Read r = new Table.Read(item);
            String id = r.s(Table.PK).substring("EVENT#".length());
            out.add(new PendingEvents.Pending(id, new DomainEvent(r.s("detailType"),
                    (ObjectNode) Json.tree(r.s("detail")))));
        }
        return out;
    }

    /** Takes a lease on a mark until {@code until}; false when another sweep holds it or it is gone. */
    public boolean lease(String id, Instant now, Instant until) {
        return table.update(key(id), new Update().set("sweptUntil", Table.iso(until)),
                Condition.itemExists().and(Condition.notExists("sweptUntil").or(Condition.lt("sweptUntil",
                        Table.iso(now)))));
    }
}
