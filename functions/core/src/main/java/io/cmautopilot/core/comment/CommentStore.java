package io.cmautopilot.core.comment;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Page;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Item;
import io.cmautopilot.core.store.Table.Read;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Comments (access patterns in docs/DATA-MODEL.md):
 * <ul>
 *   <li>comment: {@code COMMENT#<network>#<externalId> / COMMENT}: the natural key makes the first write win and
 *       every re-delivery a no-op (Meta retries webhooks for up to 36 hours)</li>
 *   <li>per-brand listing, newest first: gsi2 {@code BRAND#<b>#COMMENTS} sorted by {@code <createdAt>#<id>}</li>
 *   <li>not yet announced on the bus: sparse gsi1 {@code PENDING#COMMENT} sorted by time; the mark is written with the
 *       comment and removed once {@code CommentReceived} was accepted, so a sweeper can re-emit what the bus refused</li>
 * </ul>
 */
public final class CommentStore {
    public static final String PENDING = "PENDING#COMMENT";
    private static final TypeReference<List<Flag>> FLAGS = new TypeReference<>() {
    };
    private final Table table;

    public CommentStore(Table table) {
        this.table = table;
    }

    static Map<String, AttributeValue> key(Network network, String externalId) {
        return Table.key("COMMENT#" + network.id() + "#" + externalId, "COMMENT");
    }

    private static String pendingSk(Instant at, Network network, String externalId) {
        return Table.iso(at) + "#" + network.id() + "#" + externalId;
    }

    /** Stores a new comment with its pending mark; false (and nothing written) when it is already stored. */
    public boolean insert(Comment c) {
        Map<String, AttributeValue> item = new HashMap<>(item(c));
        item.put(Table.GSI1_PK, Table.s(PENDING));
        item.put(Table.GSI1_SK, Table.s(pendingSk(c.receivedAt(), c.network(), c.externalId())));
        InboxStore.initial(item, c);
        // With it, its reference by id in the brand (GET /v1/brands/{brand}/comments/{id}), both or neither.
        try {
            table.client().transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item)
                            .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                            .item(InboxStore.refItem(c)).conditionExpression("attribute_not_exists(pk)").build())
                            .build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().noneMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                throw e;
            }
            return false;
        }
    }

    public Optional<Comment> get(Network network, String externalId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(key(network, externalId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(comment(new Read(item)));
    }

    /** Removes the pending mark once the bus accepted the comment's event. */
    public void clearPending(Network network, String externalId) {
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name()).key(key(network, externalId))
                .conditionExpression("attribute_exists(pk)").updateExpression("REMOVE gsi1pk, gsi1sk").build());
    }

    /** Comments whose event the bus has not accepted, marked before {@code before}, oldest first. */
    public List<Comment> pending(Instant before, int limit) {
        QueryResponse page = table.client().query(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI1)
                .keyConditionExpression("gsi1pk = :pk AND gsi1sk < :before")
                .expressionAttributeValues(Map.of(":pk", Table.s(PENDING), ":before", Table.s(Table.iso(before))))
                .limit(limit).build());
        return page.items().stream().map(i -> comment(new Read(i))).toList();
    }

    /**
     * Applies an edit: new text, version + 1, a fresh pending mark so it is announced (and scored) again. A
     * re-delivered edit with the same text changes nothing and returns empty.
     */
    public Optional<Comment> edit(Network network, String externalId, String newText, Instant at) {
        try {
            var attrs = table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(key(network, externalId))
                    .conditionExpression("attribute_exists(pk) AND #t <> :t")
                    .updateExpression("SET #t = :t, editedAt = :at, gsi1pk = :pending, gsi1sk = :psk ADD version :one")
                    .expressionAttributeNames(Map.of("#t", "text"))
                    .expressionAttributeValues(Map.of(":t", Table.s(newText), ":at", Table.time(at),
                            ":pending", Table.s(PENDING), ":psk", Table.s(pendingSk(at, network, externalId)),
                            ":one", Table.n(1)))
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(comment(new Read(attrs)));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Fills the text (and author handle) of a comment the platform announced without them (an Instagram @mention
     * arrives as ids only). Only an empty text is filled, so a fill never overwrites what a webhook or an edit wrote;
     * the version does not change, since this is the first text the comment has.
     */
    public Optional<Comment> fillText(Network network, String externalId, String text, String authorHandle,
                                      Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":empty", Table.s(""));
        values.put(":t", Table.s(text));
        values.put(":at", Table.time(at));
        String set = "SET #t = :t, textFilledAt = :at";
        if (authorHandle != null) {
            set += ", authorHandle = :h";
            values.put(":h", Table.s(authorHandle));
        }
        try {
            var attrs = table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(key(network, externalId)).conditionExpression("attribute_exists(pk) AND #t = :empty")
                    .updateExpression(set).expressionAttributeNames(Map.of("#t", "text"))
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(comment(new Read(attrs)));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Marks a comment removed on its network; false when unknown or already removed. */
    public boolean markRemoved(Network network, String externalId, Instant at) {
        return setOnce(network, externalId, "removed", at);
    }

    /** Records that the suite hid the comment on its network; false when unknown or already hidden. */
    public boolean markHidden(Network network, String externalId, Instant at) {
        return setOnce(network, externalId, "hidden", at);
    }

    private boolean setOnce(Network network, String externalId, String flag, Instant at) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name()).key(key(network, externalId))
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#f) OR #f = :false)")
                    .updateExpression("SET #f = :true, #fat = :at")
                    .expressionAttributeNames(Map.of("#f", flag, "#fat", flag + "At"))
                    .expressionAttributeValues(Map.of(":true", Table.bool(true), ":false", Table.bool(false),
                            ":at", Table.time(at))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Records the score of one version of a comment, together with {@code alsoWrite} (counter increments), in one
     * transaction. Only the first score of a version wins: a re-delivered message finds {@code scoredVersion} set and
     * changes nothing, counters included. Returns false in that case.
     */
    public boolean applyScore(Comment c, Sentiment sentiment, List<Flag> flags, Instant at,
                              List<TransactWriteItem> alsoWrite) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":v", Table.n(c.version()));
        values.put(":sentiment", Table.s(Json.write(sentiment)));
        values.put(":label", Table.s(sentiment.label().name()));
        values.put(":flags", Table.s(Json.write(flags)));
        values.put(":at", Table.time(at));
        String set = "SET scoredVersion = :v, sentiment = :sentiment, sentimentLabel = :label, flags = :flags, scoredAt = :at";
        String remove = "";
        if (flags.isEmpty()) {
            remove = " REMOVE flagTypes";
        } else {
            values.put(":types", AttributeValue.fromSs(flags.stream().map(f -> f.type().name()).distinct().toList()));
            set += ", flagTypes = :types";
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(key(c.network(), c.externalId()))
                .conditionExpression("version = :v AND (attribute_not_exists(scoredVersion) OR scoredVersion < :v)")
                .updateExpression(set + remove).expressionAttributeValues(values).build()).build());
        writes.addAll(alsoWrite);
        try {
            table.client().transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().isEmpty()
                    || !"ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                throw e;
            }
            return false;
        }
    }

    /** Filters of the comments listing; null fields do not filter. */
    public record Query(Instant since, Instant until, Network network, Sentiment.Label sentiment, Flag.Type flag,
                        int limit, String cursor, CommentState state, String assignee, Boolean needsReply,
                        Instant receivedBefore) {
        public Query(Instant since, Instant until, Network network, Sentiment.Label sentiment, Flag.Type flag,
                     int limit, String cursor) {
            this(since, until, network, sentiment, flag, limit, cursor, null, null, null, null);
        }
    }

    /**
     * A brand's comments, newest first, in {@code [since, until)}, filtered, one page at a time. The cursor is the
     * key of the last comment returned, so a page cut short by the limit resumes exactly after it.
     * {@link IllegalArgumentException} on a cursor that is not ours.
     */
    public Page<Comment> list(String brandId, Query q) {
        return list(brandId, q, i -> comment(new Read(i)));
    }

    /** {@link #list(String, Query)} with each comment's inbox side (state, assignee, notes, version). */
    public Page<InboxStore.Tracked> listTracked(String brandId, Query q) {
        return list(brandId, q, InboxStore::tracked);
    }

    private <T> Page<T> list(String brandId, Query q, java.util.function.Function<Map<String, AttributeValue>, T> read) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> filters = new ArrayList<>();
        String index;
        String pkName;
        String skName;
        if (q.state() != null) {
            // One state's list on the inbox index (gsi3, by receive time): the backlog, never the whole history.
            index = Table.GSI3;
            pkName = Table.GSI3_PK;
            skName = Table.GSI3_SK;
            values.put(":pk", Table.s(InboxStore.inboxPk(brandId, q.state())));
            values.put(":from", Table.s("0"));
            values.put(":to", Table.s(q.receivedBefore() == null ? "~" : Table.iso(q.receivedBefore())));
            if (q.since() != null) {
                filters.add("createdAt >= :since");
                values.put(":since", Table.time(q.since()));
            }
            if (q.until() != null) {
                filters.add("createdAt < :until");
                values.put(":until", Table.time(q.until()));
            }
        } else {
            index = Table.GSI2;
            pkName = Table.GSI2_PK;
            skName = Table.GSI2_SK;
            values.put(":pk", Table.s("BRAND#" + brandId + "#COMMENTS"));
            values.put(":from", Table.s(q.since() == null ? "0" : Table.iso(q.since())));
            Instant to = q.until();
            if (q.receivedBefore() != null) {
                // a comment is created before it is received: the received bound also bounds the key range
                to = to == null || q.receivedBefore().isBefore(to) ? q.receivedBefore() : to;
                filters.add("receivedAt < :rb");
                values.put(":rb", Table.time(q.receivedBefore()));
            }
            values.put(":to", Table.s(to == null ? "~" : Table.iso(to)));
        }
        if (q.network() != null) {
            filters.add("#net = :net");
            names.put("#net", "network");
            values.put(":net", Table.s(q.network().id()));
        }
        if (q.sentiment() != null) {
            filters.add("sentimentLabel = :label");
            values.put(":label", Table.s(q.sentiment().name()));
        }
        if (q.flag() != null) {
            filters.add("contains(flagTypes, :flag)");
            values.put(":flag", Table.s(q.flag().name()));
        }
        if (q.assignee() != null) {
            filters.add("assignee = :assignee");
            values.put(":assignee", Table.s(q.assignee()));
        }
        if (q.needsReply() != null) {
            values.put(":nr", Table.s(Flag.Type.NEEDS_REPLY.name()));
            filters.add(q.needsReply() ? "contains(flagTypes, :nr)"
                    : "(attribute_not_exists(flagTypes) OR NOT contains(flagTypes, :nr))");
        }
        int limit = Math.max(1, Math.min(q.limit() <= 0 ? 50 : q.limit(), 200));
        QueryRequest.Builder request = QueryRequest.builder().tableName(table.name()).indexName(index)
                .keyConditionExpression(pkName + " = :pk AND " + skName + " BETWEEN :from AND :to")
                .expressionAttributeValues(values).scanIndexForward(false).limit(Math.max(limit, 25));
        if (!filters.isEmpty()) {
            request.filterExpression(String.join(" AND ", filters));
        }
        if (!names.isEmpty()) {
            request.expressionAttributeNames(names);
        }
        Map<String, AttributeValue> start = Page.decode(q.cursor());
        List<T> items = new ArrayList<>();
        Map<String, AttributeValue> lastReturned = null;
        boolean more = false;
        do {
            QueryResponse page = table.client().query(request.exclusiveStartKey(start).build());
            for (var item : page.items()) {
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(read.apply(item));
                lastReturned = item;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            more |= items.size() == limit && start != null;
        } while (items.size() < limit && start != null);
        String cursor = null;
        if (more && lastReturned != null) {
            cursor = Page.encode(Map.of(Table.PK, lastReturned.get(Table.PK), Table.SK, lastReturned.get(Table.SK),
                    pkName, lastReturned.get(pkName), skName, lastReturned.get(skName)));
        }
        return new Page<>(items, cursor);
    }

    private Map<String, AttributeValue> item(Comment c) {
        return new Item().put(Table.PK, "COMMENT#" + c.network().id() + "#" + c.externalId()).put(Table.SK, "COMMENT")
                .put("type", "comment").put("id", c.id()).put("brandId", c.brandId()).put("accountId", c.accountId())
                .put("network", c.network().id()).put("externalId", c.externalId())
                .put("parentExternalId", c.parentExternalId()).put("postId", c.postId())
                .put("authorId", c.author().id()).put("authorHandle", c.author().handle())
                .put("authorName", c.author().name()).put("text", c.text()).put("language", c.language())
                .put("createdAt", c.createdAt()).put("receivedAt", c.receivedAt()).put("permalink", c.permalink())
                .put("kind", c.kind().name()).put("version", c.version())
                .put("sentiment", c.sentiment() == null ? null : Json.write(c.sentiment()))
                .put("sentimentLabel", c.sentiment() == null ? null : c.sentiment().label().name())
                .put("flags", c.flags().isEmpty() ? null : Json.write(c.flags()))
                .put("scoredVersion", c.scoredVersion() == null ? null : Table.n(c.scoredVersion()))
                .put("removed", c.removed()).put("hidden", c.hidden())
                .put(Table.GSI2_PK, "BRAND#" + c.brandId() + "#COMMENTS")
                .put(Table.GSI2_SK, Table.iso(c.createdAt()) + "#" + c.id()).build();
    }

    static Comment comment(Read r) {
        String sentiment = r.s("sentiment");
        String flags = r.s("flags");
        return new Comment(r.s("id"), r.s("brandId"), r.s("accountId"), Network.of(r.s("network")),
                r.s("externalId"), r.s("parentExternalId"), r.s("postId"),
                new Comment.Author(r.s("authorId"), r.s("authorHandle"), r.s("authorName")), r.s("text"),
                r.s("language"), r.time("createdAt"), r.time("receivedAt"), r.s("permalink"),
                Comment.Kind.valueOf(r.s("kind")), (int) r.n("version", 1),
                sentiment == null ? null : Json.read(sentiment, Sentiment.class),
                flags == null ? List.of() : Json.MAPPER.convertValue(Json.tree(flags), FLAGS),
                r.intOrNull("scoredVersion"), r.bool("removed"), r.bool("hidden"));
    }
}
