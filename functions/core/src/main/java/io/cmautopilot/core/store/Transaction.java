package io.cmautopilot.core.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes that happen together or not at all (docs/ARCHITECTURE.md, "Persistence"). Stores add their writes
 * ({@code counters.increment(tx, ...)}, {@code posts.finish(tx, ...)}); the one that owns the decisive condition
 * commits. Each add returns a {@link Write} handle, and a cancelled commit reports each write's reason against it
 * ({@link TransactionCancelled}).
 * <p>
 * An item is written once per transaction (a DynamoDB rule, enforced here when adding rather than at commit):
 * two unconditional updates of one item are merged into one; a put after an unconditional delete of the same item
 * replaces the delete; anything else on an item already in the transaction is an {@link IllegalStateException}.
 * A transaction of one write is sent as that single conditional write, without the transaction's double cost.
 */
public final class Transaction {
    /** DynamoDB's bound on the items of one TransactWriteItems. */
    public static final int MAX_ITEMS = 100;

    private enum Kind { PUT, UPDATE, DELETE, CHECK }

    /** A write's handle, for reading its reason from a {@link TransactionCancelled}. */
    public static final class Write {
        private final String description;

        private Write(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private record ItemKey(String table, AttributeValue pk, AttributeValue sk) {
        @Override
        public String toString() {
            return table + " " + (pk == null ? null : pk.s()) + " / " + (sk == null ? null : sk.s());
        }
    }

    private record Op(Kind kind, Table table, Map<String, AttributeValue> key, Map<String, AttributeValue> item,
                      Update update, Condition condition) {
    }

    private static final class Slot {
        Op op;
        final List<Write> handles = new ArrayList<>();

        Slot(Op op) {
            this.op = op;
        }
    }

    private final Map<ItemKey, Slot> slots = new LinkedHashMap<>();
    private boolean committed;

    public Write put(Table table, Map<String, AttributeValue> item) {
        return put(table, item, null);
    }

    /** Puts (replaces) the whole item, if {@code condition} (null: always) holds. */
    public Write put(Table table, Map<String, AttributeValue> item, Condition condition) {
        Objects.requireNonNull(item, "item");
        return add(new Op(Kind.PUT, table, keyOf(item), item, null, condition));
    }

    public Write update(Table table, Map<String, AttributeValue> key, Update update) {
        return update(table, key, update, null);
    }

    public Write update(Table table, Map<String, AttributeValue> key, Update update, Condition condition) {
        Objects.requireNonNull(update, "update");
        if (update.isEmpty()) {
            throw new IllegalArgumentException("an update changes at least one attribute");
        }
        return add(new Op(Kind.UPDATE, table, keyOf(key), null, update, condition));
    }

    public Write delete(Table table, Map<String, AttributeValue> key) {
        return delete(table, key, null);
    }

    public Write delete(Table table, Map<String, AttributeValue> key, Condition condition) {
        return add(new Op(Kind.DELETE, table, keyOf(key), null, null, condition));
    }

    /** Writes nothing, but the transaction happens only if {@code condition} holds on the item. */
    public Write check(Table table, Map<String, AttributeValue> key, Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return add(new Op(Kind.CHECK, table, keyOf(key), null, null, condition));
    }

    /** The number of items the transaction writes or checks. */
    public int size() {
        return slots.size();
    }

    public boolean isEmpty() {
        return slots.isEmpty();
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> itemOrKey) {
        AttributeValue pk = itemOrKey.get(Table.PK);
        AttributeValue sk = itemOrKey.get(Table.SK);
        if (pk == null || sk == null) {
            throw new IllegalArgumentException("a write needs the item's " + Table.PK + " and " + Table.SK);
        }
        return Map.of(Table.PK, pk, Table.SK, sk);
    }

    private synchronized Write add(Op op) {
        Objects.requireNonNull(op.table(), "table");
        if (committed) {
            throw new IllegalStateException("the transaction was already committed");
        }
        if (!slots.isEmpty() && slots.values().iterator().next().op.table().client() != op.table().client()) {
            throw new IllegalStateException("a transaction writes through one DynamoDB client");
        }
        ItemKey id = new ItemKey(op.table().name(), op.key().get(Table.PK), op.key().get(Table.SK));
        Write handle = new Write(op.kind().name().toLowerCase(java.util.Locale.ROOT) + " of " + id);
        Slot slot = slots.get(id);
        if (slot == null) {
            if (slots.size() == MAX_ITEMS) {
                throw new IllegalStateException("a transaction writes at most " + MAX_ITEMS + " items");
            }
            slot = new Slot(op);
            slots.put(id, slot);
        } else {
            slot.op = combine(id, slot.op, op);
        }
        slot.handles.add(handle);
        return handle;
    }

    private static Op combine(ItemKey id, Op first, Op then) {
        if (first.kind() == Kind.UPDATE && then.kind() == Kind.UPDATE && first.condition() == null
                && then.condition() == null) {
            return new Op(Kind.UPDATE, first.table(), first.key(), null, first.update().merge(then.update()), null);
        }
        if (first.kind() == Kind.DELETE && first.condition() == null && then.kind() == Kind.PUT) {
            return then;
        }
        throw new IllegalStateException("item " + id + " is already in the transaction (" + first.kind() + " then "
                + then.kind() + "): an item is written once per transaction");
    }

    /**
     * Sends the writes: nothing when there are none, the single write itself when there is one, else one
     * TransactWriteItems. {@link TransactionCancelled} when a condition failed or DynamoDB cancelled the transaction.
     */
    public synchronized void commit() {
        if (committed) {
            throw new IllegalStateException("the transaction was already committed");
        }
        committed = true;
        if (slots.isEmpty()) {
            return;
        }
        List<Slot> ordered = List.copyOf(slots.values());
        DynamoDbClient client = ordered.get(0).op.table().client();
        if (ordered.size() == 1 && ordered.get(0).op.kind() != Kind.CHECK) {
            Slot only = ordered.get(0);
            try {
                single(client, only.op);
            } catch (ConditionalCheckFailedException e) {
                Map<Write, String> reasons = new HashMap<>();
                only.handles.forEach(h -> reasons.put(h, TransactionCancelled.CONDITION_FAILED));
                throw new TransactionCancelled("condition failed: " + only.handles.get(0), reasons, e);
            }
            return;
        }
        List<TransactWriteItem> items = ordered.stream().map(s -> item(s.op)).toList();
        try {
            client.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            Map<Write, String> reasons = new HashMap<>();
            List<String> described = new ArrayList<>();
            List<CancellationReason> given = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            for (int i = 0; i < given.size() && i < ordered.size(); i++) {
                String code = given.get(i).code();
                if (code != null && !"None".equals(code)) {
                    for (Write h : ordered.get(i).handles) {
                        reasons.put(h, code);
                    }
                    described.add(code + ": " + ordered.get(i).handles.get(0));
                }
            }
            throw new TransactionCancelled("transaction cancelled " + described, reasons, e);
        }
    }

    /** {@link #commit()}, false when DynamoDB cancelled it (for a caller to which any cancellation means "refused"). */
    public boolean tryCommit() {
        try {
            commit();
            return true;
        } catch (TransactionCancelled e) {
            return false;
        }
    }

    private static void single(DynamoDbClient client, Op op) {
        Expression e = new Expression();
        String condition = op.condition() == null ? null : op.condition().render(e);
        switch (op.kind()) {
            case PUT -> client.putItem(PutItemRequest.builder().tableName(op.table().name()).item(op.item())
                    .conditionExpression(condition).expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()).build());
            case UPDATE -> {
                String update = op.update().render(e);
                client.updateItem(UpdateItemRequest.builder().tableName(op.table().name()).key(op.key())
                        .updateExpression(update).conditionExpression(condition)
                        .expressionAttributeNames(e.names()).expressionAttributeValues(e.values()).build());
            }
            case DELETE -> client.deleteItem(DeleteItemRequest.builder().tableName(op.table().name()).key(op.key())
                    .conditionExpression(condition).expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()).build());
            case CHECK -> throw new IllegalStateException("a lone condition check is sent as a transaction");
        }
    }

    private static TransactWriteItem item(Op op) {
        Expression e = new Expression();
        String condition = op.condition() == null ? null : op.condition().render(e);
        String table = op.table().name();
        return switch (op.kind()) {
            case PUT -> TransactWriteItem.builder().put(Put.builder().tableName(table).item(op.item())
                    .conditionExpression(condition).expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()).build()).build();
            case UPDATE -> {
                String update = op.update().render(e);
                yield TransactWriteItem.builder().update(software.amazon.awssdk.services.dynamodb.model.Update
                        .builder().tableName(table).key(op.key()).updateExpression(update)
                        .conditionExpression(condition).expressionAttributeNames(e.names())
                        .expressionAttributeValues(e.values()).build()).build();
            }
            case DELETE -> TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(op.key())
                    .conditionExpression(condition).expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()).build()).build();
            case CHECK -> TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                    .key(op.key()).conditionExpression(condition).expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()).build()).build();
        };
    }
}
