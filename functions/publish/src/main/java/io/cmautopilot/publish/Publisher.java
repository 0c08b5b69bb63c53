package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.PendingEvents;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.events.AccountNeedsReconnect;
import io.cmautopilot.core.events.BusEvent;
import io.cmautopilot.core.events.PostFailed;
import io.cmautopilot.core.events.PostPublished;
import io.cmautopilot.core.events.PostUnconfirmed;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostStore.Outcome;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.PublishingStore;
import io.cmautopilot.core.post.PublishingSwitch;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.post.TextRules;
import io.cmautopilot.core.reply.Reply;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.publish.reply.ReplyDelivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One publishing tick: read what is due on the sparse index, claim each target with a lease (a conditional write:
 * of several overlapping ticks exactly one wins a target), publish it through its network, record the classified
 * outcome together with its counter, and emit the outcome on the bus. Workers are capped per network; a target not
 * started before the tick's budget ends stays due, untouched, for the next tick.
 * <p>
 * A target found PUBLISHING with an expired lease was claimed by a tick that died mid-publish: its outcome is
 * unknown. It is marked UNCONFIRMED, unless its network deduplicates on our idempotency key (Mastodon), in which case
 * publishing it again is safe (docs/PLATFORMS.md, lesson 1).
 */
public final class Publisher {
    private final PostStore posts;
    private final BrandStore brands;
    private final CounterStore counters;
    private final CheckpointStore checkpoints;
    private final Secrets secrets;
    private final Bus bus;
    private final Clock clock;
    private final Map<Network, NetworkPublisher> networks;
    private final PublisherSettings settings;
    private final PublishingStore publishing;
    /** Replies ride the same due index as targets ({@code reply-} ids); null where replies are not wired. */
    private final ReplyDelivery replies;
    private final PendingEvents pending;

    public Publisher(PostStore posts, BrandStore brands, CounterStore counters, CheckpointStore checkpoints,
                     Secrets secrets, Bus bus, Clock clock, List<NetworkPublisher> networks,
                     PublisherSettings settings) {
        this(posts, brands, counters, checkpoints, secrets, bus, clock, networks, settings, null);
    }

    public Publisher(PostStore posts, BrandStore brands, CounterStore counters, CheckpointStore checkpoints,
                     Secrets secrets, Bus bus, Clock clock, List<NetworkPublisher> networks,
                     PublisherSettings settings, ReplyDelivery replies) {
        this.replies = replies;
        this.posts = posts;
        this.brands = brands;
        this.counters = counters;
        this.checkpoints = checkpoints;
        this.secrets = secrets;
        this.bus = bus;
        this.clock = clock;
        this.networks = new EnumMap<>(Network.class);
        networks.forEach(n -> this.networks.put(n.network(), n));
        this.settings = settings;
        this.publishing = posts.publishing();
        this.pending = new PendingEvents(checkpoints.table(), clock);
    }

    /**
     * This publisher on a clock moved forward to {@code at} (the time of the schedule event that fired the tick,
     * when it is ahead of our clock: the local runtime's {@code POST /_local/schedules/PublishFunction/fire?at=}),
     * so a tick can publish what is due by then. Leases, backoffs and recorded times move with it.
     */
    public Publisher asOf(Instant at) {
        Instant now = clock.instant();
        if (at == null || !at.isAfter(now)) {
            return this;
        }
        return new Publisher(posts, brands, counters, checkpoints, secrets, bus,
                Clock.offset(clock, java.time.Duration.between(now, at)), List.copyOf(networks.values()), settings,
                replies);
    }

    /** Runs one tick as {@code owner} (unique per invocation: the Lambda request id). */
    public TickReport tick(String owner) {
        Instant started = clock.instant();
        Instant deadline = started.plus(settings.budget());
        Tick tick = new Tick(owner, deadline);
        int threads = settings.concurrency().values().stream().mapToInt(Integer::intValue).sum();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            while (clock.instant().isBefore(deadline)) {
                List<PostTarget> due = posts.dueTargets(clock.instant(), settings.pageSize());
                if (due.isEmpty()) {
                    break;
                }
                int before = tick.progress();
                runPage(tick, due, pool);
                tick.flushEvents();
                // A page with no progress is all stale index entries or claims lost to other ticks: stop, the next
                // tick reads a fresher index.
                if (due.size() < settings.pageSize() || tick.progress() == before) {
                    break;
                }
            }
        } finally {
            pool.shutdown();
            tick.flushEvents();
        }
        TickReport report = tick.report(clock.instant().toEpochMilli() - started.toEpochMilli());
        Log.info("publish tick", "owner", owner, "seen", report.seen(), "outcomes", report.outcomes(),
                "lostClaims", report.lostClaims(), "parked", report.parked(), "leftDue", report.leftDue());
        return report;
    }

    private void runPage(Tick tick, List<PostTarget> due, ExecutorService pool) {
        Map<Network, Queue<PostTarget>> byNetwork = new EnumMap<>(Network.class);
        due.forEach(t -> byNetwork.computeIfAbsent(t.network(), n -> new ConcurrentLinkedQueue<>()).add(t));
        tick.seen.addAndGet(due.size());
        List<Future<?>> workers = new ArrayList<>();
        byNetwork.forEach((network, queue) -> {
            int n = Math.min(settings.concurrency(network), queue.size());
            for (int i = 0; i < n; i++) {
                workers.add(pool.submit(() -> {
                    for (PostTarget t = queue.poll(); t != null; t = queue.poll()) {
                        if (!clock.instant().isBefore(tick.deadline)) {
                            tick.leftDue.incrementAndGet();
                            continue;
                        }
                        try {
                            handle(tick, t);
                        } catch (RuntimeException e) {
                            // The target keeps its state: a claimed one comes back when its lease ends.
                            Log.error("target failed unexpectedly", e, "postId", t.postId(),
                                    "accountId", t.accountId());
                        }
                    }
                }));
            }
        });
        for (Future<?> f : workers) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                Log.error("publish worker failed", e.getCause());
            }
        }
    }

    private void handle(Tick tick, PostTarget seen) {
        Instant now = clock.instant();
        // A pause holds what the brand publishes on its own schedule; a reply a person sent to a comment is not
        // held (answering people is what a crisis needs most).
        if (!Reply.isReply(seen.postId()) && tick.paused(seen.brandId())) {
            // Off the due index until the brand resumes; the claim below would be refused anyway.
            if (posts.hold(seen, now)) {
                tick.held.incrementAndGet();
            }
            return;
        }
        if (seen.status() == TargetStatus.PUBLISHED) {
            firstComment(tick, seen);
            return;
        }
        Optional<Account> account = tick.account(seen.brandId(), seen.accountId());
        boolean waiting = seen.status() == TargetStatus.SCHEDULED || seen.status() == TargetStatus.RETRY;
        if (account.isPresent() && account.get().status() != Account.Status.ACTIVE && waiting) {
            if (posts.setWaitingStatus(seen.postId(), seen.accountId(), TargetStatus.NEEDS_RECONNECT, null,
                    "the account needs to be reconnected", now)) {
                tick.parked.incrementAndGet();
            }
            return;
        }
        Optional<PostTarget> claim = posts.claim(seen, tick.owner, now, now.plus(settings.lease()));
        if (claim.isEmpty()) {
            tick.lostClaims.incrementAndGet();
            return;
        }
        PostTarget claimed = claim.get();
        if (Reply.isReply(claimed.postId())) {
            handleReply(tick, seen, claimed, account);
            return;
        }
        NetworkPublisher network = networks.get(claimed.network());
        if (account.isEmpty()) {
            record(tick, claimed, null, Outcome.ended(TargetStatus.FAILED, "the account no longer exists"));
            return;
        }
        if (network == null) {
            record(tick, claimed, null, Outcome.ended(TargetStatus.FAILED,
                    "publishing to " + claimed.network().id() + " is not enabled here"));
            return;
        }
        Optional<Post> post = tick.post(claimed.postId());
        if (seen.status() == TargetStatus.PUBLISHING && !network.deduplicates()) {
            record(tick, claimed, post.orElse(null), Outcome.ended(TargetStatus.UNCONFIRMED, "an earlier attempt "
                    + "stopped without an answer; check the account before publishing again, to avoid a duplicate"));
            return;
        }
        if (post.isEmpty()) {
            record(tick, claimed, null, Outcome.ended(TargetStatus.FAILED, "the post no longer exists"));
            return;
        }
        PublishResult result = publish(tick, post.get(), claimed, account.get(), network);
        apply(tick, post.get(), claimed, account.get(), result);
    }

    /**
     * A reply: the same claim, lease, outcome and events as a post target; only the network call differs (the reply
     * clients of {@link ReplyDelivery}, through the account that received the comment).
     */
    private void handleReply(Tick tick, PostTarget seen, PostTarget claimed, Optional<Account> account) {
        if (account.isEmpty()) {
            record(tick, claimed, null, Outcome.ended(TargetStatus.FAILED, "the account no longer exists"));
            return;
        }
        if (replies == null || !replies.supports(claimed.network())) {
            record(tick, claimed, null, Outcome.ended(TargetStatus.FAILED,
                    "replying on " + claimed.network().id() + " is not enabled here"));
            return;
        }
        if (seen.status() == TargetStatus.PUBLISHING && !replies.deduplicates(claimed.network())) {
            record(tick, claimed, null, Outcome.ended(TargetStatus.UNCONFIRMED, "an earlier attempt stopped without "
                    + "an answer; check the conversation before replying again, to avoid a duplicate"));
            return;
        }
        PublishResult result;
        try {
            Credentials credentials = tick.credentials(account.get());
            String language = tick.brand(claimed.brandId()).map(Brand::language).orElse(null);
            result = replies.send(claimed, account.get(), credentials, language);
        } catch (IllegalStateException missing) {
            result = new PublishResult.NeedsReconnect("the account's credentials are missing");
        } catch (RuntimeException e) {
            Log.error("reply client failed", e, "replyId", claimed.postId(), "network", claimed.network().id());
            result = new PublishResult.Unconfirmed("internal error while replying: " + e.getClass().getSimpleName());
        }
        apply(tick, null, claimed, account.get(), result);
    }

    private PublishResult publish(Tick tick, Post post, PostTarget claimed, Account account, NetworkPublisher network) {
        Credentials credentials;
        try {
            credentials = tick.credentials(account);
        } catch (IllegalStateException missing) {
            return new PublishResult.NeedsReconnect("the account's credentials are missing");
        }
        try {
            String text = post.textFor(claimed.network());
            List<String> parts = post.thread() && TextRules.supportsThreads(claimed.network())
                    ? TextRules.split(claimed.network(), text, account.settings()) : List.of(text);
            Map<String, String> checkpoint = claimed.attempts() > 1
                    ? checkpoints.get(claimed.postId(), claimed.accountId()) : Map.of();
            String language = tick.brand(claimed.brandId()).map(Brand::language).orElse(null);
            return network.publish(new PublishRequest(post, claimed, account, credentials, parts, post.media(),
                    language, checkpoint));
        } catch (RuntimeException e) {
            // We cannot tell whether the request left: never retry blindly.
            Log.error("network publisher failed", e, "postId", claimed.postId(), "network", claimed.network().id());
            return new PublishResult.Unconfirmed("internal error while publishing: " + e.getClass().getSimpleName());
        }
    }

    private void apply(Tick tick, Post post, PostTarget claimed, Account account, PublishResult result) {
        Instant now = clock.instant();
        switch (result) {
            case PublishResult.Published p -> {
                boolean comment = post != null && post.firstComment() != null;
                Outcome published = Outcome.published(p.remoteId(), p.remoteUrl());
                if (record(tick, claimed, post, comment ? published.withFirstCommentPending() : published)) {
                    if (claimed.attempts() > 1) {
                        checkpoints.delete(claimed.postId(), claimed.accountId());
                    }
                    if (comment) {
                        // right after the post, in the same tick; a tick that dies here leaves it due
                        posts.getTarget(claimed.postId(), claimed.accountId()).ifPresent(t -> firstComment(tick, t));
                    }
                }
            }
            case PublishResult.RetryLater r -> {
                if (!r.checkpoint().isEmpty()) {
                    checkpoints.put(claimed.postId(), claimed.accountId(), r.checkpoint(), now);
                }
                if (claimed.attempts() >= settings.maxAttempts()) {
                    // A part sent without an answer may exist: giving up on it is unconfirmed, not failed.
                    record(tick, claimed, post, Outcome.ended(Threads.mayExist(r.checkpoint())
                            ? TargetStatus.UNCONFIRMED : TargetStatus.FAILED,
                            "gave up after " + claimed.attempts() + " attempts: " + r.reason()));
                } else {
                    Instant backoff = now.plus(settings.backoff(claimed.attempts()));
                    Instant next = r.notBefore() != null && r.notBefore().isAfter(backoff) ? r.notBefore() : backoff;
                    record(tick, claimed, post, Outcome.retryAt(next, r.reason()));
                }
            }
            case PublishResult.NeedsReconnect n -> {
                if (record(tick, claimed, post, Outcome.ended(TargetStatus.NEEDS_RECONNECT, n.reason()))) {
                    accountNeedsReconnect(tick, account, n.reason());
                }
            }
            case PublishResult.Rejected r -> record(tick, claimed, post, Outcome.ended(TargetStatus.FAILED, r.reason()));
            case PublishResult.Unconfirmed u ->
                    record(tick, claimed, post, Outcome.ended(TargetStatus.UNCONFIRMED, u.reason()));
        }
    }

    /**
     * The first comment of a published target, exactly once: claimed on its own state (PENDING, or POSTING with an
     * expired lease), attempted once per claim, and retried only when the network certainly created nothing (the
     * request never left, a 429) or deduplicates on our key (Mastodon). A claim whose earlier attempt died without an
     * answer, a 5xx or a timeout is UNCONFIRMED, and a 4xx is FAILED: neither is ever posted again, so a 400 that
     * hides a success cannot turn into a second comment (docs/PUBLISHING.md, "First comment").
     */
    private void firstComment(Tick tick, PostTarget seen) {
        if (seen.comment() == null) {
            return;
        }
        Instant now = clock.instant();
        Optional<PostTarget> claim = posts.claimComment(seen, tick.owner, now, now.plus(settings.lease()));
        if (claim.isEmpty()) {
            tick.lostClaims.incrementAndGet();
            return;
        }
        PostTarget claimed = claim.get();
        NetworkPublisher network = networks.get(claimed.network());
        Optional<Account> account = tick.account(claimed.brandId(), claimed.accountId());
        Optional<Post> post = tick.post(claimed.postId());
        String refused = network == null ? "publishing to " + claimed.network().id() + " is not enabled here"
                : !network.supportsReplies() ? claimed.network().id() + " takes no comments from us"
                : account.isEmpty() ? "the account no longer exists"
                : post.isEmpty() || post.get().firstComment() == null ? "the post or its first comment no longer exists"
                : claimed.remoteId() == null ? "the post's remote id is unknown" : null;
        if (refused != null) {
            recordComment(tick, claimed, PostTarget.CommentStatus.FAILED, null, refused, null);
            return;
        }
        if (seen.comment().status() == PostTarget.CommentStatus.POSTING && !network.deduplicates()) {
            recordComment(tick, claimed, PostTarget.CommentStatus.UNCONFIRMED, null, "an earlier attempt stopped "
                    + "without an answer; check the post before adding the comment by hand, to avoid a duplicate", null);
            return;
        }
        PublishResult result;
        try {
            Credentials credentials = tick.credentials(account.get());
            String language = tick.brand(claimed.brandId()).map(Brand::language).orElse(null);
            result = network.reply(new ReplyRequest(account.get(), credentials, claimed.remoteId(),
                    post.get().firstComment().textFor(claimed.network()), commentKey(claimed), language));
        } catch (IllegalStateException missing) {
            result = new PublishResult.NeedsReconnect("the account's credentials are missing");
        } catch (RuntimeException e) {
            Log.error("first comment failed unexpectedly", e, "postId", claimed.postId());
            result = new PublishResult.Unconfirmed("internal error while commenting: " + e.getClass().getSimpleName());
        }
        int attempts = claimed.comment().attempts();
        switch (result) {
            case PublishResult.Published p ->
                    recordComment(tick, claimed, PostTarget.CommentStatus.POSTED, p.remoteId(), null, null);
            case PublishResult.RetryLater r -> {
                if (attempts >= settings.maxAttempts()) {
                    recordComment(tick, claimed, PostTarget.CommentStatus.FAILED, null,
                            "gave up after " + attempts + " attempts: " + r.reason(), null);
                } else {
                    Instant backoff = now.plus(settings.backoff(attempts));
                    Instant next = r.notBefore() != null && r.notBefore().isAfter(backoff) ? r.notBefore() : backoff;
                    recordComment(tick, claimed, PostTarget.CommentStatus.PENDING, null, r.reason(), next);
                }
            }
            case PublishResult.Unconfirmed u when network.deduplicates() && attempts < settings.maxAttempts() ->
                    recordComment(tick, claimed, PostTarget.CommentStatus.PENDING, null, u.reason(),
                            now.plus(settings.backoff(attempts)));
            case PublishResult.Unconfirmed u ->
                    recordComment(tick, claimed, PostTarget.CommentStatus.UNCONFIRMED, null, u.reason(), null);
            case PublishResult.NeedsReconnect n -> {
                if (recordComment(tick, claimed, PostTarget.CommentStatus.FAILED, null, n.reason(), null)) {
                    accountNeedsReconnect(tick, account.get(), n.reason());
                }
            }
            case PublishResult.Rejected r ->
                    recordComment(tick, claimed, PostTarget.CommentStatus.FAILED, null, r.reason(), null);
        }
    }

    private boolean recordComment(Tick tick, PostTarget claimed, PostTarget.CommentStatus status, String remoteId,
                                  String error, Instant next) {
        if (!posts.finishComment(claimed, tick.owner, status, remoteId, error, next, clock.instant())) {
            Log.warn("lease lost before the first comment's outcome was recorded", "postId", claimed.postId(),
                    "accountId", claimed.accountId());
            return false;
        }
        tick.outcomes.computeIfAbsent("COMMENT_" + status.name(), k -> new AtomicInteger()).incrementAndGet();
        Log.info("first comment", "postId", claimed.postId(), "accountId", claimed.accountId(),
                "status", status.name());
        return true;
    }

    /** The same for every attempt at the first comment of a target (Mastodon drops a repeat carrying it). */
    private static String commentKey(PostTarget t) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(("cm-autopilot/first-comment/"
                    + t.postId() + "/" + t.accountId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accountNeedsReconnect(Tick tick, Account account, String reason) {
        Account parked = account.withStatus(Account.Status.NEEDS_RECONNECT);
        String key = account.brandId() + "/" + account.id();
        // Once per tick: the first worker to see the token fail flips the account and announces it.
        if (tick.accounts.replace(key, Optional.of(account), Optional.of(parked))) {
            brands.setAccountStatus(account.brandId(), account.id(), Account.Status.NEEDS_RECONNECT);
            var event = new PendingEvents.Pending("ACCOUNT#" + account.brandId() + "#" + account.id() + "#"
                    + clock.millis(), DomainEvent.of(new AccountNeedsReconnect(account.brandId(), account.id(),
                    account.network(), account.handle(), reason)));
            pending.mark(event);
            tick.emit(event);
        }
    }

    /**
     * Records the outcome with its counter in one transaction, then announces it. False when the lease was lost
     * meanwhile (another tick owns the target now and will record its own outcome).
     */
    private boolean record(Tick tick, PostTarget claimed, Post post, Outcome outcome) {
        Instant now = clock.instant();
        var zone = tick.brand(claimed.brandId()).map(Brand::timezone).orElse(ZoneOffset.UTC);
        boolean reply = Reply.isReply(claimed.postId());
        Transaction tx = new Transaction();
        if (outcome.status() != TargetStatus.RETRY) {
            counters.increment(tx, claimed.brandId(), zone, now, Map.of(reply
                    ? Counters.replies(outcome.status()) : Counters.posts(outcome.status()), 1L));
        }
        PendingEvents.Pending event = reply ? replyEvent(claimed, outcome) : outcomeEvent(claimed, outcome);
        if (event != null) {
            // The announcement is stored with the outcome: it is put on the bus or swept, never lost.
            pending.mark(tx, event);
        }
        if (!posts.finish(tx, claimed, tick.owner, outcome, now)) {
            Log.warn("lease lost before the outcome was recorded", "postId", claimed.postId(),
                    "accountId", claimed.accountId());
            return false;
        }
        tick.outcomes.computeIfAbsent(outcome.status().name(), k -> new AtomicInteger()).incrementAndGet();
        if (event != null) {
            tick.emit(event);
        }
        if (reply) {
            if (outcome.status() == TargetStatus.PUBLISHED) {
                replies.published(claimed, zone, now);
            }
            return true;
        }
        if (post != null && post.recurrence() != null && outcome.status() != TargetStatus.RETRY) {
            scheduleNextOccurrence(post.id());
        }
        return true;
    }

    /** The event that announces a reply's outcome (ReplyPublished, ReplyFailed; none while it waits). */
    private PendingEvents.Pending replyEvent(PostTarget claimed, Outcome outcome) {
        return replies.event(claimed, outcome).map(e -> new PendingEvents.Pending("REPLY#" + claimed.postId() + "#"
                + claimed.accountId() + "#" + claimed.attempts() + "#" + outcome.status().name(), e)).orElse(null);
    }

    /** The event that announces an outcome (none for a retry), with the id of its pending mark. */
    private static PendingEvents.Pending outcomeEvent(PostTarget claimed, Outcome outcome) {
        BusEvent announced = switch (outcome.status()) {
            case PUBLISHED -> new PostPublished(claimed.brandId(), claimed.postId(), claimed.accountId(),
                    claimed.network(), claimed.attempts(), outcome.remoteId(), outcome.remoteUrl());
            case FAILED -> new PostFailed(claimed.brandId(), claimed.postId(), claimed.accountId(),
                    claimed.network(), claimed.attempts(), outcome.error());
            case UNCONFIRMED -> new PostUnconfirmed(claimed.brandId(), claimed.postId(), claimed.accountId(),
                    claimed.network(), claimed.attempts(), outcome.error());
            default -> null;
        };
        if (announced == null) {
            return null;
        }
        return new PendingEvents.Pending("POST#" + claimed.postId() + "#" + claimed.accountId() + "#"
                + claimed.attempts() + "#" + outcome.status().name(), DomainEvent.of(announced));
    }

    /** When every target of a recurring post is done, creates the next occurrence (once, by its deterministic id). */
    private void scheduleNextOccurrence(String postId) {
        Post fresh = posts.get(postId).orElse(null);
        if (fresh == null || fresh.targets().stream().anyMatch(t -> t.status().pending())) {
            return;
        }
        Occurrences.next(fresh, clock.instant()).ifPresent(next -> {
            try {
                posts.create(next);
                Log.info("next occurrence scheduled", "postId", next.id(), "publishAt", next.publishAt());
            } catch (Conflict alreadyCreated) {
                // another publisher finished the last target at the same time and created it
            }
        });
    }

    /** Per-tick state: caches (a page often holds several targets of one post, account or brand) and tallies. */
    private final class Tick {
        final String owner;
        final Instant deadline;
        final AtomicInteger seen = new AtomicInteger();
        final AtomicInteger lostClaims = new AtomicInteger();
        final AtomicInteger parked = new AtomicInteger();
        final AtomicInteger leftDue = new AtomicInteger();
        final AtomicInteger undelivered = new AtomicInteger();
        final AtomicInteger held = new AtomicInteger();
        final Map<String, Boolean> pausedBrands = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        final Map<String, Optional<Account>> accounts = new ConcurrentHashMap<>();
        final Map<String, Optional<Brand>> brandCache = new ConcurrentHashMap<>();
        final Map<String, Optional<Post>> postCache = new ConcurrentHashMap<>();
        final Map<String, Credentials> credentialCache = new ConcurrentHashMap<>();
        final Queue<PendingEvents.Pending> events = new ConcurrentLinkedQueue<>();

        Tick(String owner, Instant deadline) {
            this.owner = owner;
            this.deadline = deadline;
        }

        int progress() {
            return outcomes.values().stream().mapToInt(AtomicInteger::get).sum() + parked.get() + held.get();
        }

        /**
         * Whether the brand's publishing is paused, read once per tick. A brand found running with targets still
         * held (a resume that was interrupted) has them put back on schedule here.
         */
        boolean paused(String brandId) {
            Boolean known = pausedBrands.get(brandId);
            if (known != null) {
                return known;
            }
            PublishingStore.State state = publishing.get(brandId);
            if (pausedBrands.putIfAbsent(brandId, state.paused()) == null && !state.paused() && state.held() > 0) {
                new PublishingSwitch(publishing, posts, bus, clock).release(brandId);
            }
            return state.paused();
        }

        Optional<Account> account(String brandId, String accountId) {
            return accounts.computeIfAbsent(brandId + "/" + accountId, k -> brands.getAccount(brandId, accountId));
        }

        Optional<Brand> brand(String brandId) {
            return brandCache.computeIfAbsent(brandId, brands::get);
        }

        Optional<Post> post(String postId) {
            return postCache.computeIfAbsent(postId, posts::get);
        }

        Credentials credentials(Account account) {
            return credentialCache.computeIfAbsent(account.brandId() + "/" + account.id(), k ->
                    new Credentials(account.secretRef(), account.secretRef() == null ? Map.of()
                            : secrets.getMap(account.secretRef()), secrets));
        }

        void emit(PendingEvents.Pending event) {
            events.add(event);
        }

        void flushEvents() {
            List<PendingEvents.Pending> batch = new ArrayList<>();
            for (PendingEvents.Pending e = events.poll(); e != null; e = events.poll()) {
                batch.add(e);
            }
            if (batch.isEmpty()) {
                return;
            }
            for (PendingEvents.Pending p : pending.announce(bus, batch)) {
                undelivered.incrementAndGet();
                // The outcome is stored on the target and its event in a pending mark: the sweeper puts it later.
                // the mark's id names the post (or reply, or account) and the account: POST#<post>#<account>#...
                Log.warn("event not delivered; left pending for the sweeper", "detailType", p.event().detailType(),
                        "eventId", p.id());
            }
        }

        TickReport report(long millis) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            outcomes.forEach((k, v) -> counts.put(k, v.get()));
            if (held.get() > 0) {
                counts.put("HELD", held.get());
            }
            return new TickReport(seen.get(), counts, lostClaims.get(), parked.get(), leftDue.get(), undelivered.get(),
                    millis);
        }
    }
}
