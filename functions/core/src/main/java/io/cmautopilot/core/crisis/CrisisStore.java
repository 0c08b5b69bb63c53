package io.cmautopilot.core.crisis;

import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Item;
import io.cmautopilot.core.store.Table.Read;
import io.cmautopilot.core.store.Transaction;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Crises per brand: {@code CRISIS#<brand> / STATE} holds the last alert time (the cool-down), and
 * {@code CRISIS#<brand> / AT#<detectedAt>} one record per alert, read back by the digest for its period. Recording is
 * one transaction conditional on the cool-down having passed, so concurrent scorers raise one alert, not several.
 */
public final class CrisisStore {
    private static final Duration TTL = Duration.ofDays(400);
    private final Table table;

    public CrisisStore(Table table) {
        this.table = table;
    }

    private static String pk(String brandId) {
        return "CRISIS#" + brandId;
    }

    /** Records a crisis unless one was recorded less than {@code cooldown} ago; true when this call raised it. */
    public boolean record(CrisisRecord crisis, Duration cooldown) {
        Instant now = crisis.detectedAt();
        Transaction tx = new Transaction();
        tx.put(table, new Item().key(pk(crisis.brandId()), "STATE").put("lastAlertAt", now).build(),
                Condition.itemAbsent().or(Condition.le("lastAlertAt", now.minus(cooldown))));
        tx.put(table, new Item().key(pk(crisis.brandId()), "AT#" + Table.iso(now)).put("crisis", Json.write(crisis))
                .put(Table.TTL, now.plus(TTL).getEpochSecond()).build());
        return tx.tryCommit();
    }

    /** Crises detected in {@code [from, to)}, oldest first. */
    public List<CrisisRecord> list(String brandId, Instant from, Instant to) {
        return table.queryAll(QueryRequest.builder().tableName(table.name())
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", Table.s(pk(brandId)),
                                ":from", Table.s("AT#" + Table.iso(from)), ":to", Table.s("AT#" + Table.iso(to.minusMillis(1)))))
                        .build()).stream()
                .map(i -> Json.read(new Read(i).s("crisis"), CrisisRecord.class)).toList();
    }
}
