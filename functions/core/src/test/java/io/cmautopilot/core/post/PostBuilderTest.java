package io.cmautopilot.core.post;

import io.cmautopilot.core.Network;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostBuilderTest {
    static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    static PostTarget target(String postId, String accountId) {
        return PostTarget.scheduled(postId, "acme", accountId, Network.MASTODON, AT, AT);
    }

    static Post.Builder minimal() {
        return Post.builder().id("p1").brandId("acme").text("hello").publishAt(AT).createdAt(AT.minusSeconds(60));
    }

    @Test
    void aBuiltPostIsTheCanonicalOneWithItsDefaults() {
        Post p = minimal().targets(List.of(target("p1", "m1"))).build();
        assertThat(p).isEqualTo(new Post("p1", "acme", "hello", Map.of(), List.of(), AT, null, null, null, 0, false,
                AT.minusSeconds(60), List.of(target("p1", "m1")), false, null));
    }

    @Test
    void toBuilderCopiesEveryField() {
        Post p = new Post("p1", "acme", "hello", Map.of(Network.X, "hi"), List.of(new Post.Media("https://m/1", "alt")),
                AT, ZoneId.of("Europe/Paris"), null, "p0", 2, true, AT, List.of(target("p1", "m1")), true,
                new Post.FirstComment("more", Map.of()));
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.toBuilder().id("p2").targets(List.of(target("p2", "m1"))).build().id()).isEqualTo("p2");
    }

    @Test
    void buildNamesWhatIsMissingOrInconsistent() {
        assertThatThrownBy(() -> Post.builder().id("p1").build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a post needs brandId, text, publishAt, createdAt");
        assertThatThrownBy(() -> minimal().occurrence(-1).build())
                .hasMessage("post p1: occurrence must be 0 or more, not -1");
        assertThatThrownBy(() -> minimal().targets(List.of(target("p9", "m1"))).build())
                .hasMessage("post p1: target m1 belongs to post p9 of brand acme");
        assertThatThrownBy(() -> minimal().targets(List.of(target("p1", "m1"), target("p1", "m1"))).build())
                .hasMessage("post p1: two targets on account m1");
    }
}
