package io.cmautopilot.core.post;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Conflict;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts and their targets (access patterns in docs/DATA-MODEL.md):
 * <ul>
 *   <li>post: {@code POST#<id> / POST}; listed per brand by publish time on gsi2 {@code BRAND#<b>#POSTS}</li>
 *   <li>target: {@code POST#<id> / TARGET#<accountId>}; while the publisher has work on it, on the sparse gsi1
 *       {@code DUE} sorted by {@code <dueAt>#<postId>#<accountId>}</li>
 *   <li>published remote id: {@code REMOTE#<brand>#<network>#<remoteId> / REMOTE} (links incoming replies to our
 *       post; in the brand's namespace, because remote ids are unique only per instance on Mastodon and a
 *       brand-less key let one brand's publication overwrite another's)</li>
 * </ul>
 * Every state change of a target is a conditional update on its current state, so concurrent publishers cannot both
 * win a claim and a publisher that lost its lease cannot overwrite the new owner's result.
 */
public final class PostStore {
    public static final String DUE = "DUE";
    private static final TypeReference<Map<Network, String>> VARIANTS = new TypeReference<>() {
    };
    private static final TypeReference<List<Post.Media>> MEDIA = new TypeReference<>() {
    };
    private final Table table;

    public PostStore(Table table) {
        this.table = table;
    }

    /** The brands' publishing switches, in the same table. */
    public PublishingStore publishing() {
        return new PublishingStore(table);
    }

    private static String postPk(String postId) {
        return "POST#" + postId;
    }

    private static String targetSk(String accountId) {
        return "TARGET#" + accountId;
    }

    private static String dueSk(Instant dueAt, String postId, String accountId) {
        return Table.iso(dueAt) + "#" + postId + "#" + accountId;
    }

    /** Stores a post and all its targets atomically; {@link Conflict} if the id exists. At most 99 targets. */
    public void create(Post post) {
        if (post.targets().size() > 99) {
            throw new IllegalArgumentException("a post has at most 99 targets");
        }
        Transaction tx = new Transaction();
        tx.put(table, postItem(post), Condition.itemAbsent());
        post.targets().forEach(t -> tx.put(table, targetItem(t), Condition.itemAbsent()));
        try {
            tx.commit();
        } catch (TransactionCancelled e) {
            throw new Conflict("post '" + post.id() + "' already exists");
        }
    }

    /** The post with its targets, read consistently. */
    public Optional<Post> get(String postId) {
        var items = table.queryAll(QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", Table.s(postPk(postId))))
                .build());
        Post post = null;
        List<PostTarget> targets = new ArrayList<>();
        for (var item : items) {
            Read r = new Read(item);
            if ("POST".equals(r.s(Table.SK))) {
                post = post(r);
            } else {
                targets.add(target(r));
            }
        }
        return Optional.ofNullable(post).map(p -> p.withTargets(targets));
    }

    /** A brand's posts whose publish time is in {@code [from, to)}, oldest first, with their targets. */
    public List<Post> listByBrand(String brandId, Instant from, Instant to, int limit) {
        QueryResponse page = table.client().query(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI2)
                .keyConditionExpression("gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", Table.s("BRAND#" + brandId + "#POSTS"),
                        ":from", Table.s(Table.iso(from)), ":to", Table.s(Table.iso(to))))
                .limit(limit).build());
        List<Post> out = new ArrayList<>();
        for (var item : page.items()) {
            get(new Read(item).s("id")).ifPresent(out::add);
        }
        return out;
    }

    /**
     * One page of a brand's posts whose publish time is in {@code [from, to)}, oldest first, with their targets,
     * keeping only those {@code filter} accepts; the filter runs before the limit, so a page is never cut short by
     * posts it drops. A post's status is derived from its targets, hence filtered here rather than in DynamoDB; at
     * most {@code maxExamined} posts are read per call, and a page that reached that bound ends with a cursor even
     * when it has fewer than {@code limit} items (the usual DynamoDB contract: continue while there is a cursor).
     * The cursor is the listing key of the last post examined; {@link IllegalArgumentException} for a cursor that is
     * not a position in this brand's listing.
     */
    public io.cmautopilot.core.store.Page<Post> page(String brandId, Instant from, Instant to,
                                                     java.util.function.Predicate<Post> filter, int limit,
                                                     String cursor, int maxExamined) {
        String listing = "BRAND#" + brandId + "#POSTS";
        Map<String, AttributeValue> start = io.cmautopilot.core.store.Page.decode(cursor);
        if (start != null && (!Table.s(listing).equals(start.get(Table.GSI2_PK)) || start.get(Table.GSI2_SK) == null
                || !start.get(Table.PK).s().startsWith("POST#"))) {
            throw new IllegalArgumentException("cursor is not valid");
        }
        List<Post> out = new ArrayList<>();
        int examined = 0;
        Map<String, AttributeValue> lastExamined = null;
        boolean more;
        outer:
        do {
            QueryResponse page = table.client().query(QueryRequest.builder().tableName(table.name())
                    .indexName(Table.GSI2).keyConditionExpression("gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", Table.s(listing), ":from", Table.s(Table.iso(from)),
                            ":to", Table.s(Table.iso(to))))
                    .exclusiveStartKey(start).limit(Math.min(100, maxExamined)).build());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            more = start != null;
            for (int i = 0; i < page.items().size(); i++) {
                var item = page.items().get(i);
                if (out.size() == limit || examined == maxExamined) {
                    more = true;
                    break outer;
                }
                examined++;
                lastExamined = item;
                get(new Read(item).s("id")).filter(filter).ifPresent(out::add);
            }
        } while (more && out.size() < limit && examined < maxExamined);
        String next = null;
        if (more && lastExamined != null) {
            next = io.cmautopilot.core.store.Page.encode(Map.of(Table.PK, lastExamined.get(Table.PK),
                    Table.SK, lastExamined.get(Table.SK), Table.GSI2_PK, lastExamined.get(Table.GSI2_PK),
                    Table.GSI2_SK, lastExamined.get(Table.GSI2_SK)));
        }
        return new io.cmautopilot.core.store.Page<>(out, next);
    }

    /**
     * Targets the publisher must look at by {@code now}, oldest due first: scheduled, retry-waiting, and publishing
     * ones whose lease ended. Reads only the sparse due index; the result is eventually consistent, which is safe
     * because every action on a target is conditional on the state seen here.
     */
    public List<PostTarget> dueTargets(Instant now, int limit) {
        QueryResponse page = table.client().query(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI1)
                .keyConditionExpression("gsi1pk = :pk AND gsi1sk <= :now")
                .expressionAttributeValues(Map.of(":pk", Table.s(DUE), ":now", Table.s(Table.iso(now) + "~")))
                .limit(limit).build());
        return page.items().stream().map(i -> target(new Read(i))).toList();
    }

    /**
     * Claims a target seen on the due index for {@code owner} until {@code leaseUntil}. Succeeds only if the target
     * is still in the state seen (due and SCHEDULED/RETRY, or PUBLISHING with the very lease seen, now expired);
     * exactly one of several concurrent claimers wins. The winner gets the target as now stored.
     */
    public Optional<PostTarget> claim(PostTarget seen, String owner, Instant now, Instant leaseUntil) {
        Condition condition;
        if (seen.status() == TargetStatus.PUBLISHING) {
            condition = Condition.eq("status", seen.status()).and(Condition.eq("leaseUntil", seen.leaseUntil()))
                    .and(Condition.le("leaseUntil", now));
        } else if (seen.status() == TargetStatus.SCHEDULED || seen.status() == TargetStatus.RETRY) {
            condition = Condition.eq("status", seen.status()).and(Condition.le("dueAt", now));
        } else {
            return Optional.empty();
        }
        Update claim = new Update().set("status", TargetStatus.PUBLISHING).set("leaseOwner", owner)
                .set("leaseUntil", leaseUntil).set("dueAt", leaseUntil)
                .set(Table.GSI1_SK, dueSk(leaseUntil, seen.postId(), seen.accountId())).set("updatedAt", now)
                .add("attempts", 1);
        return claimWhileNotPaused(seen, claim, condition);
    }

    /**
     * Runs a claim in one transaction with a check that the brand's publishing is not paused
     * ({@link PublishingStore}), so no claim can win once a pause is stored; then reads the claimed target back.
     */
    private Optional<PostTarget> claimWhileNotPaused(PostTarget seen, Update claim, Condition condition) {
        var key = Table.key(postPk(seen.postId()), targetSk(seen.accountId()));
        if (io.cmautopilot.core.reply.Reply.isReply(seen.postId())) {
            // a reply a person sent is not held by a pause (docs/PUBLISHING.md, "Pause")
            if (!table.update(key, claim, condition)) {
                return Optional.empty();
            }
            return getTarget(seen.postId(), seen.accountId());
        }
        Transaction tx = new Transaction();
        PublishingStore.notPaused(tx, table, seen.brandId());
        tx.update(table, key, claim, condition);
        if (!tx.tryCommit()) {
            return Optional.empty();
        }
        return getTarget(seen.postId(), seen.accountId());
    }

    /** One target, read consistently. */
    public Optional<PostTarget> getTarget(String postId, String accountId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name()).consistentRead(true)
                .key(Table.key(postPk(postId), targetSk(accountId))).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(target(new Read(item)));
    }

    /**
     * Claims the first comment of a published target: PENDING, or POSTING with the very lease seen, now expired.
     * Exactly one concurrent claimer wins; the target stays on the due index at the lease's end, so a publisher that
     * dies mid-comment leaves it for the next one to classify.
     */
    public Optional<PostTarget> claimComment(PostTarget seen, String owner, Instant now, Instant leaseUntil) {
        if (seen.status() != TargetStatus.PUBLISHED || seen.comment() == null) {
            return Optional.empty();
        }
        Condition published = Condition.eq("status", TargetStatus.PUBLISHED);
        Condition condition;
        if (seen.comment().status() == PostTarget.CommentStatus.PENDING) {
            condition = published.and(Condition.eq("fcStatus", PostTarget.CommentStatus.PENDING));
        } else if (seen.comment().status() == PostTarget.CommentStatus.POSTING && seen.comment().leaseUntil() != null) {
            condition = published.and(Condition.eq("fcStatus", PostTarget.CommentStatus.POSTING))
                    .and(Condition.eq("fcLeaseUntil", seen.comment().leaseUntil()))
                    .and(Condition.le("fcLeaseUntil", now));
        } else {
            return Optional.empty();
        }
        Update claim = new Update().set("fcStatus", PostTarget.CommentStatus.POSTING).set("fcLeaseOwner", owner)
                .set("fcLeaseUntil", leaseUntil).set(Table.GSI1_SK, dueSk(leaseUntil, seen.postId(), seen.accountId()))
                .set("updatedAt", now).add("fcAttempts", 1);
        return claimWhileNotPaused(seen, claim, condition);
    }

    /**
     * Records the first comment's outcome while {@code owner} holds its lease: POSTED, FAILED or UNCONFIRMED take the
     * target off the due index; PENDING (a retry) puts it back at {@code nextDueAt}. False when the lease was lost.
     */
    public boolean finishComment(PostTarget claimed, String owner, PostTarget.CommentStatus status, String remoteId,
                                 String error, Instant nextDueAt, Instant now) {
        Update update = new Update().set("fcStatus", status).set("updatedAt", now).remove("fcLeaseOwner", "fcLeaseUntil");
        if (remoteId != null) {
            update.set("fcRemoteId", remoteId);
        }
        if (error != null) {
            update.set("fcError", truncate(error, 2000));
        } else {
            update.remove("fcError");
        }
        if (status == PostTarget.CommentStatus.PENDING) {
            Instant next = nextDueAt == null ? now : nextDueAt;
            update.set(Table.GSI1_PK, DUE).set(Table.GSI1_SK, dueSk(next, claimed.postId(), claimed.accountId()));
        } else {
            update.remove(Table.GSI1_PK, Table.GSI1_SK);
        }
        return table.update(Table.key(postPk(claimed.postId()), targetSk(claimed.accountId())), update,
                Condition.eq("fcStatus", PostTarget.CommentStatus.POSTING).and(Condition.eq("fcLeaseOwner", owner)));
    }

    /**
     * Moves a due target of a paused brand off the due index onto the brand's held list ({@code HELD#<brandId>} on
     * gsi1, its sort key unchanged so it resumes in its original order), in one transaction with the pause check and
     * the brand's held count. False when the target changed meanwhile or the brand is no longer paused.
     */
    public boolean hold(PostTarget seen, Instant now) {
        Transaction tx = new Transaction();
        PublishingStore.countHeld(tx, table, seen.brandId(), 1, true);
        tx.update(table, Table.key(postPk(seen.postId()), targetSk(seen.accountId())),
                new Update().set(Table.GSI1_PK, heldPk(seen.brandId())).set("updatedAt", now),
                Condition.eq("status", seen.status()).and(Condition.eq(Table.GSI1_PK, DUE)));
        return tx.tryCommit();
    }

    /** Targets held while their brand's publishing is paused, in due order: a Query on gsi1 {@code HELD#<brandId>}. */
    public List<PostTarget> heldTargets(String brandId) {
        return table.queryAll(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI1)
                        .keyConditionExpression("gsi1pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Table.s(heldPk(brandId)))).build())
                .stream().map(i -> target(new Read(i))).toList();
    }

    /** Puts a held target back on the due index (at its own due time) and counts it out of the brand's held total. */
    public boolean release(PostTarget held, Instant now) {
        Transaction tx = new Transaction();
        PublishingStore.countHeld(tx, table, held.brandId(), -1, false);
        tx.update(table, Table.key(postPk(held.postId()), targetSk(held.accountId())),
                new Update().set(Table.GSI1_PK, DUE).set("updatedAt", now),
                Condition.eq(Table.GSI1_PK, heldPk(held.brandId())));
        return tx.tryCommit();
    }

    private static String heldPk(String brandId) {
        return "HELD#" + brandId;
    }

    /** What the publisher learned about a claimed target. */
    public record Outcome(TargetStatus status, String remoteId, String remoteUrl, String error, Instant nextDueAt,
                          boolean firstCommentPending) {
        public Outcome(TargetStatus status, String remoteId, String remoteUrl, String error, Instant nextDueAt) {
            this(status, remoteId, remoteUrl, error, nextDueAt, false);
        }

        public static Outcome published(String remoteId, String remoteUrl) {
            return new Outcome(TargetStatus.PUBLISHED, remoteId, remoteUrl, null, null);
        }

        /** Published, with the post's first comment still to add: the target stays on the due index for it. */
        public Outcome withFirstCommentPending() {
            return new Outcome(status, remoteId, remoteUrl, error, nextDueAt, true);
        }

        public static Outcome retryAt(Instant when, String error) {
            return new Outcome(TargetStatus.RETRY, null, null, error, when);
        }

        public static Outcome ended(TargetStatus status, String error) {
            return new Outcome(status, null, null, error, null);
        }
    }

    /**
     * Records the outcome of a claim, only while {@code owner} still holds it. RETRY goes back on the due index at
     * {@code nextDueAt}; any other outcome leaves it. PUBLISHED also stores the remote-id reference. Returns false
     * when the lease was lost (another owner took over): the caller must then not act further.
     */
    public boolean finish(PostTarget claimed, String owner, Outcome outcome, Instant now) {
        return finish(new Transaction(), claimed, owner, outcome, now);
    }

    /**
     * {@link #finish(PostTarget, String, Outcome, Instant)} with what {@code tx} holds (the outcome's counter
     * increments, the pending mark of its event), committed together, so that they happen exactly when the outcome is
     * recorded. {@link TransactionCancelled} when the transaction was cancelled for another reason than the lease.
     */
    public boolean finish(Transaction tx, PostTarget claimed, String owner, Outcome outcome, Instant now) {
        Update update = new Update().set("status", outcome.status()).set("updatedAt", now)
                .remove("leaseOwner", "leaseUntil");
        if (outcome.remoteId() != null) {
            update.set("remoteId", outcome.remoteId());
        }
        if (outcome.remoteUrl() != null) {
            update.set("remoteUrl", outcome.remoteUrl());
        }
        if (outcome.error() != null) {
            update.set("lastError", truncate(outcome.error(), 2000));
        } else {
            update.remove("lastError");
        }
        if (outcome.status() == TargetStatus.RETRY) {
            Instant next = outcome.nextDueAt() == null ? now : outcome.nextDueAt();
            update.set("dueAt", next).set(Table.GSI1_PK, DUE)
                    .set(Table.GSI1_SK, dueSk(next, claimed.postId(), claimed.accountId()));
        } else if (outcome.status() == TargetStatus.PUBLISHED && outcome.firstCommentPending()) {
            update.set("fcStatus", PostTarget.CommentStatus.PENDING).set(Table.GSI1_PK, DUE)
                    .set(Table.GSI1_SK, dueSk(now, claimed.postId(), claimed.accountId()));
        } else if (outcome.status() == TargetStatus.NEEDS_RECONNECT) {
            update.set(Table.GSI1_PK, parkedPk(claimed.accountId()))
                    .set(Table.GSI1_SK, dueSk(now, claimed.postId(), claimed.accountId()));
        } else {
            update.remove(Table.GSI1_PK, Table.GSI1_SK);
        }
        Transaction.Write target = tx.update(table, Table.key(postPk(claimed.postId()), targetSk(claimed.accountId())),
                update, Condition.eq("status", TargetStatus.PUBLISHING).and(Condition.eq("leaseOwner", owner)));
        if (outcome.status() == TargetStatus.PUBLISHED && outcome.remoteId() != null) {
            tx.put(table, new Item().key(remotePk(claimed.brandId(), claimed.network(), outcome.remoteId()), "REMOTE")
                    .put("postId", claimed.postId()).put("brandId", claimed.brandId())
                    .put("accountId", claimed.accountId()).build());
        }
        try {
            tx.commit();
            return true;
        } catch (TransactionCancelled e) {
            if (e.conditionFailed(target)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Moves a target that waits (SCHEDULED, RETRY, NEEDS_RECONNECT) to a new status without a claim: parking on
     * NEEDS_RECONNECT (off the due index, onto its account's parked list), or putting a parked one back on schedule at
     * {@code dueAt}.
     */
    public boolean setWaitingStatus(String postId, String accountId, TargetStatus status, Instant dueAt, String error,
                                    Instant now) {
        Update update = new Update().set("status", status).set("updatedAt", now);
        if (status == TargetStatus.SCHEDULED || status == TargetStatus.RETRY) {
            update.set("dueAt", dueAt).set(Table.GSI1_PK, DUE).set(Table.GSI1_SK, dueSk(dueAt, postId, accountId));
        } else if (status == TargetStatus.NEEDS_RECONNECT) {
            update.set(Table.GSI1_PK, parkedPk(accountId)).set(Table.GSI1_SK, dueSk(now, postId, accountId));
        } else {
            update.remove(Table.GSI1_PK, Table.GSI1_SK);
        }
        if (error != null) {
            update.set("lastError", truncate(error, 2000));
        }
        return table.update(Table.key(postPk(postId), targetSk(accountId)), update, waiting(TargetStatus.RETRY));
    }

    /** The target waits: SCHEDULED or NEEDS_RECONNECT, or one more status (RETRY where a retry also waits). */
    private static Condition waiting(TargetStatus... more) {
        List<Object> statuses = new ArrayList<>(List.of(TargetStatus.SCHEDULED, TargetStatus.NEEDS_RECONNECT));
        statuses.addAll(List.of(more));
        return Condition.in("status", statuses.toArray());
    }

    /**
     * Cancels a post: every target that has not started goes to CANCELLED, atomically. {@link Conflict} when any
     * target is already publishing or published (the post is then left exactly as it was).
     */
    public Post cancel(String postId, Instant now) {
        Post post = get(postId).orElseThrow(() -> new Conflict("post '" + postId + "' does not exist"));
        Transaction tx = new Transaction();
        tx.update(table, Table.key(postPk(postId), "POST"), new Update().set("cancelled", true), Condition.itemExists());
        for (PostTarget t : post.targets()) {
            if (t.status() == TargetStatus.CANCELLED) {
                continue;
            }
            tx.update(table, Table.key(postPk(postId), targetSk(t.accountId())), new Update()
                    .set("status", TargetStatus.CANCELLED).set("updatedAt", now).remove(Table.GSI1_PK, Table.GSI1_SK),
                    waiting(TargetStatus.RETRY));
        }
        try {
            tx.commit();
        } catch (TransactionCancelled e) {
            throw new Conflict("post '" + postId + "' has a target that is publishing or already published");
        }
        return get(postId).orElseThrow();
    }

    /**
     * Targets that block an edit: any that a publisher has claimed, is retrying, or has finished. A post may be
     * edited while every target is SCHEDULED or NEEDS_RECONNECT (parked before anything went out).
     */
    public static List<PostTarget> blockingEdit(Post post) {
        return post.targets().stream().filter(t -> t.status() != TargetStatus.SCHEDULED
                && t.status() != TargetStatus.NEEDS_RECONNECT).toList();
    }

    /**
     * Replaces a post that has no claimed target ({@code seen}, as read) by its edited version, in one transaction:
     * the post item, and per account a kept target (rescheduled at the new time, or still parked when its account
     * needs reconnecting), a removed target, or a new one. Every old target is written on the condition that it is
     * still SCHEDULED or NEEDS_RECONNECT, so an edit and a concurrent claim cannot both win: {@link Conflict} when a
     * publisher got there first (the post is then unchanged).
     */
    public Post replace(Post seen, Post edited, Instant now) {
        Map<String, PostTarget> old = new java.util.LinkedHashMap<>();
        seen.targets().forEach(t -> old.put(t.accountId(), t));
        long removedCount = old.keySet().stream()
                .filter(a -> edited.targets().stream().noneMatch(t -> t.accountId().equals(a))).count();
        if (1 + edited.targets().size() + removedCount > Transaction.MAX_ITEMS) {
            throw new IllegalArgumentException("an edit changes at most 99 targets at once");
        }
        Transaction tx = new Transaction();
        tx.put(table, postItem(edited), Condition.itemExists().and(Condition.eq("cancelled", false)));
        List<PostTarget> targets = new ArrayList<>();
        for (PostTarget t : edited.targets()) {
            PostTarget before = old.remove(t.accountId());
            if (before == null) {
                targets.add(t);
                tx.put(table, targetItem(t), Condition.itemAbsent());
                continue;
            }
            PostTarget kept = new PostTarget(t.postId(), t.brandId(), t.accountId(), t.network(),
                    before.status() == TargetStatus.NEEDS_RECONNECT ? TargetStatus.NEEDS_RECONNECT : TargetStatus.SCHEDULED,
                    edited.publishAt(), before.attempts(), null, null, null, null, before.lastError(), now);
            targets.add(kept);
            tx.put(table, targetItem(kept), waiting());
        }
        for (PostTarget removed : old.values()) {
            tx.delete(table, Table.key(postPk(removed.postId()), targetSk(removed.accountId())), waiting());
        }
        try {
            tx.commit();
        } catch (TransactionCancelled e) {
            throw new Conflict("post '" + seen.id() + "' changed while it was being edited");
        }
        return edited.withTargets(targets);
    }

    private static String parkedPk(String accountId) {
        return "PARKED#" + accountId;
    }

    /**
     * Targets parked because their account needs reconnecting, oldest first: a Query on gsi1
     * {@code PARKED#<accountId>}, so a reconnect puts exactly these back on schedule.
     */
    public List<PostTarget> parkedTargets(String accountId) {
        return table.queryAll(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI1)
                        .keyConditionExpression("gsi1pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Table.s(parkedPk(accountId)))).build())
                .stream().map(i -> target(new Read(i))).toList();
    }

    /** Which of the brand's posts a remote id belongs to (an incoming reply's parent), if any. */
    public Optional<RemoteRef> findByRemoteId(String brandId, Network network, String remoteId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(remotePk(brandId, network, remoteId), "REMOTE")).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Read r = new Read(item);
        return Optional.of(new RemoteRef(r.s("brandId"), r.s("postId"), r.s("accountId")));
    }

    public record RemoteRef(String brandId, String postId, String accountId) {
    }

    private static String remotePk(String brandId, Network network, String remoteId) {
        return "REMOTE#" + brandId + "#" + network.id() + "#" + remoteId;
    }

    private Map<String, AttributeValue> postItem(Post p) {
        return new Item().key(postPk(p.id()), "POST").put("type", "post").put("id", p.id())
                .put("brandId", p.brandId()).put("text", p.text())
                .put("variants", p.variants().isEmpty() ? null : Json.write(p.variants()))
                .put("media", p.media().isEmpty() ? null : Json.write(p.media()))
                .put("publishAt", p.publishAt()).put("zone", p.zone() == null ? null : p.zone().getId())
                .put("recurrence", p.recurrence() == null ? null : Json.write(p.recurrence()))
                .put("seriesId", p.seriesId()).put("occurrence", p.occurrence()).put("cancelled", p.cancelled())
                .put("thread", p.thread())
                .put("firstComment", p.firstComment() == null ? null : Json.write(p.firstComment()))
                .put("createdAt", p.createdAt())
                .put(Table.GSI2_PK, "BRAND#" + p.brandId() + "#POSTS").put(Table.GSI2_SK, Table.iso(p.publishAt()) + "#" + p.id())
                .build();
    }

    private Map<String, AttributeValue> targetItem(PostTarget t) {
        Item item = new Item().key(postPk(t.postId()), targetSk(t.accountId())).put("type", "target")
                .put("postId", t.postId()).put("brandId", t.brandId()).put("accountId", t.accountId())
                .put("network", t.network().id()).put("status", t.status().name()).put("dueAt", t.dueAt())
                .put("attempts", t.attempts()).put("leaseOwner", t.leaseOwner()).put("leaseUntil", t.leaseUntil())
                .put("remoteId", t.remoteId()).put("remoteUrl", t.remoteUrl()).put("lastError", t.lastError())
                .put("updatedAt", t.updatedAt());
        if (t.comment() != null) {
            item.put("fcStatus", t.comment().status().name()).put("fcRemoteId", t.comment().remoteId())
                    .put("fcError", t.comment().error()).put("fcLeaseOwner", t.comment().leaseOwner())
                    .put("fcLeaseUntil", t.comment().leaseUntil()).put("fcAttempts", t.comment().attempts());
        }
        if (t.status() == TargetStatus.NEEDS_RECONNECT) {
            item.put(Table.GSI1_PK, parkedPk(t.accountId())).put(Table.GSI1_SK, dueSk(t.dueAt(), t.postId(), t.accountId()));
        } else if (t.status().pending()) {
            item.put(Table.GSI1_PK, DUE).put(Table.GSI1_SK, dueSk(t.dueAt(), t.postId(), t.accountId()));
        }
        return item.build();
    }

    private static Post post(Read r) {
        String variants = r.s("variants");
        String media = r.s("media");
        String recurrence = r.s("recurrence");
        String zone = r.s("zone");
        return new Post(r.s("id"), r.s("brandId"), r.s("text"),
                variants == null ? Map.of() : Json.MAPPER.convertValue(Json.tree(variants), VARIANTS),
                media == null ? List.of() : Json.MAPPER.convertValue(Json.tree(media), MEDIA),
                r.time("publishAt"), zone == null ? null : ZoneId.of(zone),
                recurrence == null ? null : Json.read(recurrence, Recurrence.class), r.s("seriesId"),
                (int) r.n("occurrence", 0), r.bool("cancelled"), r.time("createdAt"), List.of(), r.bool("thread"),
                r.s("firstComment") == null ? null : Json.read(r.s("firstComment"), Post.FirstComment.class));
    }

    static PostTarget target(Read r) {
        return new PostTarget(r.s("postId"), r.s("brandId"), r.s("accountId"), Network.of(r.s("network")),
                TargetStatus.valueOf(r.s("status")), r.time("dueAt"), (int) r.n("attempts", 0), r.s("leaseOwner"),
                r.time("leaseUntil"), r.s("remoteId"), r.s("remoteUrl"), r.s("lastError"), r.time("updatedAt"),
                r.s("fcStatus") == null ? null : new PostTarget.CommentState(
                        PostTarget.CommentStatus.valueOf(r.s("fcStatus")), r.s("fcRemoteId"), r.s("fcError"),
                        r.s("fcLeaseOwner"), r.time("fcLeaseUntil"), (int) r.n("fcAttempts", 0)));
    }

    /**
     * The item of a target, for a store that keeps another kind of work on the due index as a target (a reply,
     * core.reply.ReplyStore) and adds its own attributes to it.
     */
    public static Map<String, AttributeValue> targetAttributes(PostTarget t) {
        return new PostStore(null).targetItem(t);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
