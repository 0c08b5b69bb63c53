package io.cmautopilot.core.comment;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.store.StoreFixture;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HighlightStoreTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private static Sentiment sentiment(Sentiment.Label label, double negative, double positive) {
        return new Sentiment(label, Map.of("negative", negative, "positive", positive), "lexicon", "en");
    }

    private void write(Table table, Comment c, Sentiment s, List<Flag> flags) {
        Transaction tx = new Transaction();
        new HighlightStore(table).put(tx, c, s, flags, PARIS);
        tx.commit();
    }

    @Test
    void lists_come_back_in_the_digest_order_across_days_bounded_by_the_limit() {
        Table table = StoreFixture.table(dynamo);
        List<Flag> reply = List.of(new Flag(Flag.Type.NEEDS_REPLY, null, List.of()));
        for (int i = 0; i < 6; i++) {
            Comment c = CommentStoreTest.comment("n" + i, Network.X, T0.plusSeconds(86400L * (i % 2) + i * 60L), "bad " + i);
            write(table, c, sentiment(Sentiment.Label.NEGATIVE, 0.5 + i * 0.05, 0), reply);
        }
        write(table, CommentStoreTest.comment("p1", Network.X, T0, "great"), sentiment(Sentiment.Label.POSITIVE, 0, 0.97), List.of());

        HighlightStore store = new HighlightStore(table);
        LocalDate day1 = LocalDate.parse("2026-12-01");
        LocalDate day2 = LocalDate.parse("2026-12-02");
        assertThat(store.top("acme", day1, day2, Highlight.Category.NEGATIVE, 3)).extracting(Highlight::externalId)
                .containsExactly("n5", "n4", "n3");
        assertThat(store.top("acme", day1, day2, Highlight.Category.NEEDS_REPLY, 4)).extracting(Highlight::externalId)
                .containsExactly("n0", "n2", "n4", "n1");
        assertThat(store.top("acme", day1, day1, Highlight.Category.POSITIVE, 5)).extracting(Highlight::externalId)
                .containsExactly("p1");
        assertThat(store.top("acme", day1, day2, Highlight.Category.TOXIC, 5)).isEmpty();
    }

    @Test
    void a_rescored_edit_replaces_its_previous_entries() {
        Table table = StoreFixture.table(dynamo);
        Comment before = CommentStoreTest.comment("e1", Network.X, T0, "bad");
        Sentiment was = sentiment(Sentiment.Label.NEGATIVE, 0.9, 0);
        write(table, before, was, List.of());
        Comment scored = new Comment(before.id(), before.brandId(), before.accountId(), before.network(),
                before.externalId(), null, null, before.author(), before.text(), "en", before.createdAt(),
                before.receivedAt(), before.permalink(), before.kind(), 1, was, List.of(), 1, false, false);

        Transaction tx = new Transaction();
        HighlightStore store = new HighlightStore(table);
        store.delete(tx, scored, PARIS);
        store.put(tx, scored, sentiment(Sentiment.Label.POSITIVE, 0, 0.8), List.of(), PARIS);
        tx.commit();

        LocalDate day = LocalDate.parse("2026-12-01");
        assertThat(store.top("acme", day, day, Highlight.Category.NEGATIVE, 5)).isEmpty();
        assertThat(store.top("acme", day, day, Highlight.Category.POSITIVE, 5)).singleElement()
                .satisfies(h -> assertThat(h.text()).isEqualTo("bad"));
    }
}
