package io.cmautopilot.intake;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Transaction;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the brand's own replies and posts coming back through webhooks and pollers (Meta, X and LinkedIn send
 * the page's own comments like anyone else's). One is ours when its network id is one we published (the
 * {@code REMOTE#} reference written when a post or reply was recorded published) or when its author is the account
 * itself (a reply made in the platform's own app). Ours is never stored as a customer comment, so it is neither
 * scored nor counted; the comment it answers becomes answered, with its response time counted once.
 */
public final class OwnReplies {
    private final PostStore posts;
    private final BrandStore brands;
    private final InboxStore inbox;
    private final CounterStore counters;

    public OwnReplies(PostStore posts, BrandStore brands, InboxStore inbox, CounterStore counters) {
        this.posts = posts;
        this.brands = brands;
        this.inbox = inbox;
        this.counters = counters;
    }

    public static OwnReplies of(Table table) {
        return new OwnReplies(new PostStore(table), new BrandStore(table), new InboxStore(table),
                new CounterStore(table));
    }

    /** True when {@code in} is the brand's own; then the comment it answers (if known) is marked answered. */
    public boolean recognise(Incoming in, String brandId, Account account, Instant now) {
        boolean ours = posts.findByRemoteId(brandId, in.network(), in.externalId()).isPresent()
                || (account != null && authoredBy(in, account));
        if (!ours) {
            return false;
        }
        if (in.parentExternalId() != null) {
            try {
                // the comment answered was claimed by the account the reply came through (or, without one, the relay)
                CommentStore.Origin origin = account != null ? CommentStore.Origin.account(brandId, account.id())
                        : CommentStore.Origin.relay(brandId);
                inbox.find(origin, in.network(), in.parentExternalId())
                        .ifPresent(t -> answered(t.comment(), in.createdAt() == null ? now : in.createdAt()));
            } catch (RuntimeException e) {
                Log.error("cannot mark the comment answered", e, "network", in.network().id(),
                        "externalId", in.parentExternalId());
            }
        }
        Log.info("own reply recognised, not stored", "network", in.network().id(), "externalId", in.externalId());
        return true;
    }

    /** A comment removed on its network leaves the open list, unless a person has taken it in hand. */
    public void removed(CommentStore.Origin origin, Network network, String externalId, Instant at) {
        try {
            inbox.find(origin, network, externalId).ifPresent(t -> inbox.settle(t.comment(),
                    io.cmautopilot.core.comment.CommentState.RESOLVED, at));
        } catch (RuntimeException e) {
            Log.error("cannot resolve the removed comment", e, "network", network.id(), "externalId", externalId);
        }
    }

    private void answered(Comment c, Instant at) {
        Duration elapsed = Duration.between(c.receivedAt(), at);
        var zone = brands.get(c.brandId()).map(Brand::timezone).orElse(ZoneOffset.UTC);
        Transaction counted = new Transaction();
        counters.increment(counted, c.brandId(), zone, at, Map.of(
                Counters.responseTime(c.network(), elapsed.isNegative() ? Duration.ZERO : elapsed), 1L,
                Counters.firstReplies(c.network()), 1L));
        inbox.answered(counted, c, at);
    }

    static boolean authoredBy(Incoming in, Account account) {
        Comment.Author author = in.author();
        if (author == null) {
            return false;
        }
        String ext = account.externalId();
        if (ext != null && author.id() != null) {
            if (author.id().equals(ext)) {
                return true;
            }
            if (in.network() == Network.LINKEDIN && author.id().equals("urn:li:organization:" + ext)) {
                return true;
            }
        }
        return author.handle() != null && bare(author.handle()).equals(bare(account.handle()));
    }

    private static String bare(String handle) {
        return handle == null ? "" : handle.trim().replaceFirst("^@", "").toLowerCase(Locale.ROOT);
    }

    /** The account of a routed change, for the author comparison; empty for an unlinked generic change. */
    Optional<Account> account(String brandId, String accountId) {
        return accountId == null ? Optional.empty() : brands.getAccount(brandId, accountId);
    }
}
