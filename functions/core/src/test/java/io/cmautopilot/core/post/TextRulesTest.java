package io.cmautopilot.core.post;

import io.cmautopilot.core.Network;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TextRulesTest {
    @Test
    void x_weighs_urls_as_23_and_emoji_as_2() {
        assertThat(TextRules.length(Network.X, "see https://www.example.com/" + "a".repeat(100))).isEqualTo(4 + 23);
        assertThat(TextRules.length(Network.X, "🍲🍲")).isEqualTo(4);
    }

    @Test
    void bluesky_counts_a_zwj_family_as_one_grapheme() {
        assertThat(TextRules.graphemes("👨‍👩‍👧‍👦")).isEqualTo(1);
        assertThat(TextRules.graphemes("e\u0301")).isEqualTo(1);
        assertThat(TextRules.length(Network.BLUESKY, "🇫🇷 ok")).isEqualTo(4);
    }

    @Test
    void mastodon_counts_urls_as_23_and_remote_mentions_without_their_domain() {
        assertThat(TextRules.length(Network.MASTODON, "hi @alice@social.example.org")).isEqualTo("hi @alice".length());
        assertThat(TextRules.length(Network.MASTODON, "https://www.example.com/" + "x".repeat(60))).isEqualTo(23);
        assertThat(TextRules.limit(Network.MASTODON, Map.of("maxCharacters", "1000"))).isEqualTo(1000);
        assertThat(TextRules.limit(Network.MASTODON, Map.of())).isEqualTo(500);
    }

    @Test
    void a_long_text_splits_into_numbered_parts_that_each_fit() {
        String text = "word ".repeat(150).strip();

        List<String> parts = TextRules.split(Network.X, text, Map.of());

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).endsWith(" (1/3)");
        assertThat(parts.get(2)).endsWith(" (3/3)");
        assertThat(parts).allSatisfy(p -> assertThat(TextRules.check(Network.X, p, Map.of())).isEmpty());
        assertThat(String.join(" ", parts).replaceAll(" \\(\\d/3\\)", "")).isEqualTo(text);
        assertThat(TextRules.split(Network.X, "short", Map.of())).containsExactly("short");
    }

    @Test
    void a_comment_on_linkedin_has_linkedins_lower_comment_limit_and_names_it() {
        assertThat(TextRules.checkComment(io.cmautopilot.core.Network.LINKEDIN, "a".repeat(1250), java.util.Map.of()))
                .isEmpty();
        var v = TextRules.checkComment(io.cmautopilot.core.Network.LINKEDIN, "a".repeat(1251), java.util.Map.of())
                .orElseThrow();
        assertThat(v.limit()).isEqualTo(1250);
        assertThat(v.message()).endsWith("(LinkedIn's limit for a comment)");
        // a post keeps its 3,000; other networks' comments follow their post rules
        assertThat(TextRules.check(io.cmautopilot.core.Network.LINKEDIN, "a".repeat(1251), java.util.Map.of())).isEmpty();
        assertThat(TextRules.checkComment(io.cmautopilot.core.Network.X, "a".repeat(281), java.util.Map.of())
                .orElseThrow().message()).isEqualTo("x: the text is 281 weighted characters (URLs count 23, emoji and CJK 2) long; the limit is 280");
        assertThat(io.cmautopilot.core.reply.ReplyText.check(io.cmautopilot.core.Network.MASTODON,
                new io.cmautopilot.core.comment.Comment.Author("u", "jane@m.example", "Jane"), "a".repeat(495),
                java.util.Map.of())).isPresent();
    }
}
