package io.cmautopilot.scoring;

import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentState;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.events.CommentFlagged;
import io.cmautopilot.core.events.CommentScored;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.scoring.alert.Alerts;
import io.cmautopilot.scoring.alert.AutoHider;
import io.cmautopilot.scoring.crisis.CrisisWatch;
import io.cmautopilot.scoring.engine.SentimentEngine;
import io.cmautopilot.scoring.engine.TextInput;
import io.cmautopilot.scoring.engine.Verdict;
import io.cmautopilot.scoring.flags.Flagger;
import io.cmautopilot.scoring.instagram.MentionTexts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scores a batch of received comments. Per comment, one transaction records the score of that version, the counter
 * increments and the digest highlights ({@link CommentStore#applyScore}): a re-delivered message finds the version
 * scored and changes nothing. An edit re-scored takes back the previous version's sentiment and flag counts and its
 * highlights, so totals stay right. Then, for what was newly scored: {@code CommentScored} for each comment,
 * {@code CommentFlagged} for each flagged one, immediate alerts for HIGH flags, optional auto-hide, and the crisis
 * check of each brand touched.
 *
 * <p>Returns the ids of the messages to retry. A message whose comment was already scored is re-announced (events
 * only, no counters, no alerts): if the first attempt's events were refused by the bus, the retry delivers them;
 * consumers see {@code CommentScored} at least once, keyed by {@code commentId} and {@code version}.
 */
public final class Scorer {
    private final CommentStore comments;
    private final BrandStore brands;
    private final CounterStore counters;
    private final HighlightStore highlights;
    private final SentimentEngine engine;
    private final Flagger flagger;
    private final Bus bus;
    private final Alerts alerts;
    private final AutoHider hider;
    private final InboxStore inbox;
    private final MentionTexts mentions;
    private final CrisisWatch crisisWatch;
    private final Clock clock;

    private Scorer(Builder b) {
        this.comments = b.comments;
        this.brands = b.brands;
        this.counters = b.counters;
        this.highlights = b.highlights;
        this.engine = b.engine;
        this.flagger = b.flagger;
        this.bus = b.bus;
        this.alerts = b.alerts;
        this.hider = b.hider;
        this.inbox = b.inbox;
        this.mentions = b.mentions;
        this.crisisWatch = b.crisisWatch;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    private record Work(Comment comment, Brand brand, List<String> messageIds) {
    }

    /** Scores the requests and returns the message ids that must be retried. */
    public Set<String> score(List<ScoreRequest> requests) {
        Set<String> failed = new LinkedHashSet<>();
        Map<String, Work> fresh = new LinkedHashMap<>();
        Map<String, Work> scored = new LinkedHashMap<>();
        Map<String, Optional<Brand>> brandCache = new HashMap<>();
        for (ScoreRequest r : requests) {
            String key = r.brandId() + "#" + r.commentId();
            Work seen = fresh.containsKey(key) ? fresh.get(key) : scored.get(key);
            if (seen != null) {
                seen.messageIds().add(r.messageId());
                continue;
            }
            try {
                Optional<Comment> c = r.commentId() == null ? Optional.empty()
                        : comments.get(r.brandId(), r.commentId());
                if (c.isEmpty()) {
                    Log.warn("comment not found", "network", r.network().id(), "externalId", r.externalId());
                    failed.add(r.messageId());
                    continue;
                }
                Optional<Brand> brand = brandCache.computeIfAbsent(c.get().brandId(), brands::get);
                if (brand.isEmpty()) {
                    Log.warn("brand not found", "brandId", c.get().brandId());
                    failed.add(r.messageId());
                    continue;
                }
                Comment comment = mentions == null ? c.get() : mentions.complete(c.get());
                Work w = new Work(comment, brand.get(), new ArrayList<>(List.of(r.messageId())));
                Integer sv = c.get().scoredVersion();
                (sv != null && sv >= c.get().version() ? scored : fresh).put(key, w);
            } catch (RuntimeException e) {
                Log.error("cannot load comment", e, "network", r.network().id(), "externalId", r.externalId());
                failed.add(r.messageId());
            }
        }

        List<Work> toScore = List.copyOf(fresh.values());
        List<Verdict> verdicts;
        try {
            verdicts = toScore.isEmpty() ? List.of()
                    : engine.score(toScore.stream().map(w -> new TextInput(w.comment().text(), w.comment().language(),
                            w.brand().language())).toList());
        } catch (RuntimeException e) {
            Log.error("sentiment engine failed for the batch", e, "engine", engine.name(), "size", toScore.size());
            toScore.forEach(w -> failed.addAll(w.messageIds()));
            toScore = List.of();
            verdicts = List.of();
        }

        Instant now = clock.instant();
        List<DomainEvent> events = new ArrayList<>();
        Map<DomainEvent, List<String>> eventOwners = new HashMap<>();
        List<Runnable> afterEvents = new ArrayList<>();
        Map<String, Brand> touched = new LinkedHashMap<>();
        for (int i = 0; i < toScore.size(); i++) {
            Work w = toScore.get(i);
            Verdict v = verdicts.get(i);
            try {
                List<Flag> flags = flagger.flags(w.comment(), v, w.brand().settings());
                if (apply(w, v.sentiment(), flags, now)) {
                    Comment scoredComment = withScore(w.comment(), v.sentiment(), flags);
                    announce(scoredComment, v.sentiment(), flags, events, eventOwners, w.messageIds());
                    afterEvents.add(() -> act(w.brand(), scoredComment, flags));
                    settle(scoredComment, flags, now);
                    touched.put(w.brand().id(), w.brand());
                }
            } catch (RuntimeException e) {
                Log.error("cannot record score", e, "commentId", w.comment().id());
                failed.addAll(w.messageIds());
            }
        }
        for (Work w : scored.values()) {
            Comment c = w.comment();
            if (c.sentiment() != null) {
                announce(c, c.sentiment(), c.flags(), events, eventOwners, w.messageIds());
            }
        }
        for (DomainEvent refused : bus.put(events)) {
            failed.addAll(eventOwners.getOrDefault(refused, List.of()));
        }
        afterEvents.forEach(Runnable::run);
        for (Brand brand : touched.values()) {
            try {
                crisisWatch.check(brand, now);
            } catch (RuntimeException e) {
                Log.error("crisis check failed", e, "brandId", brand.id());
            }
        }
        return failed;
    }

    private boolean apply(Work w, Sentiment sentiment, List<Flag> flags, Instant now) {
        Comment previous = w.comment();
        Brand brand = w.brand();
        Map<String, Long> deltas = new HashMap<>();
        boolean firstScore = previous.sentiment() == null;
        if (firstScore) {
            deltas.merge(Counters.COMMENTS, 1L, Long::sum);
            deltas.merge(Counters.network(previous.network()), 1L, Long::sum);
        } else {
            count(deltas, previous, previous.sentiment(), previous.flags(), -1);
        }
        count(deltas, previous, sentiment, flags, +1);
        deltas.values().removeIf(d -> d == 0);

        Transaction tx = new Transaction();
        counters.increment(tx, brand.id(), brand.timezone(), previous.createdAt(), deltas);
        // The previous version's highlights go; one the new version puts again replaces its delete (Transaction).
        highlights.delete(tx, previous, brand.timezone());
        highlights.put(tx, withScore(previous, sentiment, flags), sentiment, flags, brand.timezone());
        return comments.applyScore(tx, previous, sentiment, flags, now);
    }

    private static void count(Map<String, Long> deltas, Comment c, Sentiment sentiment, List<Flag> flags, long sign) {
        deltas.merge(Counters.sentiment(sentiment.label()), sign, Long::sum);
        if (sentiment.label() == Sentiment.Label.NEGATIVE) {
            deltas.merge(Counters.negativeOn(c.network()), sign, Long::sum);
        }
        flags.stream().map(Flag::type).distinct().forEach(t -> deltas.merge(Counters.flag(t), sign, Long::sum));
    }

    private static Comment withScore(Comment c, Sentiment s, List<Flag> flags) {
        return c.toBuilder().sentiment(s).flags(flags).scoredVersion(c.version()).build();
    }

    private static void announce(Comment c, Sentiment s, List<Flag> flags, List<DomainEvent> events,
                                 Map<DomainEvent, List<String>> owners, List<String> messageIds) {
        DomainEvent e = DomainEvent.of(new CommentScored(c.brandId(), c.id(), c.network(), c.externalId(),
                c.version(), s.label(), s.scores(), s.engine(), s.language(),
                flags.stream().map(Flag::type).distinct().toList()));
        events.add(e);
        owners.put(e, messageIds);
        if (!flags.isEmpty()) {
            DomainEvent fe = DomainEvent.of(new CommentFlagged(c.brandId(), c.id(), c.network(), c.externalId(),
                    c.version(), s.label(), s.scores(), flags, c.permalink()));
            events.add(fe);
            owners.put(fe, messageIds);
        }
    }

    /** The inbox state scoring decides (CommentState.afterScoring); a failure leaves the comment open. */
    private void settle(Comment c, List<Flag> flags, Instant now) {
        if (inbox == null) {
            return;
        }
        try {
            inbox.settle(c, CommentState.afterScoring(flags), now);
        } catch (RuntimeException e) {
            Log.error("cannot settle the inbox state", e, "commentId", c.id());
        }
    }

    /** Immediate actions for HIGH flags: the alert, then the optional auto-hide of toxic comments. */
    private void act(Brand brand, Comment c, List<Flag> flags) {
        List<Flag> high = flags.stream().filter(f -> f.severity() == Flag.Severity.HIGH).toList();
        if (high.isEmpty()) {
            return;
        }
        try {
            alerts.flagged(brand, c, high);
        } catch (RuntimeException e) {
            Log.error("flag alert failed", e, "commentId", c.id());
        }
        boolean toxic = high.stream().anyMatch(f -> f.type() == Flag.Type.TOXIC);
        if (toxic && brand.settings().autoHideToxic() && hider != null && hider.supports(c.network())) {
            if (hider.hide(c) && inbox != null) {
                // why, so that a person can judge and undo it (POST .../unhide)
                List<String> labels = high.stream().filter(f -> f.type() == Flag.Type.TOXIC)
                        .flatMap(f -> f.labels().stream()).distinct().toList();
                Double score = c.sentiment() == null ? null : c.sentiment().scores().get("negative");
                try {
                    inbox.hiddenBecause(c, new io.cmautopilot.core.comment.Tracking.HiddenReason("auto-hide",
                            "autoHideToxic: TOXIC flag" + (labels.isEmpty() ? "" : " " + labels), score));
                } catch (RuntimeException e) {
                    Log.error("cannot record why the comment was hidden", e, "commentId", c.id());
                }
            }
        }
    }

    /** Collaborators; all but the hider are required. */
    public static final class Builder {
        private CommentStore comments;
        private BrandStore brands;
        private CounterStore counters;
        private HighlightStore highlights;
        private SentimentEngine engine;
        private Flagger flagger = new Flagger();
        private Bus bus;
        private Alerts alerts;
        private AutoHider hider;
        private InboxStore inbox;
        private MentionTexts mentions;
        private CrisisWatch crisisWatch;
        private Clock clock;

        public Builder comments(CommentStore v) { this.comments = v; return this; }
        public Builder brands(BrandStore v) { this.brands = v; return this; }
        public Builder counters(CounterStore v) { this.counters = v; return this; }
        public Builder highlights(HighlightStore v) { this.highlights = v; return this; }
        public Builder engine(SentimentEngine v) { this.engine = v; return this; }
        public Builder flagger(Flagger v) { this.flagger = v; return this; }
        public Builder bus(Bus v) { this.bus = v; return this; }
        public Builder alerts(Alerts v) { this.alerts = v; return this; }
        public Builder hider(AutoHider v) { this.hider = v; return this; }
        public Builder inbox(InboxStore v) { this.inbox = v; return this; }

        /** Reads the text of Instagram mentions that arrived as ids only; optional. */
        public Builder mentions(MentionTexts v) { this.mentions = v; return this; }
        public Builder crisisWatch(CrisisWatch v) { this.crisisWatch = v; return this; }
        public Builder clock(Clock v) { this.clock = v; return this; }

        public Scorer build() {
            List<String> missing = new ArrayList<>();
            if (comments == null) missing.add("comments");
            if (brands == null) missing.add("brands");
            if (counters == null) missing.add("counters");
            if (highlights == null) missing.add("highlights");
            if (engine == null) missing.add("engine");
            if (flagger == null) missing.add("flagger");
            if (bus == null) missing.add("bus");
            if (alerts == null) missing.add("alerts");
            if (crisisWatch == null) missing.add("crisisWatch");
            if (clock == null) missing.add("clock");
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Scorer needs " + String.join(", ", missing));
            }
            return new Scorer(this);
        }
    }
}
