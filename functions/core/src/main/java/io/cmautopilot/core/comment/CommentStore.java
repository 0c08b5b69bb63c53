package io.cmautopilot.core.comment;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.Page;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Item;
import io.cmautopilot.core.store.Table.Read;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.core.store.TransactionCancelled;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Comments (access patterns in docs/DATA-MODEL.md):
 * <ul>
 *   <li>comment: {@code COMMENT#<brand>#<commentId> / COMMENT}: our own id inside the brand's namespace, so an id a
 *       client sends can never address another brand's comment</li>
 *   <li>claim of a network id: {@code CLAIM#<brand>#<source>#<network>#<externalId> / CLAIM}, written in the same
 *       transaction as the comment. The source is the account the platform delivered to (a signed webhook routed
 *       by the account's own id, or a poller reading that account), or {@code ~relay} for the brand's generic
 *       relay. The first write of a claim wins and every re-delivery to the same source is a no-op (Meta retries
 *       webhooks for up to 36 hours); nobody else can pre-empt or probe it, because no other source writes or reads
 *       that key.</li>
 *   <li>per-brand listing, newest first: gsi2 {@code BRAND#<b>#COMMENTS} sorted by {@code <createdAt>#<id>}</li>
 *   <li>not yet announced on the bus: sparse gsi1 {@code PENDING#COMMENT} sorted by time; the mark is written with the
 *       comment and removed once {@code CommentReceived} was accepted, so a sweeper can re-emit what the bus refused</li>
 * </ul>
 */
public final class CommentStore {
    public static final String PENDING = "PENDING#COMMENT";
    /** The source name of a brand's generic relay; account ids never start with '~'. */
    public static final String RELAY = "~relay";
    private static final TypeReference<List<Flag>> FLAGS = new TypeReference<>() {
    };
    private final Table table;

    public CommentStore(Table table) {
        this.table = table;
    }

    /**
     * Who may claim a network id: a brand's account (what the platform itself delivered or what a poller read for
     * that account) or the brand's relay. Claims of different origins never collide.
     */
    public record Origin(String brandId, String source) {
        public Origin {
            java.util.Objects.requireNonNull(brandId, "brandId");
            java.util.Objects.requireNonNull(source, "source");
        }

        public static Origin account(String brandId, String accountId) {
            return new Origin(brandId, accountId);
        }

        public static Origin relay(String brandId) {
            return new Origin(brandId, RELAY);
        }
    }

    private static String pk(String brandId, String commentId) {
        return "COMMENT#" + brandId + "#" + commentId;
    }

    /** The key of a comment; package-visible for the stores of this package that update comment items. */
    static Map<String, AttributeValue> key(String brandId, String commentId) {
        return Table.key(pk(brandId, commentId), "COMMENT");
    }

    static Map<String, AttributeValue> key(Comment c) {
        return key(c.brandId(), c.id());
    }

    private static Map<String, AttributeValue> claimKey(Origin o, Network network, String externalId) {
        return Table.key("CLAIM#" + o.brandId() + "#" + o.source() + "#" + network.id() + "#" + externalId, "CLAIM");
    }

    private static String pendingSk(Instant at, String brandId, String commentId) {
        return Table.iso(at) + "#" + brandId + "#" + commentId;
    }

    /**
     * Stores a new comment with its pending mark and its claim of {@code (network, externalId)} for {@code origin};
     * false (and nothing written) when that origin already claimed it.
     */
    public boolean insert(Comment c, Origin origin) {
        if (!origin.brandId().equals(c.brandId())) {
            throw new IllegalArgumentException("a comment is claimed in its own brand's namespace only");
        }
        Map<String, AttributeValue> item = new HashMap<>(item(c));
        item.put("source", Table.s(origin.source()));
        item.put(Table.GSI1_PK, Table.s(PENDING));
        item.put(Table.GSI1_SK, Table.s(pendingSk(c.receivedAt(), c.brandId(), c.id())));
        InboxStore.initial(item, c);
        Map<String, AttributeValue> claim = new HashMap<>(claimKey(origin, c.network(), c.externalId()));
        claim.put("type", Table.s("claim"));
        claim.put("commentId", Table.s(c.id()));
        // Two deliveries of the same comment at the same moment can make DynamoDB cancel one transaction with
        // TransactionConflict instead of a failed condition; tried again, it finds the claim and is a duplicate.
        for (int attempt = 1; ; attempt++) {
            Transaction tx = new Transaction();
            Transaction.Write claimed = tx.put(table, claim, Condition.itemAbsent());
            tx.put(table, item, Condition.itemAbsent());
            try {
                tx.commit();
                return true;
            } catch (TransactionCancelled e) {
                if (e.conditionFailed(claimed)) {
                    return false;
                }
                if (!e.conflict() || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** A comment by our id, inside its brand; empty for an id of another brand. */
    public Optional<Comment> get(String brandId, String commentId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(key(brandId, commentId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(comment(new Read(item)));
    }

    /**
     * Who stored a brand's comment (the account or the relay whose claim it holds), so its parent is looked up in
     * the same claim namespace (docs/DATA-MODEL.md, pattern 53); one GetItem projecting {@code source}.
     */
    public Optional<Origin> origin(String brandId, String commentId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(key(brandId, commentId)).projectionExpression("#s")
                .expressionAttributeNames(Map.of("#s", "source")).build()).item();
        String source = item == null ? null : new Read(item).s("source");
        return source == null ? Optional.empty() : Optional.of(new Origin(brandId, source));
    }

    /** The id of the comment {@code origin} stored for {@code (network, externalId)}, if it did. */
    public Optional<String> claimed(Origin origin, Network network, String externalId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(claimKey(origin, network, externalId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(new Read(item).s("commentId"));
    }

    /** The comment {@code origin} stored for {@code (network, externalId)}, if it did. */
    public Optional<Comment> find(Origin origin, Network network, String externalId) {
        return claimed(origin, network, externalId).flatMap(id -> get(origin.brandId(), id));
    }

    /** Removes the pending mark once the bus accepted the comment's event. */
    public void clearPending(Comment c) {
        if (!table.update(key(c), new Update().remove(Table.GSI1_PK, Table.GSI1_SK), Condition.itemExists())) {
            throw new Conflict("comment '" + c.id() + "' does not exist");
        }
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
    public Optional<Comment> edit(Origin origin, Network network, String externalId, String newText, Instant at) {
        Optional<String> id = claimed(origin, network, externalId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return table.updateReturning(key(origin.brandId(), id.get()), new Update().set("text", newText)
                        .set("editedAt", at).set(Table.GSI1_PK, PENDING)
                        .set(Table.GSI1_SK, pendingSk(at, origin.brandId(), id.get())).add("version", 1),
                Condition.itemExists().and(Condition.ne("text", newText))).map(attrs -> comment(new Read(attrs)));
    }

    /**
     * Fills the text (and author handle) of a comment the platform announced without them (an Instagram @mention
     * arrives as ids only). Only an empty text is filled, so a fill never overwrites what a webhook or an edit wrote;
     * the version does not change, since this is the first text the comment has.
     */
    public Optional<Comment> fillText(Comment c, String text, String authorHandle, Instant at) {
        Update fill = new Update().set("text", text).set("textFilledAt", at);
        if (authorHandle != null) {
            fill.set("authorHandle", authorHandle);
        }
        return table.updateReturning(key(c), fill, Condition.itemExists().and(Condition.eq("text", "")))
                .map(attrs -> comment(new Read(attrs)));
    }

    /** Marks a comment removed on its network; false when unknown or already removed. */
    public boolean markRemoved(Origin origin, Network network, String externalId, Instant at) {
        return claimed(origin, network, externalId).map(id -> setOnce(origin.brandId(), id, "removed", at))
                .orElse(false);
    }

    /** Records that the suite hid the comment on its network; false when unknown or already hidden. */
    public boolean markHidden(Comment c, Instant at) {
        return setOnce(c.brandId(), c.id(), "hidden", at);
    }

    private boolean setOnce(String brandId, String commentId, String flag, Instant at) {
        return table.update(key(brandId, commentId), new Update().set(flag, true).set(flag + "At", at),
                Condition.itemExists().and(Condition.absentOrEq(flag, false)));
    }

    /**
     * Records the score of one version of a comment in {@code tx} (with what the caller added: counter increments,
     * highlights) and commits it. Only the first score of a version wins: a re-delivered message finds
     * {@code scoredVersion} set and changes nothing, counters included. Returns false in that case;
     * {@link TransactionCancelled} when the transaction was cancelled for another reason.
     */
    public boolean applyScore(Transaction tx, Comment c, Sentiment sentiment, List<Flag> flags, Instant at) {
        Update score = new Update().set("scoredVersion", c.version()).set("sentiment", Json.write(sentiment))
                .set("sentimentLabel", sentiment.label()).set("flags", Json.write(flags)).set("scoredAt", at);
        if (flags.isEmpty()) {
            score.remove("flagTypes");
        } else {
            score.set("flagTypes", AttributeValue.fromSs(flags.stream().map(f -> f.type().name()).distinct().toList()));
        }
        Transaction.Write write = tx.update(table, key(c), score, Condition.eq("version", c.version())
                .and(Condition.notExists("scoredVersion").or(Condition.lt("scoredVersion", c.version()))));
        try {
            tx.commit();
            return true;
        } catch (TransactionCancelled e) {
            if (e.conditionFailed(write)) {
                return false;
            }
            throw e;
        }
    }

    /** {@link #applyScore(Transaction, Comment, Sentiment, List, Instant)} with nothing else to write. */
    public boolean applyScore(Comment c, Sentiment sentiment, List<Flag> flags, Instant at) {
        return applyScore(new Transaction(), c, sentiment, flags, at);
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
        // Defence in depth behind the API's signed cursor (core.store.CursorCodec): a start key must lie in this
        // brand's listing, so even a forged one cannot move the query into another brand's data.
        if (start != null && (start.get(pkName) == null || start.get(skName) == null
                || !values.get(":pk").equals(start.get(pkName))
                || !start.get(Table.PK).s().startsWith("COMMENT#" + brandId + "#"))) {
            throw new IllegalArgumentException("cursor is not valid");
        }
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
        return new Item().put(Table.PK, pk(c.brandId(), c.id())).put(Table.SK, "COMMENT")
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
