package io.cmautopilot.scoring.lexicon;

import io.cmautopilot.core.comment.Sentiment.Label;
import io.cmautopilot.scoring.engine.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules alone ({@link LexiconEngine#rulesOnly()}): VADER's mechanics, the cues and the insult lists, which are
 * also the trained models' input. Until the trained models came these ran on {@code standard()}; they moved to the
 * rules because they pin rule mechanics (MIXED, compound strength, the rules' own confidence) that the shipped
 * engine now decides with its trained model. What the shipped engine answers is in {@link TrainedEngineTest}.
 */
class LexiconEngineTest {
    private static final LexiconEngine ENGINE = LexiconEngine.rulesOnly();

    private static Verdict en(String text) {
        return ENGINE.score(text, "en");
    }

    private static Verdict fr(String text) {
        return ENGINE.score(text, "fr");
    }

    private static double compoundLike(Verdict v) {
        return v.sentiment().scores().get("positive") - v.sentiment().scores().get("negative");
    }

    @Test
    void englishPolarity() {
        assertThat(en("I love this product, great quality").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(en("This is the worst service, totally useless").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(en("The parcel arrived on Tuesday").sentiment().label()).isEqualTo(Label.NEUTRAL);
    }

    @Test
    void frenchPolarity() {
        assertThat(fr("J'adore ce produit, il est génial").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(fr("Service horrible, je suis très déçu").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(fr("Le colis est arrivé mardi").sentiment().label()).isEqualTo(Label.NEUTRAL);
    }

    @Test
    void frenchWithoutAccentsStillCounts() {
        assertThat(fr("tres decu, c'est nul").sentiment().label()).isEqualTo(Label.NEGATIVE);
    }

    @Test
    void negationFlipsEnglish() {
        assertThat(en("I love it").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(en("I don't love it").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(en("not bad at all").sentiment().label()).isEqualTo(Label.POSITIVE);
    }

    @Test
    void negationStopsAtTheEndOfItsClause() {
        assertThat(en("My order never arrived. Worst service ever, I want a refund now.").sentiment().label())
                .isEqualTo(Label.NEGATIVE);
        assertThat(en("It never disappoints, great coffee").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(fr("Je ne sais pas. Horrible service").sentiment().label()).isEqualTo(Label.NEGATIVE);
    }

    @Test
    void negationFlipsFrenchNePas() {
        assertThat(fr("C'est bon").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(fr("Ce n'est pas bon du tout").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(fr("Je n'aime pas ce goût").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(fr("pas mal du tout").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(fr("Ce n'est pas bon").sentiment().label()).isEqualTo(Label.NEGATIVE);
    }

    @Test
    void aPhraseThatOpensWithANegationOrAnAdverbIsRatedAsAWhole() {
        assertThat(fr("Produit sans défaut").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(fr("Le prix est trop élevé").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(fr("C'est trop bien").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(en("I can't stand this").sentiment().label()).isEqualTo(Label.NEGATIVE);
        // "ne ... pas bon" is one negation: the "ne" does not flip the negative phrase "pas bon" back
        assertThat(fr("Ce n'est vraiment pas bon").sentiment().label()).isEqualTo(Label.NEGATIVE);
    }

    @Test
    void frenchFunctionWordsCarryNoSentiment() {
        // the translated AFINN rated "comme" (like) +2 and "plus" (more) +3; accent folding read "sur" (on) as "sûr"
        assertThat(fr("Comme tout le monde, j'ai commandé le nouveau modèle").sentiment().label()).isEqualTo(Label.NEUTRAL);
        assertThat(fr("Le colis est sur la table").sentiment().label()).isEqualTo(Label.NEUTRAL);
        assertThat(fr("Eh bien, la commande est arrivée").sentiment().label()).isEqualTo(Label.NEUTRAL);
        assertThat(fr("Commande passée sur le site, plat du jour et vol retour").sentiment().label()).isEqualTo(Label.NEUTRAL);
        assertThat(fr("Vous êtes sûr ?").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(fr("Un lancement réussi").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(fr("Bien que livré à temps, le colis était abîmé").sentiment().label()).isEqualTo(Label.NEGATIVE);
    }

    @Test
    void intensifiersStrengthen() {
        assertThat(compoundLike(en("The food was extremely good"))).isGreaterThan(compoundLike(en("The food was good")));
        assertThat(compoundLike(fr("Le repas était vraiment bon"))).isGreaterThan(compoundLike(fr("Le repas était bon")));
    }

    @Test
    void contrastWeighsTheClauseAfterBut() {
        assertThat(en("The food was great but the service was terrible").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(en("The service was terrible but the food was great").sentiment().label()).isEqualTo(Label.POSITIVE);
    }

    @Test
    void contrastWeighsTheClauseAfterMais() {
        assertThat(fr("Le produit est bien mais la livraison est une catastrophe").sentiment().label())
                .isEqualTo(Label.NEGATIVE);
        assertThat(fr("La livraison était lente mais le produit est excellent").sentiment().label())
                .isEqualTo(Label.POSITIVE);
    }

    @Test
    void capsAndExclamationsEmphasise() {
        double plain = compoundLike(en("This is bad"));
        double caps = compoundLike(en("This is BAD"));
        double bangs = compoundLike(en("This is bad!!!"));
        assertThat(caps).isLessThan(plain);
        assertThat(bangs).isLessThan(plain);
        assertThat(compoundLike(fr("C'est NUL"))).isLessThan(compoundLike(fr("C'est nul")));
    }

    @Test
    void emojiAndEmoticonsCarrySentiment() {
        assertThat(en("new menu 😍").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(en("new menu 😡").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(en("thanks :)").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(en("waiting again :(").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(fr("nouvelle carte 😍").sentiment().label()).isEqualTo(Label.POSITIVE);
        assertThat(fr("encore en retard :(").sentiment().label()).isEqualTo(Label.NEGATIVE);
    }

    @Test
    void mixedWhenStrongCuesOfBothSignsAndNoContrast() {
        assertThat(en("I love the design. I hate the battery.").sentiment().label()).isEqualTo(Label.MIXED);
    }

    @Test
    void scoresAreComprehendShaped() {
        var scores = en("I love it").sentiment().scores();
        assertThat(scores).containsOnlyKeys("positive", "negative", "neutral", "mixed");
        assertThat(scores.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(scores.get("positive")).isGreaterThan(0.5);
    }

    @Test
    void toxicityFromTheInsultLists() {
        assertThat(en("You are an idiot").toxicity().labels()).contains("INSULT");
        assertThat(en("You are an idiot").toxicity().score()).isGreaterThanOrEqualTo(0.9);
        assertThat(en("this is idiot-proof and great").toxicity().labels()).isEmpty();
        assertThat(en("what a shit delivery").toxicity().labels()).containsExactly("PROFANITY");
        assertThat(fr("Espèce de connard").toxicity().labels()).contains("PROFANITY", "INSULT");
        assertThat(fr("vous êtes des escrocs").toxicity().labels()).contains("INSULT");
        assertThat(en("I will kill you").toxicity().labels()).contains("VIOLENCE_OR_THREAT");
        assertThat(en("Lovely evening").toxicity().score()).isZero();
    }

    @Test
    void confidenceDrivesHybrid() {
        assertThat(en("Absolutely love it, best purchase ever!").confident()).isTrue();
        assertThat(en("The parcel arrived on Tuesday").confident()).isFalse();
        assertThat(en("I love the design. I hate the battery.").confident()).isFalse();
    }

    @Test
    void autoLanguageDetection() {
        assertThat(ENGINE.score("Pourquoi ma commande n'est toujours pas arrivée ?", null).sentiment().language())
                .isEqualTo("fr");
        assertThat(ENGINE.score("Why is my order still not here?", null).sentiment().language()).isEqualTo("en");
        assertThat(LanguageDetector.detect("ok", "fr")).isEqualTo("fr");
        // A short text with no function word: the brand's language decides.
        assertThat(ENGINE.score("top 😍", null, "fr").sentiment().language()).isEqualTo("fr");
        assertThat(ENGINE.score("top 😍", null, null).sentiment().language()).isEqualTo("en");
    }

    @Test
    void complaintsInNeutralWordsAreNegative() {
        assertThat(en("My order #1234 hasn't arrived, I want a refund").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(fr("Ma commande n'est toujours pas arrivée").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(fr("Toujours aucune réponse du service client").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(en("Still waiting for my package").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(ENGINE.analyse("The parcel arrived on Tuesday", "en", null).complaints()).isZero();
    }

    @Test
    void praiseNextToAServiceFailureIsIrony() {
        assertThat(fr("Bravo, encore un colis perdu…").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(en("Great, another delayed delivery… Thanks a lot.").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(en("Oh wonderful, thanks 🙄").sentiment().label()).isEqualTo(Label.NEGATIVE);
        assertThat(ENGINE.analyse("Bravo, encore un colis perdu…", "fr", null).sarcasm()).isTrue();
        assertThat(fr("Bravo à toute l'équipe").sentiment().label()).isEqualTo(Label.POSITIVE);
    }

    @Test
    void insultsAreFoundInTheirPluralInflectedAndDisguisedForms() {
        assertThat(fr("Vous êtes des connards").toxicity().labels()).contains("INSULT");
        assertThat(fr("Vous êtes des connards").toxicity().score()).isGreaterThanOrEqualTo(0.9);
        assertThat(fr("Bande d'enculés").toxicity().labels()).contains("INSULT");
        assertThat(fr("c0nnard").toxicity().labels()).contains("PROFANITY");
        assertThat(fr("c o n n a r d").toxicity().labels()).contains("PROFANITY");
        assertThat(fr("c.o.n.n.a.r.d").toxicity().labels()).contains("PROFANITY");
        assertThat(fr("Connnnnard").toxicity().labels()).contains("PROFANITY");
        assertThat(fr("enc*lés").toxicity().labels()).contains("PROFANITY");
        assertThat(fr("Sales cons").toxicity().labels()).contains("INSULT");
        assertThat(en("You are all idiots").toxicity().labels()).contains("INSULT");
        assertThat(en("f*ck this").toxicity().labels()).contains("PROFANITY");
        assertThat(fr("Je vais vous casser la gueule").toxicity().labels()).contains("VIOLENCE_OR_THREAT");
    }

    @Test
    void ordinaryWordsThatLookLikeInsultsAreNot() {
        assertThat(fr("La salle était sale").toxicity().score()).isZero();
        assertThat(fr("La manche de la veste est décousue").toxicity().score()).isZero();
        assertThat(fr("Le chili con carne était excellent").toxicity().score()).isZero();
        assertThat(fr("Un pneu crevé et aucune assistance").toxicity().score()).isZero();
        assertThat(fr("Ravi de faire votre connaissance").toxicity().score()).isZero();
        assertThat(LexiconEngine.insultWords("@user c'est top")).containsExactly("auser", "c", "est", "top");
    }
}
