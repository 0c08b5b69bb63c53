package io.cmautopilot.publish.reply;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.events.BusEvent;
import io.cmautopilot.core.events.ReplyFailed;
import io.cmautopilot.core.events.ReplyPublished;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.post.PostStore.Outcome;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.reply.Reply;
import io.cmautopilot.core.reply.ReplyStore;
import io.cmautopilot.core.reply.ReplyText;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.publish.PublishResult;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reply-specific half of publishing a reply; the claim, lease, retries and outcome recording are the
 * publisher's, shared with posts. Here: load the reply and its comment, call the network's reply client, and once
 * a reply is recorded as published, mark the comment answered and count its response time (once per comment).
 */
public final class ReplyDelivery {
    private final ReplyStore replies;
    private final InboxStore inbox;
    private final CounterStore counters;
    private final Map<Network, NetworkReplier> networks = new EnumMap<>(Network.class);

    public ReplyDelivery(ReplyStore replies, InboxStore inbox, CounterStore counters, List<NetworkReplier> networks) {
        this.replies = replies;
        this.inbox = inbox;
        this.counters = counters;
        networks.forEach(n -> this.networks.put(n.network(), n));
    }

    public boolean supports(Network network) {
        return networks.containsKey(network);
    }

    public boolean deduplicates(Network network) {
        NetworkReplier n = networks.get(network);
        return n != null && n.deduplicates();
    }

    /** Sends a claimed reply through its network. */
    public PublishResult send(PostTarget claimed, Account account, Credentials credentials, String language) {
        Optional<Reply> reply = replies.get(claimed.postId(), claimed.accountId());
        if (reply.isEmpty()) {
            return new PublishResult.Rejected("the reply no longer exists");
        }
        Reply r = reply.get();
        Optional<InboxStore.Tracked> comment = inbox.get(r.brandId(), r.commentId());
        if (comment.isEmpty()) {
            return new PublishResult.Rejected("the comment no longer exists");
        }
        Comment c = comment.get().comment();
        if (c.removed()) {
            return new PublishResult.Rejected("the comment was removed on " + c.network().id());
        }
        String text = ReplyText.compose(c.network(), c.author(), r.text());
        return networks.get(claimed.network()).reply(new ReplyRequest(r, c, account, credentials, text, language));
    }

    /**
     * The event announcing a reply's outcome, built before the outcome is recorded so that it is stored with it
     * (the publisher's pending mark): {@code ReplyPublished}, or {@code ReplyFailed} for FAILED and UNCONFIRMED;
     * none while the reply waits (retry, reconnect).
     */
    public Optional<DomainEvent> event(PostTarget claimed, Outcome outcome) {
        if (outcome.status() != TargetStatus.PUBLISHED && outcome.status() != TargetStatus.FAILED
                && outcome.status() != TargetStatus.UNCONFIRMED) {
            return Optional.empty();
        }
        String commentId = replies.get(claimed.postId(), claimed.accountId()).map(Reply::commentId).orElse(null);
        BusEvent announced = outcome.status() == TargetStatus.PUBLISHED
                ? new ReplyPublished(claimed.brandId(), claimed.postId(), commentId, claimed.accountId(),
                        claimed.network(), outcome.status(), claimed.attempts(), outcome.remoteId(),
                        outcome.remoteUrl())
                : new ReplyFailed(claimed.brandId(), claimed.postId(), commentId, claimed.accountId(),
                        claimed.network(), outcome.status(), claimed.attempts(), outcome.error());
        return Optional.of(DomainEvent.of(announced));
    }

    /** After a reply was recorded published: the comment becomes answered, its first response time counted once. */
    public void published(PostTarget claimed, ZoneId zone, Instant now) {
        replies.get(claimed.postId(), claimed.accountId()).ifPresent(r -> answered(r, zone, now));
    }

    private void answered(Reply r, ZoneId zone, Instant now) {
        try {
            inbox.get(r.brandId(), r.commentId()).ifPresent(t -> {
                Comment c = t.comment();
                Duration elapsed = Duration.between(c.receivedAt(), now);
                Transaction counted = new Transaction();
                counters.increment(counted, c.brandId(), zone, now, Map.of(
                        Counters.responseTime(c.network(), elapsed.isNegative() ? Duration.ZERO : elapsed), 1L,
                        Counters.firstReplies(c.network()), 1L));
                inbox.answered(counted, c, now);
            });
        } catch (RuntimeException e) {
            // The reply is out and recorded; the comment is marked answered when our reply comes back through intake.
            Log.error("cannot mark the comment answered", e, "replyId", r.id(), "commentId", r.commentId());
        }
    }
}
