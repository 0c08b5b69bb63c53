package io.cmautopilot.core.comment;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.core.store.TransactionCancelled;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inbox side of comments (docs/DATA-MODEL.md, "Inbox"): finding a comment by its id within a brand, changing its
 * state, assignee and notes with optimistic concurrency, and the state changes automation makes (scoring's first
 * verdict, a reply that went out). The state is mirrored on gsi3 ({@code BRAND#<b>#INBOX#<state>} sorted by
 * {@code <receivedAt>#<id>}), so a state's backlog is one Query, oldest first, never a Scan.
 * <p>
 * Every write here is conditional: a person's change on the version they saw ({@code trackVersion}), automation
 * only while no person or reply has set the state ({@code stateBy} intake or scoring).
 */
public final class InboxStore {
    static final String VERSION = "trackVersion";
    private final Table table;

    public InboxStore(Table table) {
        this.table = table;
    }

    public Table table() {
        return table;
    }

    /** A comment with its inbox side. */
    public record Tracked(Comment comment, Tracking tracking) {
    }

    static String inboxPk(String brandId, CommentState state) {
        return "BRAND#" + brandId + "#INBOX#" + state.name();
    }

    static String inboxSk(Instant receivedAt, String commentId) {
        return Table.iso(receivedAt) + "#" + commentId;
    }

    /** The inbox attributes of a new comment: open, set by intake, version 0, on the open list. */
    static void initial(Map<String, AttributeValue> item, Comment c) {
        item.put("state", Table.s(CommentState.OPEN.name()));
        item.put("stateBy", Table.s(Tracking.BY_INTAKE));
        item.put("stateAt", Table.time(c.receivedAt()));
        item.put(VERSION, Table.n(0));
        item.put(Table.GSI3_PK, Table.s(inboxPk(c.brandId(), CommentState.OPEN)));
        item.put(Table.GSI3_SK, Table.s(inboxSk(c.receivedAt(), c.id())));
    }

    /**
     * A brand's comment by id, read consistently; empty when unknown or another brand's (the comment's key is inside
     * its brand: docs/DATA-MODEL.md, "Comment identity").
     */
    public Optional<Tracked> get(String brandId, String commentId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(CommentStore.key(brandId, commentId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(tracked(item));
    }

    /** The comment {@code origin} stored for a network id (its claim), read consistently. */
    public Optional<Tracked> find(CommentStore.Origin origin, Network network, String externalId) {
        return new CommentStore(table).claimed(origin, network, externalId).flatMap(id -> get(origin.brandId(), id));
    }

    /**
     * What a person changes: the state, the assignee ({@code assigneeSet} with a null assignee unassigns), a note
     * appended to the notes. {@code by} names the person when known.
     */
    public record Change(CommentState state, boolean assigneeSet, String assignee, String note, String by) {
        public boolean empty() {
            return state == null && !assigneeSet && note == null;
        }
    }

    /** The comment changed in the meantime: {@code current} is what is stored now. */
    public static final class Stale extends Conflict {
        private final transient Tracked current;

        public Stale(Tracked current) {
            super("the comment changed since version " + (current == null ? "?" : current.tracking().version())
                    + " was read");
            this.current = current;
        }

        public Tracked current() {
            return current;
        }
    }

    /**
     * Applies a person's change. With {@code expectedVersion}, only if the stored version is still that one
     * ({@link Stale} otherwise, nothing written); without, unconditionally. A note is appended atomically
     * ({@code list_append}), so two notes written at once are both kept. Returns the comment as now stored.
     */
    public Tracked change(Tracked seen, Change change, Long expectedVersion, Instant at) {
        Comment c = seen.comment();
        Update update = new Update().add(VERSION, 1).set("updatedAt", at);
        if (change.state() != null) {
            stateSet(update, c, change.state(), change.by() == null ? "person" : "person:" + change.by(), at);
        }
        if (change.assigneeSet()) {
            if (change.assignee() == null) {
                update.remove("assignee");
            } else {
                update.set("assignee", change.assignee());
            }
        }
        if (change.note() != null) {
            Map<String, AttributeValue> note = new HashMap<>();
            note.put("at", Table.time(at));
            note.put("text", Table.s(change.note()));
            if (change.by() != null) {
                note.put("by", Table.s(change.by()));
            }
            update.append("notes", List.of(AttributeValue.fromM(note)));
        }
        Condition condition = Condition.itemExists();
        if (expectedVersion != null) {
            condition = condition.and(Condition.eq(VERSION, expectedVersion));
        }
        Table.Written w = table.updateOrRead(CommentStore.key(c), update, condition);
        if (!w.written()) {
            throw new Stale(w.item().isEmpty() ? null : tracked(w.item()));
        }
        return tracked(w.item());
    }

    /** The state, who set it and when, and the comment's place on the inbox index of that state. */
    private static void stateSet(Update update, Comment c, CommentState state, String by, Instant at) {
        update.set("state", state).set("stateBy", by).set("stateAt", at)
                .set(Table.GSI3_PK, inboxPk(c.brandId(), state)).set(Table.GSI3_SK, inboxSk(c.receivedAt(), c.id()));
    }

    /**
     * The state automation decides for a scored comment, applied only while automation owns it (no person and no
     * reply has set it) and only when it differs. False when nothing changed.
     */
    public boolean settle(Comment c, CommentState decided, Instant at) {
        Update update = new Update();
        stateSet(update, c, decided, Tracking.BY_SCORING, at);
        return table.update(CommentStore.key(c), update.add(VERSION, 1), Condition.itemExists()
                .and(automationOwns()).and(Condition.notExists("state").or(Condition.ne("state", decided))));
    }

    /** No person and no reply has set the state: intake or scoring did, or nobody yet. */
    private static Condition automationOwns() {
        return Condition.notExists("stateBy").or(Condition.in("stateBy", Tracking.BY_INTAKE, Tracking.BY_SCORING));
    }

    /**
     * A reply of ours went out or was seen at {@code at}. The first one records {@code firstReplyAt} together with
     * what {@code alongside} holds (the response-time counters), exactly once per comment; every one moves the comment to
     * ANSWERED unless a person resolved or ignored it. Returns true when this was the first reply.
     */
    public boolean answered(Transaction alongside, Comment c, Instant at) {
        boolean first = false;
        Transaction.Write firstReply = alongside.update(table, CommentStore.key(c), new Update().set("firstReplyAt", at),
                Condition.itemExists().and(Condition.notExists("firstReplyAt")));
        try {
            alongside.commit();
            first = true;
        } catch (TransactionCancelled e) {
            if (!e.conditionFailed(firstReply)) {
                throw e;
            }
        }
        Update answered = new Update();
        stateSet(answered, c, CommentState.ANSWERED, Tracking.BY_REPLY, at);
        // false: already answered, or a person resolved or ignored it: their decision stands
        table.update(CommentStore.key(c), answered.add(VERSION, 1), Condition.itemExists()
                .and(Condition.ne("state", CommentState.ANSWERED))
                .and(Condition.eq("state", CommentState.OPEN).or(automationOwns())));
        return first;
    }

    /** The update that lists a reply under its comment, for the transaction that creates the reply. */
    public Transaction.Write addReply(Transaction tx, Comment c, String replyId, int maxReplies) {
        return tx.update(table, CommentStore.key(c), new Update().append("replyIds", List.of(replyId)),
                Condition.itemExists().and(Condition.notExists("replyIds").or(Condition.sizeLt("replyIds", maxReplies))));
    }

    /**
     * Records that the comment is now hidden (with why, when the suite decided it) or shown again on its network,
     * after the network confirmed it. Returns the comment as now stored.
     */
    public Optional<Tracked> setHidden(Comment c, boolean hidden, Tracking.HiddenReason reason, Instant at) {
        Update update = new Update().set("hidden", hidden).set("updatedAt", at).add(VERSION, 1);
        if (hidden) {
            update.set("hiddenAt", at);
            if (reason != null) {
                update.set("hiddenReason", Json.write(reason));
            }
        } else {
            update.set("shownAt", at).remove("hiddenReason");
        }
        return table.updateReturning(CommentStore.key(c), update, Condition.itemExists()).map(InboxStore::tracked);
    }

    /** Records why the suite hid a comment (rule, score), next to {@code hidden}, so a person can undo it. */
    public void hiddenBecause(Comment c, Tracking.HiddenReason reason) {
        // false: the comment is gone
        table.update(CommentStore.key(c), new Update().set("hiddenReason", Json.write(reason)), Condition.itemExists());
    }

    /** Open comments by how long ago they arrived: the upper bound of each age band, and how many are in it. */
    public record Backlog(long open, List<long[]> byAgeMinutes, Instant oldestReceivedAt) {
    }

    /** Upper bounds (minutes) of the backlog's age bands; the last band is open-ended. */
    public static final int[] BACKLOG_BANDS_MINUTES = {60, 240, 1440, 4320};

    /**
     * The open backlog by age: one COUNT Query per band on the brand's open list (gsi3, a key range on the receive
     * time), plus one item for the oldest. Reads only open comments: the work outstanding, not the history.
     */
    public Backlog backlog(String brandId, Instant now) {
        List<long[]> bands = new ArrayList<>();
        long open = 0;
        String upper = "~";
        for (int i = 0; i <= BACKLOG_BANDS_MINUTES.length; i++) {
            String lower = i == BACKLOG_BANDS_MINUTES.length ? "0"
                    : Table.iso(now.minus(java.time.Duration.ofMinutes(BACKLOG_BANDS_MINUTES[i])));
            long n = count(brandId, lower, upper);
            bands.add(new long[]{i == BACKLOG_BANDS_MINUTES.length ? -1 : BACKLOG_BANDS_MINUTES[i], n});
            open += n;
            upper = lower;
        }
        var oldest = table.client().query(software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                .tableName(table.name()).indexName(Table.GSI3)
                .keyConditionExpression("gsi3pk = :pk").expressionAttributeValues(Map.of(":pk",
                        Table.s(inboxPk(brandId, CommentState.OPEN)))).scanIndexForward(true).limit(1).build()).items();
        return new Backlog(open, bands, oldest.isEmpty() ? null : new Read(oldest.get(0)).time("receivedAt"));
    }

    private long count(String brandId, String lower, String upper) {
        long n = 0;
        Map<String, AttributeValue> start = null;
        do {
            var page = table.client().query(software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                    .tableName(table.name()).indexName(Table.GSI3)
                    .keyConditionExpression("gsi3pk = :pk AND gsi3sk BETWEEN :lo AND :hi")
                    .expressionAttributeValues(Map.of(":pk", Table.s(inboxPk(brandId, CommentState.OPEN)),
                            ":lo", Table.s(lower), ":hi", Table.s(upper)))
                    .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT)
                    .exclusiveStartKey(start).build());
            n += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return n;
    }

    static Tracked tracked(Map<String, AttributeValue> item) {
        Read r = new Read(item);
        Comment c = CommentStore.comment(r);
        return new Tracked(c, tracking(r));
    }

    static Tracking tracking(Read r) {
        List<Tracking.Note> notes = new ArrayList<>();
        AttributeValue n = r.item().get("notes");
        if (n != null && n.hasL()) {
            for (AttributeValue v : n.l()) {
                Read note = new Read(v.m());
                notes.add(new Tracking.Note(note.time("at"), note.s("by"), note.s("text")));
            }
        }
        String reason = r.s("hiddenReason");
        return new Tracking(CommentState.parse(r.s("state")).orElse(CommentState.OPEN), r.s("stateBy"),
                r.time("stateAt"), r.s("assignee"), notes, r.n(VERSION, 0), r.time("editedAt"), r.time("hiddenAt"),
                reason == null ? null : Json.read(reason, Tracking.HiddenReason.class), r.time("removedAt"),
                r.time("firstReplyAt"), r.list("replyIds"));
    }
}
