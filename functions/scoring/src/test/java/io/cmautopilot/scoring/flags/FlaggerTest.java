package io.cmautopilot.scoring.flags;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.scoring.engine.Toxicity;
import io.cmautopilot.scoring.engine.Verdict;
import io.cmautopilot.scoring.lexicon.LexiconEngine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FlaggerTest {
    private static final LexiconEngine ENGINE = LexiconEngine.standard();
    private final Flagger flagger = new Flagger();

    private static Comment comment(String text, Comment.Kind kind) {
        return Comment.received("c1", "acme", "a1", Network.MASTODON, "e1", null, null, null, text, null,
                Instant.parse("2026-11-30T09:00:00Z"), Instant.parse("2026-11-30T09:00:01Z"), null, kind);
    }

    private List<Flag> flags(String text) {
        return flags(text, BrandSettings.defaults(), Comment.Kind.COMMENT);
    }

    private List<Flag> flags(String text, BrandSettings settings, Comment.Kind kind) {
        Comment c = comment(text, kind);
        return flagger.flags(c, ENGINE.score(text, null), settings);
    }

    private static Optional<Flag> flag(List<Flag> flags, Flag.Type type) {
        return flags.stream().filter(f -> f.type() == type).findFirst();
    }

    @Test
    void negativeNeedsAClearNegativeScore() {
        assertThat(flag(flags("This is the worst, totally useless and broken!!"), Flag.Type.NEGATIVE)).isPresent();
        assertThat(flag(flags("I love it"), Flag.Type.NEGATIVE)).isEmpty();
        Verdict weak = new Verdict(new Sentiment(Sentiment.Label.NEGATIVE, Map.of("negative", 0.55), "x", "en"), null, true);
        assertThat(flagger.flags(comment("meh", Comment.Kind.COMMENT), weak, BrandSettings.defaults())).isEmpty();
    }

    @Test
    void toxicSeverityFollowsTheScore() {
        Sentiment neutral = new Sentiment(Sentiment.Label.NEUTRAL, Map.of(), "x", "en");
        Comment c = comment("text", Comment.Kind.COMMENT);
        assertThat(flagger.flags(c, new Verdict(neutral, new Toxicity(0.95, List.of("INSULT")), true), BrandSettings.defaults()))
                .containsExactly(new Flag(Flag.Type.TOXIC, Flag.Severity.HIGH, List.of("INSULT")));
        assertThat(flagger.flags(c, new Verdict(neutral, new Toxicity(0.75, List.of("PROFANITY")), true), BrandSettings.defaults()))
                .containsExactly(new Flag(Flag.Type.TOXIC, Flag.Severity.MEDIUM, List.of("PROFANITY")));
        assertThat(flagger.flags(c, new Verdict(neutral, new Toxicity(0.55, List.of()), true), BrandSettings.defaults()))
                .containsExactly(new Flag(Flag.Type.TOXIC, Flag.Severity.LOW, List.of("TOXICITY")));
        assertThat(flagger.flags(c, new Verdict(neutral, new Toxicity(0.3, List.of("INSULT")), true), BrandSettings.defaults()))
                .isEmpty();
    }

    @Test
    void lexiconInsultsBecomeHighToxicFlags() {
        assertThat(flag(flags("you are a bunch of idiots and scammers"), Flag.Type.TOXIC))
                .hasValueSatisfying(f -> assertThat(f.severity()).isEqualTo(Flag.Severity.HIGH));
    }

    @Test
    void needsReplyInEnglish() {
        assertThat(flag(flags("How do I change my delivery address"), Flag.Type.NEEDS_REPLY))
                .hasValueSatisfying(f -> assertThat(f.labels()).contains("QUESTION"));
        assertThat(flag(flags("When will the store reopen?"), Flag.Type.NEEDS_REPLY)).isPresent();
        assertThat(flag(flags("I want a refund for my order"), Flag.Type.NEEDS_REPLY))
                .hasValueSatisfying(f -> {
                    assertThat(f.labels()).contains("COMPLAINT");
                    assertThat(f.severity()).isEqualTo(Flag.Severity.MEDIUM);
                });
        assertThat(flag(flags("Lovely photo, have a nice day"), Flag.Type.NEEDS_REPLY)).isEmpty();
    }

    @Test
    void needsReplyInFrench() {
        assertThat(flag(flags("Comment faire pour changer ma commande"), Flag.Type.NEEDS_REPLY)).isPresent();
        assertThat(flag(flags("Pourquoi le magasin est fermé"), Flag.Type.NEEDS_REPLY)).isPresent();
        assertThat(flag(flags("Toujours pas de remboursement après un mois"), Flag.Type.NEEDS_REPLY))
                .hasValueSatisfying(f -> assertThat(f.labels()).contains("COMPLAINT"));
        assertThat(flag(flags("Superbe photo, bonne journée"), Flag.Type.NEEDS_REPLY)).isEmpty();
    }

    @Test
    void mentionsWithAQuestionOrAGrudgeNeedAReply() {
        assertThat(flag(flags("@acme is this back in stock?", BrandSettings.defaults(), Comment.Kind.MENTION),
                Flag.Type.NEEDS_REPLY)).hasValueSatisfying(f -> assertThat(f.labels()).contains("MENTION"));
        assertThat(flag(flags("@acme terrible experience, never again", BrandSettings.defaults(), Comment.Kind.MENTION),
                Flag.Type.NEEDS_REPLY)).hasValueSatisfying(f -> assertThat(f.labels()).containsExactly("MENTION"));
        assertThat(flag(flags("loving my new @acme mug", BrandSettings.defaults(), Comment.Kind.MENTION),
                Flag.Type.NEEDS_REPLY)).isEmpty();
    }

    @Test
    void watchlistMatchesBrandTermsWithoutCaseOrAccents() {
        BrandSettings settings = new BrandSettings(List.of("Competitor Co", "crème brûlée"), List.of(), null, false, null);
        assertThat(flag(flags("COMPETITOR CO does it better", settings, Comment.Kind.COMMENT), Flag.Type.WATCHLIST))
                .hasValueSatisfying(f -> {
                    assertThat(f.labels()).containsExactly("Competitor Co");
                    assertThat(f.severity()).isEqualTo(Flag.Severity.MEDIUM);
                });
        assertThat(flag(flags("la creme brulee etait froide", settings, Comment.Kind.COMMENT), Flag.Type.WATCHLIST))
                .hasValueSatisfying(f -> assertThat(f.labels()).containsExactly("crème brûlée"));
        assertThat(flag(flags("competitors everywhere", settings, Comment.Kind.COMMENT), Flag.Type.WATCHLIST)).isEmpty();
    }

    @Test
    void crisisWordsAreHighSeverityInBothLanguages() {
        assertThat(flag(flags("My whole family got food poisoning after dinner"), Flag.Type.WATCHLIST))
                .hasValueSatisfying(f -> {
                    assertThat(f.labels()).containsExactly("food poisoning");
                    assertThat(f.severity()).isEqualTo(Flag.Severity.HIGH);
                });
        assertThat(flag(flags("Intoxication alimentaire après le repas d'hier"), Flag.Type.WATCHLIST))
                .hasValueSatisfying(f -> assertThat(f.severity()).isEqualTo(Flag.Severity.HIGH));
        assertThat(flag(flags("J'ai été INTOXIQUÉ"), Flag.Type.WATCHLIST)).isPresent();
    }
}
