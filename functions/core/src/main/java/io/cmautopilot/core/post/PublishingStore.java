package io.cmautopilot.core.post;

import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A brand's publishing switch: item {@code BRAND#<id> / PUBLISHING} (docs/DATA-MODEL.md) with {@code paused},
 * {@code reason}, {@code source} (api or crisis), {@code pausedAt} and {@code held}, the number of due targets moved
 * onto the brand's held list. Every claim checks this item in its own transaction ({@link PostStore#claim}), so once
 * a pause is stored no target of the brand can be claimed; a target already claimed finishes.
 * <p>
 * Kept apart from the brand item so that replacing a brand's settings never resets the pause or the held count.
 */
public final class PublishingStore {
    public static final String SK = "PUBLISHING";
    private final Table table;

    public PublishingStore(Table table) {
        this.table = table;
    }

    public record State(String brandId, boolean paused, String reason, String source, Instant pausedAt, long held,
                        Instant updatedAt) {
        public static State running(String brandId) {
            return new State(brandId, false, null, null, null, 0, null);
        }
    }

    Table table() {
        return table;
    }

    public State get(String brandId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name()).consistentRead(true)
                .key(Table.key(BrandStore.brandPk(brandId), SK)).build()).item();
        if (item == null || item.isEmpty()) {
            return State.running(brandId);
        }
        Read r = new Read(item);
        return new State(brandId, r.bool("paused"), r.s("reason"), r.s("source"), r.time("pausedAt"),
                r.n("held", 0), r.time("updatedAt"));
    }

    /**
     * Pauses or resumes. Returns the state before the change when it changed, empty when it already was so (a second
     * pause keeps the first one's reason and time, so a crisis never overwrites a person's pause).
     */
    public Optional<State> set(String brandId, boolean paused, String reason, String source, Instant now) {
        return set(brandId, paused, reason, source, now, null);
    }

    /** {@link #set} with one more write in the same transaction (the pending mark of the event announcing it). */
    public Optional<State> set(String brandId, boolean paused, String reason, String source, Instant now,
                               software.amazon.awssdk.services.dynamodb.model.TransactWriteItem alongside) {
        State before = get(brandId);
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values = new HashMap<>();
        values.put(":p", Table.bool(paused));
        values.put(":at", Table.time(now));
        String update;
        if (paused) {
            values.put(":src", Table.s(source));
            update = "SET paused = :p, pausedAt = :at, updatedAt = :at, #src = :src"
                    + (reason == null ? " REMOVE reason" : ", reason = :r");
            if (reason != null) {
                values.put(":r", Table.s(reason));
            }
        } else {
            update = "SET paused = :p, updatedAt = :at REMOVE reason, pausedAt, #src";
        }
        Update write = Update.builder().tableName(table.name())
                .key(Table.key(BrandStore.brandPk(brandId), SK))
                .conditionExpression(paused ? "attribute_not_exists(paused) OR paused = :f" : "paused = :t")
                .updateExpression(update)
                .expressionAttributeNames(Map.of("#src", "source"))
                .expressionAttributeValues(withFlag(values, paused)).build();
        try {
            if (alongside == null) {
                table.client().updateItem(UpdateItemRequest.builder().tableName(write.tableName()).key(write.key())
                        .conditionExpression(write.conditionExpression()).updateExpression(write.updateExpression())
                        .expressionAttributeNames(write.expressionAttributeNames())
                        .expressionAttributeValues(write.expressionAttributeValues()).build());
            } else {
                table.client().transactWriteItems(b -> b.transactItems(
                        software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().update(write).build(),
                        alongside));
            }
            return Optional.of(before);
        } catch (ConditionalCheckFailedException
                 | software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
            return Optional.empty();
        }
    }

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> withFlag(
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values, boolean paused) {
        values.put(paused ? ":f" : ":t", Table.bool(!paused));
        return values;
    }

    /** Sets the held count to 0 while the brand runs (its held list was found empty). */
    void resetHeld(String brandId) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(Table.key(BrandStore.brandPk(brandId), SK)).updateExpression("SET held = :z")
                    .conditionExpression("paused = :f")
                    .expressionAttributeValues(Map.of(":z", Table.n(0), ":f", Table.bool(false))).build());
        } catch (ConditionalCheckFailedException e) {
            // paused again meanwhile: its count is live
        }
    }

    /** The condition every claim carries: the brand's publishing is not paused (no item means running). */
    static ConditionCheck notPaused(Table table, String brandId) {
        return ConditionCheck.builder().tableName(table.name()).key(Table.key(BrandStore.brandPk(brandId), SK))
                .conditionExpression("attribute_not_exists(paused) OR paused = :f")
                .expressionAttributeValues(Map.of(":f", Table.bool(false))).build();
    }

    /** Adds {@code delta} to the held count; with {@code mustBePaused}, only while the brand is paused. */
    static Update countHeld(Table table, String brandId, int delta, boolean mustBePaused) {
        Update.Builder b = Update.builder().tableName(table.name()).key(Table.key(BrandStore.brandPk(brandId), SK))
                .updateExpression("ADD held :d");
        if (mustBePaused) {
            b.conditionExpression("paused = :t").expressionAttributeValues(Map.of(":d", Table.n(delta),
                    ":t", Table.bool(true)));
        } else {
            b.expressionAttributeValues(Map.of(":d", Table.n(delta)));
        }
        return b.build();
    }
}
