package io.cmautopilot.publish;

import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Item;
import io.cmautopilot.core.store.Table.Read;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress of a target between attempts: the parts of a thread already published (so a retry continues the thread
 * instead of posting part 1 again) and an Instagram container still processing (so a retry polls it instead of
 * creating another). Item {@code PUBLISHSTATE#<postId>#<accountId> / STATE}, outside the post's partition so the
 * post's item collection stays posts and targets; it expires a week after its last write.
 */
public final class CheckpointStore {
    private static final Duration TTL = Duration.ofDays(7);
    private final Table table;

    public CheckpointStore(Table table) {
        this.table = table;
    }

    Table table() {
        return table;
    }

    private static String pk(String postId, String accountId) {
        return "PUBLISHSTATE#" + postId + "#" + accountId;
    }

    public Map<String, String> get(String postId, String accountId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(pk(postId, accountId), "STATE")).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Map.of();
        }
        String state = new Read(item).s("state");
        Map<String, String> out = new LinkedHashMap<>();
        Json.tree(state).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    public void put(String postId, String accountId, Map<String, String> state, Instant now) {
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(new Item()
                .key(pk(postId, accountId), "STATE").put("type", "publishState").put("state", Json.write(state))
                .put("updatedAt", now).put(Table.TTL, now.plus(TTL).getEpochSecond()).build()).build());
    }

    public void delete(String postId, String accountId) {
        table.client().deleteItem(DeleteItemRequest.builder().tableName(table.name())
                .key(Table.key(pk(postId, accountId), "STATE")).build());
    }
}
