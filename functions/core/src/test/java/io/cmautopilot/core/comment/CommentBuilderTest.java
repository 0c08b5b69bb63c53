package io.cmautopilot.core.comment;

import io.cmautopilot.core.Network;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommentBuilderTest {
    static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    static Comment.Builder minimal() {
        return Comment.builder().id("c1").brandId("acme").network(Network.MASTODON).externalId("110001")
                .text("hello").createdAt(AT).receivedAt(AT.plusSeconds(2));
    }

    @Test
    void aBuiltCommentIsTheCanonicalOneWithItsDefaults() {
        Comment c = minimal().build();
        assertThat(c).isEqualTo(new Comment("c1", "acme", null, Network.MASTODON, "110001", null, null, null, "hello",
                null, AT, AT.plusSeconds(2), null, Comment.Kind.COMMENT, 1, null, List.of(), null, false, false));
        assertThat(c.author()).isEqualTo(new Comment.Author(null, null, null));
    }

    @Test
    void toBuilderCopiesEveryField() {
        Sentiment s = new Sentiment(Sentiment.Label.NEGATIVE, Map.of("negative", 0.9), "lexicon", "en");
        Comment c = new Comment("c1", "acme", "fb", Network.FACEBOOK, "x1", "p0", "post1",
                new Comment.Author("a", "@a", "A"), "text", "en", AT, AT, "https://f/x1", Comment.Kind.REPLY, 3, s,
                List.of(new Flag(Flag.Type.NEGATIVE, Flag.Severity.MEDIUM, List.of())), 2, true, true);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().scoredVersion(3).build().scoredVersion()).isEqualTo(3);
    }

    @Test
    void buildNamesWhatIsMissingOrInconsistent() {
        assertThatThrownBy(() -> Comment.builder().id("c1").build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a comment needs brandId, network, externalId, text, createdAt, receivedAt");
        assertThatThrownBy(() -> minimal().version(0).build())
                .hasMessage("comment c1: version must be 1 or more, not 0");
        assertThatThrownBy(() -> minimal().version(2).scoredVersion(3).build())
                .hasMessage("comment c1: scored version 3 is not one of its versions (1 to 2)");
    }

    @Test
    void receivedIsAFreshVersionOne() {
        Comment c = Comment.received("c1", "acme", null, Network.X, "t1", null, null, null, "hi", null, AT, AT, null,
                null);
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.kind()).isEqualTo(Comment.Kind.COMMENT);
        assertThat(c.sentiment()).isNull();
        assertThat(c.scoredVersion()).isNull();
    }
}
