package io.cmautopilot.core.reply;

import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.core.store.TransactionCancelled;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replies (docs/DATA-MODEL.md, "Inbox"):
 * <ul>
 *   <li>reply: a post target {@code POST#reply-<id> / TARGET#<accountId>} with the reply's attributes, so it rides
 *       the due index, the claim, the lease and the parked list of posts unchanged;</li>
 *   <li>listed under its comment: the comment's {@code replyIds}, appended in the same transaction;</li>
 *   <li>idempotency key: {@code IDEMPOTENCY#<brand>#<key> / REPLY}, created in the same transaction, so one key
 *       never makes a second reply, and a retried request finds the first reply.</li>
 * </ul>
 */
public final class ReplyStore {
    /** A comment takes at most this many replies from us: a guard against a runaway script. */
    public static final int MAX_REPLIES_PER_COMMENT = 25;
    private final Table table;
    private final InboxStore inbox;

    public ReplyStore(Table table) {
        this.table = table;
        this.inbox = new InboxStore(table);
    }

    private static String pk(String replyId) {
        return "POST#" + replyId;
    }

    private static String sk(String accountId) {
        return "TARGET#" + accountId;
    }

    private static String idemPk(String brandId, String key) {
        return "IDEMPOTENCY#" + brandId + "#" + key;
    }

    /** What a request asked, to tell a retry (same request) from a reuse of the key for something else. */
    public static String fingerprint(String commentId, String text, String savedReplyId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((commentId + "\u0000" + text + "\u0000"
                    + (savedReplyId == null ? "" : savedReplyId)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result of a create: the reply, and whether it already existed under the same idempotency key. */
    public record Created(Reply reply, boolean replayed) {
    }

    /** The idempotency key was first used for another request. */
    public static final class KeyReused extends RuntimeException {
        public KeyReused() {
            super("this Idempotency-Key was used for a different request");
        }
    }

    /** The comment already has {@link #MAX_REPLIES_PER_COMMENT} replies, or is gone. */
    public static final class TooManyReplies extends RuntimeException {
        public TooManyReplies() {
            super("a comment takes at most " + MAX_REPLIES_PER_COMMENT + " replies");
        }
    }

    /**
     * Creates a reply due now on the account that received {@code comment}, listed under the comment, with its
     * idempotency key when given: all or nothing. With a key already used for the same request, returns that first
     * reply ({@code replayed}); for another request, {@link KeyReused}.
     */
    public Created create(Comment comment, String accountId, String text, String savedReplyId, String idempotencyKey,
                          Instant now) {
        String id = Reply.ID_PREFIX + Ids.next();
        PostTarget target = PostTarget.scheduled(id, comment.brandId(), accountId, comment.network(), now, now);
        Map<String, AttributeValue> item = new HashMap<>(PostStore.targetAttributes(target));
        item.put("type", Table.s("reply"));
        item.put("commentId", Table.s(comment.id()));
        item.put("commentNetwork", Table.s(comment.network().id()));
        item.put("commentExternalId", Table.s(comment.externalId()));
        item.put("text", Table.s(text));
        item.put("createdAt", Table.time(now));
        if (savedReplyId != null) {
            item.put("savedReplyId", Table.s(savedReplyId));
        }
        String fingerprint = fingerprint(comment.id(), text, savedReplyId);
        if (idempotencyKey != null) {
            item.put("idempotencyKey", Table.s(idempotencyKey));
        }
        Transaction tx = new Transaction();
        tx.put(table, item, Condition.itemAbsent());
        Transaction.Write listed = inbox.addReply(tx, comment, id, MAX_REPLIES_PER_COMMENT);
        Transaction.Write keyed = idempotencyKey == null ? null : tx.put(table, new Table.Item()
                .key(idemPk(comment.brandId(), idempotencyKey), "REPLY").put("type", "idempotency").put("replyId", id)
                .put("accountId", accountId).put("fingerprint", fingerprint).put("createdAt", now).build(),
                Condition.itemAbsent());
        try {
            tx.commit();
            return new Created(get(id, accountId).orElseThrow(), false);
        } catch (TransactionCancelled e) {
            if (keyed != null && e.conditionFailed(keyed)) {
                return replay(comment.brandId(), idempotencyKey, fingerprint);
            }
            if (e.conditionFailed(listed)) {
                throw new TooManyReplies();
            }
            throw e;
        }
    }

    private Created replay(String brandId, String key, String fingerprint) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(idemPk(brandId, key), "REPLY")).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            throw new IllegalStateException("idempotency key conflict without a stored key");
        }
        Read r = new Read(item);
        if (!fingerprint.equals(r.s("fingerprint"))) {
            throw new KeyReused();
        }
        return new Created(get(r.s("replyId"), r.s("accountId")).orElseThrow(), true);
    }

    /** A reply, read consistently. */
    public Optional<Reply> get(String replyId, String accountId) {
        if (!Reply.isReply(replyId) || accountId == null) {
            return Optional.empty();
        }
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(pk(replyId), sk(accountId))).consistentRead(true).build()).item();
        return item == null || item.isEmpty() || !"reply".equals(new Read(item).s("type")) ? Optional.empty()
                : Optional.of(reply(new Read(item)));
    }

    /** The replies of a comment, in the order they were made (one consistent read each; at most 25). */
    public List<Reply> of(String accountId, List<String> replyIds) {
        List<Reply> out = new ArrayList<>();
        for (String id : replyIds) {
            get(id, accountId).ifPresent(out::add);
        }
        return out;
    }

    /** Marks a published reply deleted on its platform; false when it is not published or already deleted. */
    public boolean markDeleted(Reply reply, Instant at) {
        return table.update(Table.key(pk(reply.id()), sk(reply.accountId())),
                new Update().set("deletedAt", at).set("updatedAt", at),
                Condition.eq("status", TargetStatus.PUBLISHED).and(Condition.notExists("deletedAt")));
    }

    /** Cancels a reply that has not been sent (queued, waiting to retry, parked); false when it already left. */
    public boolean cancel(Reply reply, Instant at) {
        return new PostStore(table).setWaitingStatus(reply.id(), reply.accountId(), TargetStatus.CANCELLED, null,
                "cancelled before it was sent", at);
    }

    static Reply reply(Read r) {
        return new Reply(r.s("postId"), r.s("brandId"), r.s("commentId"), Network.of(r.s("commentNetwork")),
                r.s("commentExternalId"), r.s("accountId"), Network.of(r.s("network")), r.s("text"),
                r.s("savedReplyId"), TargetStatus.valueOf(r.s("status")), (int) r.n("attempts", 0), r.s("remoteId"),
                r.s("remoteUrl"), r.s("lastError"), r.time("createdAt"), r.time("updatedAt"), r.time("deletedAt"));
    }
}
