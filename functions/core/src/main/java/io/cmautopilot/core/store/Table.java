package io.cmautopilot.core.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The single table (key design and access patterns in docs/DATA-MODEL.md). Generic keys {@code pk}/{@code sk} and
 * two overloaded sparse indexes: {@code gsi1} for work queues ordered by time (due targets, pending events, pollable
 * accounts, active subscriptions), {@code gsi2} for per-brand listings ordered by time (comments, posts).
 */
public record Table(DynamoDbClient client, String name) {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "gsi1";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    public static final String GSI2 = "gsi2";
    public static final String GSI2_PK = "gsi2pk";
    public static final String GSI2_SK = "gsi2sk";
    /** The inbox index: a brand's comments by tracking state ({@code BRAND#<b>#INBOX#<state>}), by receive time. */
    public static final String GSI3 = "gsi3";
    public static final String GSI3_PK = "gsi3pk";
    public static final String GSI3_SK = "gsi3sk";
    public static final String TTL = "expiresAt";

    public Table {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(name, "name");
    }

    /** Every item of a Query, following LastEvaluatedKey; for small, bounded partitions only. */
    public List<Map<String, AttributeValue>> queryAll(QueryRequest request) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = client.query(start == null ? request : request.toBuilder().exclusiveStartKey(start).build());
            out.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /**
     * One conditional update on its own; false when {@code condition} did not hold (nothing was written). For
     * several writes that must happen together, a {@link Transaction}.
     */
    public boolean update(Map<String, AttributeValue> key, Update update, Condition condition) {
        return alone(tx -> tx.update(this, key, update, condition));
    }

    /** An unconditional update on its own (counters, timestamps). */
    public void update(Map<String, AttributeValue> key, Update update) {
        alone(tx -> tx.update(this, key, update));
    }

    /**
     * One conditional update on its own, returning the item as now stored; empty when {@code condition} did not hold
     * (nothing was written).
     */
    public java.util.Optional<Map<String, AttributeValue>> updateReturning(Map<String, AttributeValue> key, Update update,
                                                                           Condition condition) {
        Written w = updateOrRead(key, update, condition);
        return w.written() ? java.util.Optional.of(w.item()) : java.util.Optional.empty();
    }

    /**
     * What a conditional update that reads back found: written, with the item as now stored; or refused, with the
     * item as it was (empty when there is none), read in the same request.
     */
    public record Written(boolean written, Map<String, AttributeValue> item) {
    }

    public Written updateOrRead(Map<String, AttributeValue> key, Update update, Condition condition) {
        Expression e = new Expression();
        String conditionExpression = condition == null ? null : condition.render(e);
        String updateExpression = update.render(e);
        try {
            return new Written(true, client.updateItem(b -> b.tableName(name).key(key)
                    .updateExpression(updateExpression).conditionExpression(conditionExpression)
                    .expressionAttributeNames(e.names()).expressionAttributeValues(e.values())
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(
                            software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure.ALL_OLD))
                    .attributes());
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException failed) {
            return new Written(false, failed.item() == null ? Map.of() : failed.item());
        }
    }

    /** One put on its own; false when {@code condition} (null: always) did not hold. */
    public boolean put(Map<String, AttributeValue> item, Condition condition) {
        return alone(tx -> tx.put(this, item, condition));
    }

    /** One delete on its own; false when {@code condition} (null: always) did not hold. */
    public boolean delete(Map<String, AttributeValue> key, Condition condition) {
        return alone(tx -> tx.delete(this, key, condition));
    }

    private static boolean alone(java.util.function.Consumer<Transaction> write) {
        Transaction tx = new Transaction();
        write.accept(tx);
        return tx.tryCommit();
    }

    /**
     * The stored form of a plain value: strings, enums (their name) and instants ({@link #iso}) as strings, whole
     * and decimal numbers as numbers, booleans, lists of these; an {@link AttributeValue} as it is. Null is refused
     * (remove the attribute instead).
     */
    public static AttributeValue value(Object value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("null is not stored: remove the attribute instead");
            case AttributeValue v -> v;
            case String v -> s(v);
            case Instant v -> time(v);
            case Enum<?> v -> s(v.name());
            case Boolean v -> bool(v);
            case Integer v -> n(v.longValue());
            case Long v -> n(v);
            case Short v -> n(v.longValue());
            case Double v -> n(v);
            case Float v -> n(v.doubleValue());
            case List<?> v -> AttributeValue.fromL(v.stream().map(Table::value).toList());
            default -> throw new IllegalArgumentException("cannot store a " + value.getClass().getSimpleName());
        };
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue n(double value) {
        return AttributeValue.fromN(Double.toString(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Instants are stored as fixed-width UTC strings with milliseconds, so that string order is time order in sort
     * keys and conditions ({@code Instant.toString()} drops zero fractions and would sort "10:00:00Z" after
     * "10:00:00.5Z").
     */
    public static String iso(Instant value) {
        return ISO_MILLIS.format(value);
    }

    public static AttributeValue time(Instant value) {
        return AttributeValue.fromS(iso(value));
    }

    /** Builds an item, skipping null values (DynamoDB has no use for them and they would cost bytes). */
    public static final class Item {
        private final Map<String, AttributeValue> values = new HashMap<>();

        public Item key(String pk, String sk) {
            values.put(PK, s(pk));
            values.put(SK, s(sk));
            return this;
        }

        public Item put(String name, String value) {
            if (value != null) {
                values.put(name, s(value));
            }
            return this;
        }

        public Item put(String name, Instant value) {
            if (value != null) {
                values.put(name, time(value));
            }
            return this;
        }

        public Item put(String name, long value) {
            values.put(name, n(value));
            return this;
        }

        public Item put(String name, boolean value) {
            values.put(name, bool(value));
            return this;
        }

        public Item put(String name, List<String> list) {
            if (list != null && !list.isEmpty()) {
                values.put(name, AttributeValue.fromL(list.stream().map(AttributeValue::fromS).toList()));
            }
            return this;
        }

        public Item put(String name, AttributeValue value) {
            if (value != null) {
                values.put(name, value);
            }
            return this;
        }

        public Map<String, AttributeValue> build() {
            return Map.copyOf(values);
        }
    }

    /** Typed reads from an item; missing attributes read as null (or the given default). */
    public record Read(Map<String, AttributeValue> item) {
        public String s(String name) {
            AttributeValue v = item.get(name);
            return v == null ? null : v.s();
        }

        public Instant time(String name) {
            String v = s(name);
            return v == null ? null : Instant.parse(v);
        }

        public long n(String name, long otherwise) {
            AttributeValue v = item.get(name);
            return v == null || v.n() == null ? otherwise : Long.parseLong(v.n());
        }

        public Integer intOrNull(String name) {
            AttributeValue v = item.get(name);
            return v == null || v.n() == null ? null : Integer.valueOf(v.n());
        }

        public boolean bool(String name) {
            AttributeValue v = item.get(name);
            return v != null && Boolean.TRUE.equals(v.bool());
        }

        public List<String> list(String name) {
            AttributeValue v = item.get(name);
            return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
        }
    }
}
