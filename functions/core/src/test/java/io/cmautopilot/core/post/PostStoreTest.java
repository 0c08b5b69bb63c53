package io.cmautopilot.core.post;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.StoreFixture;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostStoreTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private PostStore store() {
        return new PostStore(StoreFixture.table(dynamo));
    }

    private static Post post(String id, Instant at, String... accounts) {
        List<PostTarget> targets = new ArrayList<>();
        for (String a : accounts) {
            targets.add(PostTarget.scheduled(id, "acme", a, Network.MASTODON, at, T0.minusSeconds(3600)));
        }
        return new Post(id, "acme", "hello", Map.of(Network.X, "hello X"), List.of(), at, ZoneId.of("Europe/Paris"),
                null, null, 0, false, T0.minusSeconds(3600), targets);
    }

    @Test
    void a_created_post_reads_back_with_its_targets_and_variants() {
        store().create(post("P1", T0, "a1", "a2"));

        Post read = store().get("P1").orElseThrow();

        assertThat(read.targets()).extracting(PostTarget::accountId).containsExactlyInAnyOrder("a1", "a2");
        assertThat(read.textFor(Network.X)).isEqualTo("hello X");
        assertThat(read.textFor(Network.MASTODON)).isEqualTo("hello");
        assertThat(read.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(read.status()).isEqualTo(PostStatus.SCHEDULED);
        assertThatThrownBy(() -> store().create(post("P1", T0, "a1"))).isInstanceOf(Conflict.class);
    }

    @Test
    void due_index_returns_only_what_is_due_oldest_first() {
        store().create(post("LATE", T0.plusSeconds(600), "a1"));
        store().create(post("P2", T0.plusMillis(500), "a1"));
        store().create(post("P1", T0, "a1"));

        List<PostTarget> due = store().dueTargets(T0.plusSeconds(1), 10);

        // 08:00:00.000 sorts before 08:00:00.500 (fixed-width instants) and 08:10 is not due yet.
        assertThat(due).extracting(PostTarget::postId).containsExactly("P1", "P2");
    }

    @Test
    void only_one_of_many_concurrent_claimers_wins_a_target() throws Exception {
        store().create(post("P1", T0, "a1"));
        PostTarget seen = store().dueTargets(T0, 10).get(0);
        int claimers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<PostTarget>>> results = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            String owner = "tick-" + i;
            Callable<Optional<PostTarget>> claim = () -> {
                start.await();
                return store().claim(seen, owner, T0, T0.plusSeconds(120));
            };
            results.add(pool.submit(claim));
        }
        start.countDown();
        List<PostTarget> winners = new ArrayList<>();
        for (var r : results) {
            r.get().ifPresent(winners::add);
        }
        pool.shutdown();

        assertThat(winners).hasSize(1);
        PostTarget won = store().get("P1").orElseThrow().targets().get(0);
        assertThat(won.status()).isEqualTo(TargetStatus.PUBLISHING);
        assertThat(won.leaseOwner()).isEqualTo(winners.get(0).leaseOwner());
        assertThat(won.attempts()).isEqualTo(1);
    }

    @Test
    void a_claim_leaves_the_due_index_until_its_lease_ends_then_can_be_reclaimed_once() {
        store().create(post("P1", T0, "a1"));
        PostTarget seen = store().dueTargets(T0, 10).get(0);
        store().claim(seen, "tick-1", T0, T0.plusSeconds(120)).orElseThrow();

        assertThat(store().dueTargets(T0.plusSeconds(60), 10)).isEmpty();
        List<PostTarget> expired = store().dueTargets(T0.plusSeconds(121), 10);
        assertThat(expired).singleElement().extracting(PostTarget::status).isEqualTo(TargetStatus.PUBLISHING);

        Instant later = T0.plusSeconds(121);
        assertThat(store().claim(expired.get(0), "tick-2", later, later.plusSeconds(120))).isPresent();
        assertThat(store().claim(expired.get(0), "tick-3", later, later.plusSeconds(120))).isEmpty();
    }

    @Test
    void finish_by_the_lease_owner_records_the_remote_id_and_leaves_the_due_index() {
        store().create(post("P1", T0, "a1"));
        PostTarget claimed = store().claim(store().dueTargets(T0, 10).get(0), "tick-1", T0, T0.plusSeconds(60)).orElseThrow();

        assertThat(store().finish(claimed, "someone-else", PostStore.Outcome.published("x", null), T0)).isFalse();
        assertThat(store().finish(claimed, "tick-1", PostStore.Outcome.published("109", "https://m.example/@a/109"), T0)).isTrue();

        Post read = store().get("P1").orElseThrow();
        assertThat(read.status()).isEqualTo(PostStatus.PUBLISHED);
        assertThat(read.targets().get(0).remoteUrl()).isEqualTo("https://m.example/@a/109");
        assertThat(store().dueTargets(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(store().findByRemoteId("acme", Network.MASTODON, "109")).contains(new PostStore.RemoteRef("acme", "P1", "a1"));
    }

    @Test
    void a_retry_goes_back_on_the_due_index_at_its_time() {
        store().create(post("P1", T0, "a1"));
        PostTarget claimed = store().claim(store().dueTargets(T0, 10).get(0), "tick-1", T0, T0.plusSeconds(60)).orElseThrow();

        store().finish(claimed, "tick-1", PostStore.Outcome.retryAt(T0.plusSeconds(300), "429"), T0);

        assertThat(store().dueTargets(T0.plusSeconds(299), 10)).isEmpty();
        assertThat(store().dueTargets(T0.plusSeconds(300), 10)).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(TargetStatus.RETRY));
    }

    @Test
    void cancel_is_refused_whole_when_a_target_is_published() {
        store().create(post("P1", T0, "a1", "a2"));
        PostTarget seen = store().dueTargets(T0, 10).stream().filter(t -> t.accountId().equals("a1")).findFirst().orElseThrow();
        PostTarget claimed = store().claim(seen, "tick", T0, T0.plusSeconds(60)).orElseThrow();
        store().finish(claimed, "tick", PostStore.Outcome.published("1", null), T0);

        assertThatThrownBy(() -> store().cancel("P1", T0)).isInstanceOf(Conflict.class);
        Post read = store().get("P1").orElseThrow();
        assertThat(read.cancelled()).isFalse();
        assertThat(read.targets()).extracting(PostTarget::status)
                .containsExactlyInAnyOrder(TargetStatus.PUBLISHED, TargetStatus.SCHEDULED);
    }

    @Test
    void cancel_takes_every_waiting_target_off_the_due_index() {
        store().create(post("P1", T0, "a1", "a2"));

        Post cancelled = store().cancel("P1", T0);

        assertThat(cancelled.status()).isEqualTo(PostStatus.CANCELLED);
        assertThat(store().dueTargets(T0.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void posts_list_per_brand_by_publish_time() {
        store().create(post("P1", T0, "a1"));
        store().create(post("P2", T0.plusSeconds(86400), "a1"));

        assertThat(store().listByBrand("acme", T0, T0.plusSeconds(3600), 50)).extracting(Post::id).containsExactly("P1");
        assertThat(store().listByBrand("other", T0, T0.plusSeconds(86400 * 2), 50)).isEmpty();
    }

    @Test
    void a_target_parked_for_reconnect_leaves_the_due_index_and_comes_back_when_rescheduled() {
        store().create(post("P1", T0, "a1"));

        assertThat(store().setWaitingStatus("P1", "a1", TargetStatus.NEEDS_RECONNECT, null, "token expired", T0)).isTrue();
        assertThat(store().dueTargets(T0.plusSeconds(60), 10)).isEmpty();
        assertThat(store().parkedTargets("a1")).singleElement().satisfies(t -> {
            assertThat(t.postId()).isEqualTo("P1");
            assertThat(t.lastError()).isEqualTo("token expired");
        });

        assertThat(store().setWaitingStatus("P1", "a1", TargetStatus.SCHEDULED, T0.plusSeconds(120), null, T0)).isTrue();
        assertThat(store().dueTargets(T0.plusSeconds(120), 10)).hasSize(1);
        assertThat(store().parkedTargets("a1")).isEmpty();
    }

    @Test
    void a_publish_that_needs_a_reconnect_parks_the_target_on_its_account() {
        store().create(post("P1", T0, "a1"));
        PostTarget claimed = store().claim(store().dueTargets(T0, 10).get(0), "tick", T0, T0.plusSeconds(60)).orElseThrow();

        store().finish(claimed, "tick", PostStore.Outcome.ended(TargetStatus.NEEDS_RECONNECT, "401"), T0);

        assertThat(store().dueTargets(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(store().parkedTargets("a1")).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(TargetStatus.NEEDS_RECONNECT));
        assertThat(store().parkedTargets("a2")).isEmpty();
    }

}
