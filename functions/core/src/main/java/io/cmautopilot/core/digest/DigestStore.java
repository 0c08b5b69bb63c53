package io.cmautopilot.core.digest;

import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One send record per {@code (subscription, period)}: {@code DIGEST#<subscriptionId> / <periodKey>}. A run claims
 * the record before it builds and sends; the condition lets in only the first run, a run after a failure, or a run
 * after a lease that expired, so two overlapping runs never send the same digest twice.
 */
public final class DigestStore {
    private static final Duration TTL = Duration.ofDays(400);
    private final Table table;

    public DigestStore(Table table) {
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String subscriptionId, String periodKey) {
        return Table.key("DIGEST#" + subscriptionId, periodKey);
    }

    /** Claims the send of one digest; empty when it was sent already or another run holds it. */
    public Optional<DigestRecord> claim(String subscriptionId, String periodKey, String brandId, String owner,
                                        Instant now, Instant leaseUntil) {
        return table.updateReturning(key(subscriptionId, periodKey), new Update()
                        .set("status", DigestRecord.Status.SENDING).set("leaseOwner", owner).set("leaseUntil", leaseUntil)
                        .set("brandId", brandId).set("subscriptionId", subscriptionId).set("updatedAt", now)
                        .set(Table.TTL, now.plus(TTL).getEpochSecond()).add("attempts", 1),
                Condition.itemAbsent().or(Condition.eq("status", DigestRecord.Status.FAILED))
                        .or(Condition.eq("status", DigestRecord.Status.SENDING).and(Condition.lt("leaseUntil", now))))
                .map(attrs -> record(new Read(attrs)));
    }

    /** Marks a claimed digest sent; false if the claim was lost meanwhile. */
    public boolean markSent(DigestRecord claimed, String messageId, Instant now) {
        return finish(claimed, DigestRecord.Status.SENT, "messageId", messageId, now);
    }

    /** Marks a claimed digest failed, so that the next run tries again. */
    public boolean markFailed(DigestRecord claimed, String error, Instant now) {
        return finish(claimed, DigestRecord.Status.FAILED, "lastError",
                error.length() > 2000 ? error.substring(0, 2000) : error, now);
    }

    private boolean finish(DigestRecord claimed, DigestRecord.Status status, String field, String value, Instant now) {
        return table.update(key(claimed.subscriptionId(), claimed.periodKey()), new Update().set("status", status)
                        .set(field, value == null ? "" : value).set("updatedAt", now).remove("leaseOwner", "leaseUntil"),
                Condition.eq("status", DigestRecord.Status.SENDING).and(Condition.eq("leaseOwner", claimed.leaseOwner())));
    }

    public Optional<DigestRecord> get(String subscriptionId, String periodKey) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(key(subscriptionId, periodKey)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(new Read(item)));
    }

    private static DigestRecord record(Read r) {
        return new DigestRecord(r.s("subscriptionId"), r.s(Table.SK), r.s("brandId"),
                DigestRecord.Status.valueOf(r.s("status")), (int) r.n("attempts", 0), r.s("leaseOwner"),
                r.time("leaseUntil"), r.s("messageId"), r.s("lastError"), r.time("updatedAt"));
    }
}
