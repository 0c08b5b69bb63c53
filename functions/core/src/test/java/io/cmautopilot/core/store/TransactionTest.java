package io.cmautopilot.core.store;

import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Transaction, Update and Condition against DynamoDB Local: what lands in the table, and what is refused. */
class TransactionTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private Table table() {
        return StoreFixture.table(dynamo);
    }

    private Map<String, AttributeValue> read(String pk, String sk) {
        var item = table().client().getItem(b -> b.tableName(table().name()).key(Table.key(pk, sk))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String status) {
        return new Table.Item().key(pk, sk).put("status", status).build();
    }

    @Test
    void writes_of_several_items_land_together() {
        Table table = table();
        table.put(item("A", "1", "OLD"), null);
        table.put(item("C", "1", "GONE"), null);
        Transaction tx = new Transaction();
        tx.put(table, item("B", "1", "NEW"), Condition.itemAbsent());
        tx.update(table, Table.key("A", "1"), new Update().set("status", "SEEN").add("seen", 2), Condition.eq("status", "OLD"));
        tx.delete(table, Table.key("C", "1"));
        assertThat(tx.size()).isEqualTo(3);
        tx.commit();

        assertThat(read("B", "1").get("status").s()).isEqualTo("NEW");
        assertThat(read("A", "1").get("status").s()).isEqualTo("SEEN");
        assertThat(read("A", "1").get("seen").n()).isEqualTo("2");
        assertThat(read("C", "1")).isNull();
    }

    @Test
    void a_cancellation_names_the_write_whose_condition_failed_and_nothing_lands() {
        Table table = table();
        table.put(item("POST#1", "TARGET#a", "PUBLISHING"), null);
        Transaction tx = new Transaction();
        Transaction.Write counter = tx.update(table, Table.key("COUNTER#acme", "H#1"), new Update().add("c_posts", 1));
        Transaction.Write mark = tx.put(table, item("EVENT#1", "EVENT", "PENDING"));
        Transaction.Write target = tx.update(table, Table.key("POST#1", "TARGET#a"),
                new Update().set("status", "PUBLISHED"), Condition.eq("leaseOwner", "tick-1"));

        TransactionCancelled e = catchThrowableOfType(TransactionCancelled.class, tx::commit);

        assertThat(e.conditionFailed(target)).isTrue();
        assertThat(e.reason(target)).isEqualTo(TransactionCancelled.CONDITION_FAILED);
        assertThat(e.conditionFailed(counter)).isFalse();
        assertThat(e.conditionFailed(mark)).isFalse();
        assertThat(e.reason(counter)).isNull();
        assertThat(e.anyConditionFailed()).isTrue();
        assertThat(e.getMessage()).contains("POST#1");
        assertThat(read("COUNTER#acme", "H#1")).as("nothing of a cancelled transaction lands").isNull();
        assertThat(read("EVENT#1", "EVENT")).isNull();
        assertThat(read("POST#1", "TARGET#a").get("status").s()).isEqualTo("PUBLISHING");
    }

    @Test
    void a_single_write_is_sent_alone_and_reports_its_condition_the_same_way() {
        Table table = table();
        table.put(item("A", "1", "OLD"), null);
        Transaction tx = new Transaction();
        Transaction.Write w = tx.put(table, item("A", "1", "NEW"), Condition.itemAbsent());
        TransactionCancelled e = catchThrowableOfType(TransactionCancelled.class, tx::commit);
        assertThat(e.conditionFailed(w)).isTrue();
        assertThat(read("A", "1").get("status").s()).isEqualTo("OLD");

        assertThat(table.update(Table.key("A", "1"), new Update().set("status", "X"), Condition.eq("status", "NEW")))
                .isFalse();
        assertThat(table.update(Table.key("A", "1"), new Update().set("status", "X"), Condition.eq("status", "OLD")))
                .isTrue();
        assertThat(read("A", "1").get("status").s()).isEqualTo("X");
    }

    @Test
    void a_failed_condition_check_cancels_the_writes_with_it() {
        Table table = table();
        table.put(new Table.Item().key("BRAND#acme", "PUBLISHING").put("paused", true).build(), null);
        Transaction tx = new Transaction();
        Transaction.Write check = tx.check(table, Table.key("BRAND#acme", "PUBLISHING"),
                Condition.absentOrEq("paused", false));
        Transaction.Write claim = tx.put(table, item("POST#1", "TARGET#a", "PUBLISHING"));
        TransactionCancelled e = catchThrowableOfType(TransactionCancelled.class, tx::commit);
        assertThat(e.conditionFailed(check)).isTrue();
        assertThat(e.conditionFailed(claim)).isFalse();
        assertThat(read("POST#1", "TARGET#a")).isNull();

        Transaction running = new Transaction();
        running.check(table, Table.key("BRAND#other", "PUBLISHING"), Condition.absentOrEq("paused", false));
        running.commit();
    }

    @Test
    void two_unconditional_updates_of_one_item_are_merged_into_one_write() {
        Table table = table();
        Transaction tx = new Transaction();
        Transaction.Write first = tx.update(table, Table.key("COUNTER#acme", "H#1"), new Update().add("c_comments", 1)
                .set("brandId", "acme"));
        Transaction.Write second = tx.update(table, Table.key("COUNTER#acme", "H#1"), new Update().add("c_negative", 1));
        tx.put(table, item("X", "1", "OK"));
        assertThat(tx.size()).isEqualTo(2);
        assertThat(first).isNotSameAs(second);
        tx.commit();

        var counter = read("COUNTER#acme", "H#1");
        assertThat(counter.get("c_comments").n()).isEqualTo("1");
        assertThat(counter.get("c_negative").n()).isEqualTo("1");
        assertThat(counter.get("brandId").s()).isEqualTo("acme");
    }

    @Test
    void merged_updates_both_learn_of_the_cancellation() {
        Table table = table();
        table.put(item("A", "1", "OLD"), null);
        Transaction tx = new Transaction();
        Transaction.Write first = tx.update(table, Table.key("A", "1"), new Update().add("n", 1));
        Transaction.Write second = tx.update(table, Table.key("A", "1"), new Update().add("m", 1));
        Transaction.Write guard = tx.check(table, Table.key("B", "1"), Condition.itemExists());
        TransactionCancelled e = catchThrowableOfType(TransactionCancelled.class, tx::commit);
        assertThat(e.conditionFailed(guard)).isTrue();
        assertThat(e.reason(first)).isEqualTo(e.reason(second));
        assertThat(read("A", "1")).doesNotContainKeys("n", "m");
    }

    @Test
    void a_put_after_a_delete_of_the_same_item_replaces_it() {
        Table table = table();
        table.put(new Table.Item().key("HL#acme", "NEGATIVE#1").put("text", "before").put("extra", "x").build(), null);
        Transaction tx = new Transaction();
        tx.delete(table, Table.key("HL#acme", "NEGATIVE#1"));
        tx.delete(table, Table.key("HL#acme", "NEGATIVE#2"));
        tx.put(table, new Table.Item().key("HL#acme", "NEGATIVE#1").put("text", "after").build());
        assertThat(tx.size()).isEqualTo(2);
        tx.commit();

        var kept = read("HL#acme", "NEGATIVE#1");
        assertThat(kept.get("text").s()).isEqualTo("after");
        assertThat(kept).doesNotContainKey("extra");
    }

    @Test
    void any_other_second_write_of_an_item_is_refused_when_added() {
        Table table = table();
        Transaction puts = new Transaction();
        puts.put(table, item("A", "1", "X"));
        assertThatThrownBy(() -> puts.put(table, item("A", "1", "Y")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("A / 1")
                .hasMessageContaining("written once per transaction");

        Transaction conditional = new Transaction();
        conditional.update(table, Table.key("A", "1"), new Update().add("n", 1), Condition.itemExists());
        assertThatThrownBy(() -> conditional.update(table, Table.key("A", "1"), new Update().add("m", 1)))
                .isInstanceOf(IllegalStateException.class);

        Transaction updateThenDelete = new Transaction();
        updateThenDelete.update(table, Table.key("A", "1"), new Update().add("n", 1));
        assertThatThrownBy(() -> updateThenDelete.delete(table, Table.key("A", "1")))
                .isInstanceOf(IllegalStateException.class);

        Transaction guardedDelete = new Transaction();
        guardedDelete.delete(table, Table.key("A", "1"), Condition.eq("status", "X"));
        assertThatThrownBy(() -> guardedDelete.put(table, item("A", "1", "Y")))
                .as("a put would drop the delete's condition").isInstanceOf(IllegalStateException.class);

        Transaction sameAttribute = new Transaction();
        sameAttribute.update(table, Table.key("A", "1"), new Update().set("status", "X"));
        assertThatThrownBy(() -> sameAttribute.update(table, Table.key("A", "1"), new Update().set("status", "Y")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("status");
    }

    @Test
    void a_transaction_is_bounded_and_committed_once() {
        Table table = table();
        Transaction tx = new Transaction();
        for (int i = 0; i < Transaction.MAX_ITEMS; i++) {
            tx.put(table, item("A", Integer.toString(i), "X"));
        }
        assertThatThrownBy(() -> tx.put(table, item("A", "100", "X"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("100");
        tx.commit();
        assertThat(read("A", "99")).isNotNull();
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tx.put(table, item("B", "1", "X"))).isInstanceOf(IllegalStateException.class);
        new Transaction().commit();
    }

    @Test
    void update_builds_set_if_absent_append_remove_and_add_with_generated_placeholders() {
        Table table = table();
        var key = Table.key("C#1", "COMMENT");
        table.update(key, new Update().set("status", "OPEN").setIfAbsent("firstSeen", T0).append("replyIds", List.of("r1"))
                .add("version", 1).set("note", "temporary"));
        table.update(key, new Update().setIfAbsent("firstSeen", T0.plusSeconds(60)).append("replyIds", List.of("r2"))
                .add("version", 1).remove("note").set("hidden", true));

        var stored = read("C#1", "COMMENT");
        assertThat(stored.get("status").s()).isEqualTo("OPEN");
        assertThat(stored.get("firstSeen").s()).as("kept, not overwritten").isEqualTo(Table.iso(T0));
        assertThat(stored.get("replyIds").l()).extracting(AttributeValue::s).containsExactly("r1", "r2");
        assertThat(stored.get("version").n()).isEqualTo("2");
        assertThat(stored.get("hidden").bool()).isTrue();
        assertThat(stored).doesNotContainKey("note");
    }

    @Test
    void update_refuses_what_would_be_an_invalid_or_ambiguous_expression() {
        assertThatThrownBy(() -> new Update().set("a", 1).add("a", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Update().set("a", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remove it instead");
        assertThatThrownBy(() -> new Update().append("a", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Transaction().update(table(), Table.key("A", "1"), new Update()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Update().set("a", new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conditions_compare_test_presence_membership_and_size() {
        Table table = table();
        var key = Table.key("P#1", "TARGET#a");
        table.put(new Table.Item().key("P#1", "TARGET#a").put("status", "RETRY").put("dueAt", T0)
                .put("replies", List.of("r1", "r2")).build(), null);

        assertThat(table.update(key, new Update().set("x", 1), Condition.in("status", "SCHEDULED", "NEEDS_RECONNECT")))
                .isFalse();
        assertThat(table.update(key, new Update().set("x", 1), Condition.in("status", "SCHEDULED", "RETRY")
                .and(Condition.le("dueAt", T0)).and(Condition.notExists("leaseOwner")))).isTrue();
        assertThat(table.update(key, new Update().set("y", 1), Condition.lt("dueAt", T0)
                .or(Condition.gt("dueAt", T0)))).isFalse();
        assertThat(table.update(key, new Update().set("y", 1), Condition.ne("status", "RETRY")
                .or(Condition.ge("dueAt", T0)))).isTrue();
        assertThat(table.update(key, new Update().set("z", 1), Condition.sizeLt("replies", 2))).isFalse();
        assertThat(table.update(key, new Update().set("z", 1), Condition.sizeLt("replies", 3))).isTrue();
        assertThat(table.update(key, new Update().set("paused", true), Condition.absentOrEq("paused", false))).isTrue();
        assertThat(table.update(key, new Update().set("paused", false), Condition.absentOrEq("paused", false)))
                .as("now present and true").isFalse();
        assertThat(table.put(item("P#1", "TARGET#a", "NEW"), Condition.itemAbsent())).isFalse();
        assertThat(table.delete(key, Condition.exists("z"))).isTrue();
        assertThat(read("P#1", "TARGET#a")).isNull();
    }
}
