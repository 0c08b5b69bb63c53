package io.cmautopilot.core.reply;

import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saved replies: {@code BRAND#<b> / SAVEDREPLY#<id>} in the brand's item collection (docs/DATA-MODEL.md), listed with
 * one Query on that prefix. A brand keeps at most {@link #MAX_PER_BRAND}.
 */
public final class SavedReplyStore {
    public static final int MAX_PER_BRAND = 500;
    private static final String PREFIX = "SAVEDREPLY#";
    private final Table table;

    public SavedReplyStore(Table table) {
        this.table = table;
    }

    /** Creates ({@code create}) or replaces a saved reply; {@link Conflict} when it exists, or does not. */
    public void put(SavedReply r, boolean create) {
        if (!write(r, create)) {
            throw new Conflict("saved reply '" + r.id() + "' " + (create ? "already exists" : "does not exist"));
        }
    }

    /** Replaces a saved reply; false when it does not exist. */
    public boolean replace(SavedReply r) {
        return write(r, false);
    }

    private boolean write(SavedReply r, boolean create) {
        return table.put(new Table.Item()
                .key(BrandStore.brandPk(r.brandId()), PREFIX + r.id()).put("type", "savedreply").put("id", r.id())
                .put("brandId", r.brandId()).put("name", r.name()).put("language", r.language()).put("text", r.text())
                .put("createdAt", r.createdAt()).put("updatedAt", r.updatedAt()).build(),
                create ? Condition.itemAbsent() : Condition.itemExists());
    }

    public Optional<SavedReply> get(String brandId, String id) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(BrandStore.brandPk(brandId), PREFIX + id)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(saved(new Read(item)));
    }

    /** A brand's saved replies, in one language or all; BETWEEN on the prefix (what begins_with selects). */
    public List<SavedReply> list(String brandId, String language) {
        var items = table.queryAll(QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":pk", Table.s(BrandStore.brandPk(brandId)),
                        ":a", Table.s(PREFIX), ":b", Table.s(PREFIX + "\uffff"))).build());
        return items.stream().map(i -> saved(new Read(i)))
                .filter(s -> language == null || language.equals(s.language())).toList();
    }

    public boolean delete(String brandId, String id) {
        return table.delete(Table.key(BrandStore.brandPk(brandId), PREFIX + id), Condition.itemExists());
    }

    private static SavedReply saved(Read r) {
        return new SavedReply(r.s("id"), r.s("brandId"), r.s("name"), r.s("language"), r.s("text"),
                r.time("createdAt"), r.time("updatedAt"));
    }

}
