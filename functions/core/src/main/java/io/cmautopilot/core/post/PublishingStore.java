package io.cmautopilot.core.post;

import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.core.store.TransactionCancelled;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.time.Instant;
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
        return set(brandId, paused, reason, source, now, new Transaction());
    }

    /**
     * {@link #set} with what {@code tx} holds (the pending mark of the event announcing it), committed together:
     * the other writes happen exactly when the switch changes.
     */
    public Optional<State> set(String brandId, boolean paused, String reason, String source, Instant now,
                               Transaction tx) {
        State before = get(brandId);
        Update change = new Update().set("paused", paused).set("updatedAt", now);
        if (paused) {
            change.set("pausedAt", now).set("source", source);
            if (reason == null) {
                change.remove("reason");
            } else {
                change.set("reason", reason);
            }
        } else {
            change.remove("reason", "pausedAt", "source");
        }
        Transaction.Write write = tx.update(table, Table.key(BrandStore.brandPk(brandId), SK), change,
                paused ? Condition.absentOrEq("paused", false) : Condition.eq("paused", true));
        try {
            tx.commit();
            return Optional.of(before);
        } catch (TransactionCancelled e) {
            if (e.conditionFailed(write)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the held count to 0 while the brand runs (its held list was found empty). */
    void resetHeld(String brandId) {
        // false: paused again meanwhile, its count is live
        table.update(Table.key(BrandStore.brandPk(brandId), SK), new Update().set("held", 0L),
                Condition.eq("paused", false));
    }

    /** Adds to {@code tx} the condition every claim carries: the brand's publishing is not paused (no item: running). */
    static Transaction.Write notPaused(Transaction tx, Table table, String brandId) {
        return tx.check(table, Table.key(BrandStore.brandPk(brandId), SK), Condition.absentOrEq("paused", false));
    }

    /** Adds {@code delta} to the held count in {@code tx}; with {@code mustBePaused}, only while the brand is paused. */
    static Transaction.Write countHeld(Transaction tx, Table table, String brandId, int delta, boolean mustBePaused) {
        return tx.update(table, Table.key(BrandStore.brandPk(brandId), SK), new Update().add("held", delta),
                mustBePaused ? Condition.eq("paused", true) : null);
    }
}
