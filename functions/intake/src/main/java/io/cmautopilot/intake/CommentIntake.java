package io.cmautopilot.intake;

import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.events.CommentReceived;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.post.PostStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores what the webhooks and pollers received, once, and announces it. The order is what makes it lossless and
 * duplicate-free: the comment is written with its pending mark under its natural key (a re-delivery writes nothing
 * and announces nothing), then {@code CommentReceived} is put on the bus, and the mark is cleared only for the events
 * the bus accepted; {@link PendingSweeper} re-emits the rest. Nothing slower happens here (scoring is downstream), so
 * a webhook is acknowledged well inside the platforms' timeouts.
 */
public final class CommentIntake {
    private final BrandStore brands;
    private final CommentStore comments;
    private final PostStore posts;
    private final UnknownAccountStore unknown;
    private final Bus bus;
    private final Clock clock;
    /** Recognises the brand's own replies; null where not wired (then everything is stored). */
    private final OwnReplies own;

    public CommentIntake(BrandStore brands, CommentStore comments, PostStore posts, UnknownAccountStore unknown, Bus bus,
                         Clock clock) {
        this(brands, comments, posts, unknown, bus, clock, null);
    }

    public CommentIntake(BrandStore brands, CommentStore comments, PostStore posts, UnknownAccountStore unknown, Bus bus,
                         Clock clock, OwnReplies own) {
        this.own = own;
        this.brands = brands;
        this.comments = comments;
        this.posts = posts;
        this.unknown = unknown;
        this.bus = bus;
        this.clock = clock;
    }

    /** The intake every function of the module shares: the table's stores, the bus, the brand's own replies. */
    public static CommentIntake from(Services s) {
        return new CommentIntake(new BrandStore(s.table()), new CommentStore(s.table()), new PostStore(s.table()),
                new UnknownAccountStore(s.table(), s.clock()), s.bus(), s.clock(), OwnReplies.of(s.table()));
    }

    /** What one delivery or poll changed. */
    public record Result(int stored, int duplicates, int edited, int removed, int unknownAccount, int announced) {
        public static final Result NONE = new Result(0, 0, 0, 0, 0, 0);

        public Result plus(Result o) {
            return new Result(stored + o.stored, duplicates + o.duplicates, edited + o.edited, removed + o.removed,
                    unknownAccount + o.unknownAccount, announced + o.announced);
        }
    }

    /**
     * Changes routed to their account by the platform's account id. Unknown (or disabled) accounts are counted, once
     * per account and delivery however many changes it carried, and not stored.
     */
    public Result accept(List<Incoming> changes) {
        changes = bounded(changes);
        Map<String, Optional<Account>> routes = new HashMap<>();
        Map<String, Integer> unknownByAccount = new LinkedHashMap<>();
        Map<String, Incoming> unknownSample = new HashMap<>();
        List<Routed> routed = new ArrayList<>();
        int unknownCount = 0;
        for (Incoming in : changes) {
            String key = in.network().id() + "#" + in.accountExternalId();
            Optional<Account> account = routes.computeIfAbsent(key, k -> route(in.network(), in.accountExternalId())
                    .filter(a -> a.status() != Account.Status.DISABLED));
            if (account.isEmpty()) {
                if (in.author() != null && in.author().id() != null && in.author().id().equals(in.accountExternalId())) {
                    continue; // the unknown account's own writing is not a comment we missed
                }
                unknownCount++;
                unknownByAccount.merge(key, 1, Integer::sum);
                unknownSample.putIfAbsent(key, in);
                continue;
            }
            routed.add(new Routed(in, account.get().brandId(), account.get().id(),
                    CommentStore.Origin.account(account.get().brandId(), account.get().id())));
        }
        unknownByAccount.forEach((key, n) -> unknown.count(unknownSample.get(key).network(),
                unknownSample.get(key).accountExternalId(), n));
        Result r = apply(routed);
        return new Result(r.stored, r.duplicates, r.edited, r.removed, unknownCount, r.announced);
    }

    /**
     * The account a platform id belongs to. LinkedIn names organisations by URN ({@code urn:li:organization:123});
     * an account connected with the bare numeric id is found too.
     */
    private Optional<Account> route(Network network, String accountExternalId) {
        Optional<Account> found = brands.findByExternalId(network, accountExternalId);
        String urnPrefix = "urn:li:organization:";
        if (found.isEmpty() && network == Network.LINKEDIN && accountExternalId != null
                && accountExternalId.startsWith(urnPrefix)) {
            found = brands.findByExternalId(network, accountExternalId.substring(urnPrefix.length()));
        }
        return found;
    }

    /** Changes for a known account (pollers, which read per account). */
    public Result accept(Account account, List<Incoming> changes) {
        changes = bounded(changes);
        CommentStore.Origin origin = CommentStore.Origin.account(account.brandId(), account.id());
        return apply(changes.stream().map(in -> new Routed(in, account.brandId(), account.id(), origin)).toList());
    }

    /**
     * Changes for a brand named by the caller (the generic webhook, authenticated by the brand's secret). The account
     * is linked when the change names one of this brand's accounts; an account of another brand is never linked.
     * Whatever it names, the relay claims network ids in its own namespace ({@link CommentStore.Origin#relay}): it
     * can neither pre-empt what a platform delivers to an account nor learn whether an id exists elsewhere.
     */
    public Result acceptForBrand(String brandId, List<Incoming> changes) {
        changes = bounded(changes);
        List<Routed> routed = new ArrayList<>();
        CommentStore.Origin origin = CommentStore.Origin.relay(brandId);
        for (Incoming in : changes) {
            String accountId = route(in.network(), in.accountExternalId())
                    .filter(a -> a.brandId().equals(brandId)).map(Account::id).orElse(null);
            routed.add(new Routed(in, brandId, accountId, origin));
        }
        return apply(routed);
    }

    /**
     * The changes whose fields are within bounds ({@link Incoming#overLimit}); the others are dropped and logged,
     * before any of their ids reaches DynamoDB. A signed platform delivery with a field no platform sends (a
     * 100,000-character id) is dropped, not refused: the platform would retry the same bytes for hours
     * (docs/SECURITY.md). The generic relay refuses such a body with 422 before it gets here.
     */
    private static List<Incoming> bounded(List<Incoming> changes) {
        List<Incoming> out = new ArrayList<>(changes.size());
        for (Incoming in : changes) {
            String over = in.overLimit();
            if (over == null) {
                out.add(in);
            } else {
                Log.warn("change dropped: field beyond its limit", "network", in.network().id(), "field", over);
            }
        }
        return out;
    }

    private record Routed(Incoming in, String brandId, String accountId, CommentStore.Origin origin) {
    }

    private Result apply(List<Routed> routed) {
        Instant now = clock.instant();
        Map<String, Optional<String>> ourPosts = new HashMap<>();
        Map<String, Optional<Account>> accounts = new HashMap<>();
        int stored = 0;
        int duplicates = 0;
        int edited = 0;
        int removed = 0;
        List<Comment> toAnnounce = new ArrayList<>();
        for (Routed r : routed) {
            Incoming in = r.in();
            if (in.op() != Incoming.Op.REMOVE && own != null && own.recognise(in, r.brandId(),
                    accounts.computeIfAbsent(r.brandId() + "/" + r.accountId(),
                            k -> own.account(r.brandId(), r.accountId())).orElse(null), now)) {
                continue;
            }
            switch (in.op()) {
                case ADD -> {
                    Comment c = newComment(r, now, ourPosts);
                    if (comments.insert(c, r.origin())) {
                        stored++;
                        toAnnounce.add(c);
                    } else {
                        duplicates++;
                    }
                }
                case EDIT -> {
                    Optional<Comment> changed = comments.edit(r.origin(), in.network(), in.externalId(), in.text(),
                            now);
                    if (changed.isPresent()) {
                        edited++;
                        toAnnounce.add(changed.get());
                    } else if (comments.claimed(r.origin(), in.network(), in.externalId()).isEmpty()) {
                        // An edit of a comment we never saw (it predates the subscription, or its "add" is still
                        // being retried): the edited text is the comment as it stands, so store it as new.
                        Comment c = newComment(r, now, ourPosts);
                        if (comments.insert(c, r.origin())) {
                            stored++;
                            toAnnounce.add(c);
                        } else {
                            duplicates++;
                        }
                    } else {
                        duplicates++;
                    }
                }
                case REMOVE -> {
                    if (comments.markRemoved(r.origin(), in.network(), in.externalId(), now)) {
                        removed++;
                        if (own != null) {
                            own.removed(r.origin(), in.network(), in.externalId(), now);
                        }
                    } else {
                        duplicates++;
                    }
                }
            }
        }
        int announced = announce(toAnnounce);
        return new Result(stored, duplicates, edited, removed, 0, announced);
    }

    /** A new comment, linked to our post when its thread hangs on one we published (looked up once per delivery). */
    private Comment newComment(Routed r, Instant now, Map<String, Optional<String>> ourPosts) {
        Incoming in = r.in();
        String postId = null;
        if (in.postExternalId() != null) {
            postId = ourPosts.computeIfAbsent(in.network().id() + "#" + r.brandId() + "#" + in.postExternalId(),
                    k -> posts.findByRemoteId(r.brandId(), in.network(), in.postExternalId())
                            .map(PostStore.RemoteRef::postId))
                    .orElse(null);
        }
        return Comment.builder().id(Ids.next()).brandId(r.brandId()).accountId(r.accountId()).network(in.network())
                .externalId(in.externalId()).parentExternalId(in.parentExternalId()).postId(postId)
                .author(in.author()).text(in.text()).language(in.language())
                .createdAt(Nodes.plausible(in.createdAt()) == null ? now : in.createdAt()).receivedAt(now)
                .permalink(in.permalink()).kind(in.kind()).build();
    }

    /**
     * Puts one {@code CommentReceived} per comment version and clears the pending mark of each accepted one. Returns
     * how many the bus accepted; the others keep their mark for the sweeper.
     */
    public int announce(List<Comment> list) {
        if (list.isEmpty()) {
            return 0;
        }
        Map<DomainEvent, Comment> byEvent = new IdentityHashMap<>();
        List<DomainEvent> events = new ArrayList<>();
        for (Comment c : list) {
            DomainEvent e = received(c);
            byEvent.put(e, c);
            events.add(e);
        }
        List<DomainEvent> refused;
        try {
            refused = bus.put(events);
        } catch (RuntimeException e) {
            Log.error("bus refused CommentReceived; left pending for the sweeper", e, "count", events.size());
            return 0;
        }
        int accepted = 0;
        for (DomainEvent e : events) {
            if (refused.stream().noneMatch(x -> x == e)) {
                Comment c = byEvent.get(e);
                comments.clearPending(c);
                accepted++;
            }
        }
        if (!refused.isEmpty()) {
            Log.warn("bus refused CommentReceived; left pending for the sweeper", "count", refused.size());
        }
        return accepted;
    }

    /** The event of one comment version (docs/EVENTS.md, "Intake"). */
    public static DomainEvent received(Comment c) {
        return DomainEvent.of(new CommentReceived(c.brandId(), c.id(), c.network(), c.externalId(), c.accountId(),
                c.version()));
    }
}
