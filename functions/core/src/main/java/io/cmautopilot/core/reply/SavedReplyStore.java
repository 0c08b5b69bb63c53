package io.cmautopilot.core.reply;

import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
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

    public void put(SavedReply r, boolean create) {
        var request = PutItemRequest.builder().tableName(table.name()).item(new Table.Item()
                .key(BrandStore.brandPk(r.brandId()), PREFIX + r.id()).put("type", "savedreply").put("id", r.id())
                .put("brandId", r.brandId()).put("name", r.name()).put("language", r.language()).put("text", r.text())
                .put("createdAt", r.createdAt()).put("updatedAt", r.updatedAt()).build())
                .conditionExpression(create ? "attribute_not_exists(pk)" : "attribute_exists(pk)");
        table.client().putItem(request.build());
    }

    /** Replaces a saved reply; false when it does not exist. */
    public boolean replace(SavedReply r) {
        try {
            put(r, false);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
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
        try {
            table.client().deleteItem(b -> b.tableName(table.name())
                    .key(Table.key(BrandStore.brandPk(brandId), PREFIX + id)).conditionExpression("attribute_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static SavedReply saved(Read r) {
        return new SavedReply(r.s("id"), r.s("brandId"), r.s("name"), r.s("language"), r.s("text"),
                r.time("createdAt"), r.time("updatedAt"));
    }

}
