package io.cmautopilot.core.digest;

import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":sending", Table.s(DigestRecord.Status.SENDING.name()));
        values.put(":failed", Table.s(DigestRecord.Status.FAILED.name()));
        values.put(":owner", Table.s(owner));
        values.put(":lease", Table.time(leaseUntil));
        values.put(":now", Table.time(now));
        values.put(":brand", Table.s(brandId));
        values.put(":sub", Table.s(subscriptionId));
        values.put(":one", Table.n(1));
        values.put(":exp", Table.n(now.plus(TTL).getEpochSecond()));
        try {
            var attrs = table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(key(subscriptionId, periodKey))
                    .conditionExpression("attribute_not_exists(pk) OR #st = :failed OR (#st = :sending AND leaseUntil < :now)")
                    .updateExpression("SET #st = :sending, leaseOwner = :owner, leaseUntil = :lease, brandId = :brand, "
                            + "subscriptionId = :sub, updatedAt = :now, #exp = :exp ADD attempts :one")
                    .expressionAttributeNames(Map.of("#st", "status", "#exp", Table.TTL))
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(record(new Read(attrs)));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
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
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(key(claimed.subscriptionId(), claimed.periodKey()))
                    .conditionExpression("#st = :sending AND leaseOwner = :owner")
                    .updateExpression("SET #st = :st, #f = :v, updatedAt = :now REMOVE leaseOwner, leaseUntil")
                    .expressionAttributeNames(Map.of("#st", "status", "#f", field))
                    .expressionAttributeValues(Map.of(":sending", Table.s(DigestRecord.Status.SENDING.name()),
                            ":owner", Table.s(claimed.leaseOwner()), ":st", Table.s(status.name()),
                            ":v", Table.s(value == null ? "" : value), ":now", Table.time(now))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
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
