package io.cmautopilot.core.store;

import io.cmautopilot.core.config.Env;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorCodecTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    private final CursorCodec codec = new CursorCodec(() -> "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    private final CursorCodec.Scope acme = CursorCodec.scope("comments", "acme").with("network", "x").with("flag", null);

    @Test
    void a_sealed_cursor_opens_for_its_own_query_only() {
        String token = codec.seal(acme, "inner-key");

        assertThat(codec.open(acme, token)).isEqualTo("inner-key");
        assertThat(codec.seal(acme, null)).isNull();
        assertThat(codec.open(acme, null)).isNull();
        for (CursorCodec.Scope other : new CursorCodec.Scope[]{
                CursorCodec.scope("comments", "rival").with("network", "x").with("flag", null),
                CursorCodec.scope("posts", "acme").with("network", "x").with("flag", null),
                CursorCodec.scope("comments", "acme").with("network", "mastodon").with("flag", null),
                CursorCodec.scope("comments", "acme").with("network", "x").with("flag", "NEGATIVE"),
                CursorCodec.scope("comments", "acme").with("network", "x")}) {
            assertThatThrownBy(() -> codec.open(other, token)).as(other.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void tampered_forged_and_oversized_tokens_are_refused() {
        String token = codec.seal(acme, "inner-key");
        String[] parts = token.split("\\.");
        String forgedInner = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("COMMENT#rival#x".getBytes(StandardCharsets.UTF_8));
        CursorCodec otherKey = new CursorCodec(() -> "another-key-of-16-bytes".getBytes(StandardCharsets.UTF_8));

        for (String bad : new String[]{parts[0] + "." + forgedInner + "." + parts[2], token + "x", "c2." + parts[1]
                + "." + parts[2], parts[1], "c1..", "c1.!!.!!", otherKey.seal(acme, "inner-key"),
                "c1." + "A".repeat(CursorCodec.MAX_TOKEN) + "." + parts[2]}) {
            assertThatThrownBy(() -> codec.open(acme, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void scopes_are_unambiguous() {
        String token = codec.seal(CursorCodec.scope("a", "b").with("c", "d;e"), "k");

        assertThatThrownBy(() -> codec.open(CursorCodec.scope("a", "b").with("c", "d").with("e", ""), token))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_table_key_is_created_once_and_shared_by_every_instance() {
        Table table = StoreFixture.table(dynamo);
        CursorCodec first = CursorCodec.forTable(table, new Env(Map.of()));
        CursorCodec second = CursorCodec.forTable(table, new Env(Map.of()));
        CursorCodec configured = CursorCodec.forTable(table, new Env(Map.of("CM_CURSOR_KEY", "a-key-set-by-the-operator")));

        String token = first.seal(acme, "k");

        assertThat(second.open(acme, token)).isEqualTo("k");
        assertThatThrownBy(() -> configured.open(acme, token)).isInstanceOf(IllegalArgumentException.class);
        assertThat(table.client().getItem(b -> b.tableName(table.name())
                .key(Table.key(CursorCodec.KEY_PK, "CONFIG"))).item()).containsKey("key");
    }
}
