package io.cmautopilot.core.comment;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.store.Page;
import io.cmautopilot.core.store.StoreFixture;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommentStoreTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private Table table() {
        return StoreFixture.table(dynamo);
    }

    private CommentStore store() {
        return new CommentStore(table());
    }

    private static final CommentStore.Origin ACC1 = CommentStore.Origin.account("acme", "acc1");

    private Comment stored(Network network, String externalId) {
        return store().find(ACC1, network, externalId).orElseThrow();
    }

    static Comment comment(String externalId, Network network, Instant createdAt, String text) {
        return Comment.received("C-" + network.id() + "-" + externalId, "acme", "acc1", network, externalId, null, null,
                new Comment.Author("u1", "jane", "Jane"), text, "en", createdAt, createdAt.plusSeconds(5),
                "https://example.test/" + externalId, Comment.Kind.COMMENT);
    }

    private static Sentiment negative(double score) {
        return new Sentiment(Sentiment.Label.NEGATIVE, Map.of("negative", score, "positive", 0.0, "neutral",
                1 - score, "mixed", 0.0), "lexicon", "en");
    }

    @Test
    void a_duplicate_insert_is_a_no_op_and_keeps_the_first_write() {
        assertThat(store().insert(comment("1", Network.FACEBOOK, T0, "first"), ACC1)).isTrue();
        assertThat(store().insert(comment("1", Network.FACEBOOK, T0, "second delivery"), ACC1)).isFalse();
        assertThat(store().insert(comment("1", Network.INSTAGRAM, T0, "same id, other network"), ACC1)).isTrue();

        assertThat(stored(Network.FACEBOOK, "1").text()).isEqualTo("first");
        assertThat(store().list("acme", new CommentStore.Query(null, null, null, null, null, 50, null)).items()).hasSize(2);
    }

    @Test
    void pending_marks_list_unannounced_comments_until_cleared() {
        store().insert(comment("1", Network.X, T0, "a"), ACC1);
        store().insert(comment("2", Network.X, T0.plusSeconds(60), "b"), ACC1);

        assertThat(store().pending(T0.plusSeconds(3600), 10)).extracting(Comment::externalId).containsExactly("1", "2");
        store().clearPending(stored(Network.X, "1"));
        assertThat(store().pending(T0.plusSeconds(3600), 10)).extracting(Comment::externalId).containsExactly("2");
        assertThat(store().pending(T0.plusSeconds(10), 10)).as("marked after the cut-off").isEmpty();
    }

    @Test
    void score_is_applied_once_per_version_with_its_counters() {
        Table table = table();
        CommentStore comments = new CommentStore(table);
        CounterStore counters = new CounterStore(table);
        Comment c = comment("1", Network.MASTODON, T0, "awful");
        comments.insert(c, ACC1);
        var deltas = Map.of(Counters.COMMENTS, 1L, Counters.sentiment(Sentiment.Label.NEGATIVE), 1L);
        List<Flag> flags = List.of(new Flag(Flag.Type.NEGATIVE, Flag.Severity.MEDIUM, List.of()));

        Transaction firstTx = new Transaction();
        counters.increment(firstTx, "acme", PARIS, T0, deltas);
        boolean first = comments.applyScore(firstTx, c, negative(0.9), flags, T0);
        Transaction againTx = new Transaction();
        counters.increment(againTx, "acme", PARIS, T0, deltas);
        boolean again = comments.applyScore(againTx, c, negative(0.9), flags, T0);

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(counters.hours("acme", T0, T0.plusSeconds(3600))).singleElement()
                .satisfies(b -> assertThat(b.get(Counters.COMMENTS)).isEqualTo(1));
        Comment scored = stored(Network.MASTODON, "1");
        assertThat(scored.scoredVersion()).isEqualTo(1);
        assertThat(scored.sentiment().label()).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(scored.hasFlag(Flag.Type.NEGATIVE)).isTrue();
    }

    @Test
    void an_edit_bumps_the_version_once_and_is_scored_again() {
        CommentStore comments = store();
        Comment c = comment("1", Network.FACEBOOK, T0, "good");
        comments.insert(c, ACC1);
        comments.clearPending(c);
        comments.applyScore(c, negative(0.5), List.of(), T0);

        Comment edited = comments.edit(ACC1, Network.FACEBOOK, "1", "actually bad", T0.plusSeconds(60)).orElseThrow();
        assertThat(comments.edit(ACC1, Network.FACEBOOK, "1", "actually bad", T0.plusSeconds(61))).as("re-delivered edit").isEmpty();

        assertThat(edited.version()).isEqualTo(2);
        assertThat(comments.pending(T0.plusSeconds(3600), 10)).extracting(Comment::externalId).containsExactly("1");
        assertThat(comments.applyScore(c, negative(0.9), List.of(), T0)).as("stale version").isFalse();
        assertThat(comments.applyScore(edited, negative(0.9), List.of(), T0)).isTrue();
        assertThat(comments.edit(ACC1, Network.FACEBOOK, "unknown", "x", T0)).isEmpty();
    }

    @Test
    void removal_and_hiding_are_recorded_once() {
        store().insert(comment("1", Network.INSTAGRAM, T0, "x"), ACC1);

        assertThat(store().markRemoved(ACC1, Network.INSTAGRAM, "1", T0)).isTrue();
        assertThat(store().markRemoved(ACC1, Network.INSTAGRAM, "1", T0)).isFalse();
        assertThat(store().markHidden(stored(Network.INSTAGRAM, "1"), T0)).isTrue();
        assertThat(store().markRemoved(ACC1, Network.INSTAGRAM, "nope", T0)).isFalse();
        Comment c = stored(Network.INSTAGRAM, "1");
        assertThat(c.removed()).isTrue();
        assertThat(c.hidden()).isTrue();
    }

    @Test
    void listing_is_newest_first_filtered_and_pages_without_gaps_or_repeats() {
        CommentStore comments = store();
        for (int i = 0; i < 30; i++) {
            Network network = i % 3 == 0 ? Network.X : Network.MASTODON;
            Comment c = comment(String.valueOf(i), network, T0.plusSeconds(i * 60L), "text " + i);
            comments.insert(c, ACC1);
            if (i % 2 == 0) {
                comments.applyScore(c, negative(0.8), List.of(new Flag(Flag.Type.NEEDS_REPLY, null, List.of())), T0);
            }
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Comment> page = comments.list("acme", new CommentStore.Query(null, null, Network.MASTODON, null,
                    Flag.Type.NEEDS_REPLY, 3, cursor));
            page.items().forEach(c -> seen.add(c.externalId()));
            cursor = page.cursor();
        } while (cursor != null);

        // Mastodon = i not divisible by 3; flagged = even i: 28, 26, 22, 20, 16, 14, 10, 8, 4, 2, newest first.
        assertThat(seen).containsExactly("28", "26", "22", "20", "16", "14", "10", "8", "4", "2");
        var window = comments.list("acme", new CommentStore.Query(T0.plusSeconds(60), T0.plusSeconds(180), null,
                Sentiment.Label.NEGATIVE, null, 50, null));
        assertThat(window.items()).extracting(Comment::externalId).containsExactly("2");
        assertThat(window.cursor()).isNull();
        assertThatThrownBy(() -> comments.list("acme", new CommentStore.Query(null, null, null, null, null, 5, "garbage!")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void claims_of_different_origins_never_collide_and_nobody_else_can_see_them() {
        CommentStore comments = store();
        Comment relayed = Comment.received("R1", "rival", null, Network.FACEBOOK, "1001_555", null, null, null,
                "planted by another brand's relay", "en", T0, T0, null, Comment.Kind.COMMENT);
        Comment real = Comment.received("M1", "acme", "acc1", Network.FACEBOOK, "1001_555", null, null, null,
                "what Meta delivered", "en", T0, T0, null, Comment.Kind.COMMENT);
        Comment ownRelay = Comment.received("R2", "acme", "acc1", Network.FACEBOOK, "1001_555", null, null, null,
                "acme's own relay", "en", T0, T0, null, Comment.Kind.COMMENT);

        assertThat(comments.insert(relayed, CommentStore.Origin.relay("rival"))).isTrue();
        assertThat(comments.insert(real, ACC1)).as("another brand's claim does not pre-empt the owner").isTrue();
        assertThat(comments.insert(ownRelay, CommentStore.Origin.relay("acme"))).as("nor the brand's relay").isTrue();
        assertThat(comments.insert(real, ACC1)).as("a re-delivery to the owner is still a duplicate").isFalse();

        assertThat(stored(Network.FACEBOOK, "1001_555").text()).isEqualTo("what Meta delivered");
        assertThat(comments.get("rival", "M1")).as("an id of another brand addresses nothing").isEmpty();
        assertThat(comments.get("acme", "M1")).isPresent();
        assertThat(comments.find(CommentStore.Origin.account("acme", "acc2"), Network.FACEBOOK, "1001_555")).isEmpty();
        assertThatThrownBy(() -> comments.insert(real, CommentStore.Origin.relay("rival")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_cursor_of_another_brand_is_refused() {
        CommentStore comments = store();
        for (int i = 0; i < 3; i++) {
            comments.insert(comment(String.valueOf(i), Network.X, T0.plusSeconds(i), "t"), ACC1);
        }
        String cursor = comments.list("acme", new CommentStore.Query(null, null, null, null, null, 1, null)).cursor();
        assertThat(cursor).isNotNull();

        assertThatThrownBy(() -> comments.list("rival", new CommentStore.Query(null, null, null, null, null, 1, cursor)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrent_deliveries_of_one_comment_store_it_exactly_once() throws Exception {
        CommentStore comments = store();
        int n = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            var start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                Comment c = Comment.received("D" + i, "acme", "acc1", Network.FACEBOOK, "race_1", null, null, null,
                        "delivery " + i, "en", T0, T0, null, Comment.Kind.COMMENT);
                results.add(pool.submit(() -> {
                    start.await();
                    return comments.insert(c, ACC1);
                }));
            }
            start.countDown();
            int stored = 0;
            for (var r : results) {
                stored += r.get() ? 1 : 0;
            }
            assertThat(stored).isEqualTo(1);
            assertThat(comments.list("acme", new CommentStore.Query(null, null, null, null, null, 50, null)).items())
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
