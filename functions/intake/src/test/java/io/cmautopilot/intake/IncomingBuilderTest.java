package io.cmautopilot.intake;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncomingBuilderTest {
    static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void aBuiltChangeIsTheCanonicalOne() {
        Incoming in = Incoming.builder(Incoming.Op.ADD, Network.FACEBOOK).accountExternalId("page").externalId("c1")
                .parentExternalId("post1").postExternalId("post1").author(new Comment.Author("u", null, "U"))
                .text("hello").language("en").createdAt(AT).permalink("https://f/c1").kind(Comment.Kind.COMMENT)
                .build();
        assertThat(in).isEqualTo(new Incoming(Incoming.Op.ADD, Network.FACEBOOK, "page", "c1", "post1", "post1",
                new Comment.Author("u", null, "U"), "hello", "en", AT, "https://f/c1", Comment.Kind.COMMENT));
        assertThat(Incoming.removal(Network.X, "me", "t1")).isEqualTo(new Incoming(Incoming.Op.REMOVE, Network.X,
                "me", "t1", null, null, null, null, null, null, null, null));
    }

    @Test
    void buildNamesWhatIsMissingOrDoesNotBelong() {
        assertThatThrownBy(() -> Incoming.builder(Incoming.Op.ADD, Network.X).text("hi").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("an incoming change needs an op, a network and an externalId (got ADD, X, null)");
        assertThatThrownBy(() -> Incoming.builder(Incoming.Op.EDIT, Network.LINKEDIN).externalId("c1").build())
                .hasMessage("the edit of c1 needs a text (empty when the platform sends none)");
        assertThatThrownBy(() -> Incoming.builder(Incoming.Op.REMOVE, Network.X).externalId("t1").text("gone")
                .build()).hasMessage("the removal of t1 carries only ids: no text, author or parent");
        assertThat(Incoming.builder(Incoming.Op.ADD, Network.X).externalId("t1").text("").build().text()).isEmpty();
    }
}
