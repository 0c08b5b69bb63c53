package io.cmautopilot.scoring.comprehend;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.scoring.engine.HybridEngine;
import io.cmautopilot.scoring.engine.TextInput;
import io.cmautopilot.scoring.engine.Verdict;
import io.cmautopilot.scoring.lexicon.LexiconEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComprehendEngineTest {
    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(new ComprehendStub())).build();

    private static final String JSON_11 = "application/x-amz-json-1.1";
    private static final LexiconEngine LEXICON = LexiconEngine.standard();

    private ComprehendEngine engine() {
        return new ComprehendEngine(ComprehendStub.client(URI.create(api.baseUrl())), LEXICON);
    }

    private void stub(String operation, String body) {
        api.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Comprehend_20171127." + operation))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody(body)));
    }

    private void stubAll() {
        api.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withTransformers(ComprehendStub.NAME)));
    }

    @Test
    void batchSentimentWithAPartialErrorFallsBackToTheLexiconForThatItem() {
        stub("BatchDetectSentiment", """
                {"ResultList":[
                  {"Index":0,"Sentiment":"NEGATIVE","SentimentScore":{"Positive":0.01,"Negative":0.97,"Neutral":0.01,"Mixed":0.01}},
                  {"Index":2,"Sentiment":"MIXED","SentimentScore":{"Positive":0.3,"Negative":0.3,"Neutral":0.1,"Mixed":0.3}}],
                 "ErrorList":[{"Index":1,"ErrorCode":"INTERNAL_SERVER_ERROR","ErrorMessage":"Internal server error"}]}""");
        stub("DetectToxicContent", """
                {"ResultList":[{"Labels":[{"Name":"INSULT","Score":0.12}],"Toxicity":0.1},
                               {"Labels":[{"Name":"INSULT","Score":0.1}],"Toxicity":0.05}]}""");

        List<Verdict> out = engine().score(List.of(new TextInput("meh", "en"), new TextInput("I love it so much", "en"),
                new TextInput("good and bad", "en")));

        assertThat(out.get(0).sentiment().label()).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(out.get(0).sentiment().engine()).isEqualTo("comprehend");
        assertThat(out.get(0).sentiment().scores()).containsEntry("negative", 0.97);
        assertThat(out.get(1).sentiment().engine()).isEqualTo("lexicon");
        assertThat(out.get(1).sentiment().label()).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(out.get(2).sentiment().label()).isEqualTo(Sentiment.Label.MIXED);

        api.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("Comprehend_20171127.BatchDetectSentiment"))
                .withHeader("Content-Type", equalTo(JSON_11))
                .withRequestBody(equalTo("{\"TextList\":[\"meh\",\"I love it so much\",\"good and bad\"],\"LanguageCode\":\"en\"}")));
        // Toxicity only for the two items Comprehend scored (the fallback one keeps the lexicon's).
        var toxic = api.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("Comprehend_20171127.DetectToxicContent")));
        assertThat(toxic).hasSize(1);
        assertThat(Json.tree(toxic.get(0).getBodyAsString()).get("TextSegments")).hasSize(2);
    }

    @Test
    void toxicityLabelsComeFromDetectToxicContent() {
        stub("BatchDetectSentiment", """
                {"ResultList":[{"Index":0,"Sentiment":"NEGATIVE","SentimentScore":{"Positive":0.0,"Negative":0.9,"Neutral":0.1,"Mixed":0.0}}],"ErrorList":[]}""");
        stub("DetectToxicContent", """
                {"ResultList":[{"Labels":[{"Name":"PROFANITY","Score":0.2},{"Name":"INSULT","Score":0.94},
                  {"Name":"HARASSMENT_OR_ABUSE","Score":0.71}],"Toxicity":0.92}]}""");

        Verdict v = engine().score(List.of(new TextInput("you absolute muppet", "en"))).get(0);

        assertThat(v.toxicity().score()).isEqualTo(0.92);
        assertThat(v.toxicity().labels()).containsExactly("INSULT", "HARASSMENT_OR_ABUSE");
    }

    @Test
    void textIsTruncatedTo500CharactersBeforeItIsSent() {
        stubAll();
        String longText = "a".repeat(499) + "😀" + "b".repeat(2000);

        engine().score(List.of(new TextInput(longText, "fr")));

        var sent = api.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("Comprehend_20171127.BatchDetectSentiment")));
        String text = Json.tree(sent.get(0).getBodyAsString()).get("TextList").get(0).asText();
        assertThat(text).hasSize(499).isEqualTo("a".repeat(499));
        assertThat(Json.tree(sent.get(0).getBodyAsString()).get("LanguageCode").asText()).isEqualTo("fr");
        assertThat(ComprehendEngine.truncate("x".repeat(600))).hasSize(500);
    }

    @Test
    void groupsByLanguageDetectsUnknownOnesAndSends25PerCall() {
        stubAll();
        List<TextInput> inputs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            inputs.add(new TextInput("good product number " + i, "en"));
        }
        for (int i = 0; i < 5; i++) {
            inputs.add(new TextInput("Le produit est vraiment très bien " + i, "fr"));
        }
        inputs.add(new TextInput("Je ne suis pas du tout content de la livraison", null));
        inputs.add(new TextInput("FAIL_ME this is bad", "en"));
        ComprehendEngine engine = engine();

        List<Verdict> out = engine.score(inputs);

        assertThat(out).hasSize(37);
        assertThat(out.get(35).sentiment().language()).isEqualTo("fr");
        assertThat(out.get(36).sentiment().engine()).isEqualTo("lexicon");
        assertThat(out.get(36).sentiment().label()).isEqualTo(Sentiment.Label.NEGATIVE);
        // en: 31 docs -> 2 calls; fr: 6 docs -> 1 call; 1 dominant-language call; toxicity: 30 en scored -> 3 calls.
        assertThat(engine.calls()).containsEntry("BatchDetectSentiment", 3L)
                .containsEntry("BatchDetectDominantLanguage", 1L).containsEntry("DetectToxicContent", 3L);
        api.getAllServeEvents().forEach(e -> {
            var body = Json.tree(e.getRequest().getBodyAsString());
            if (body.has("TextList")) {
                assertThat(body.get("TextList").size()).isLessThanOrEqualTo(25);
            } else {
                assertThat(body.get("TextSegments").size()).isLessThanOrEqualTo(10);
            }
        });
    }

    @Test
    void unsupportedLanguagesGoToTheLexiconWithoutACall() {
        stubAll();
        ComprehendEngine engine = engine();
        Verdict v = engine.score(List.of(new TextInput("bardzo dobry produkt", "pl"))).get(0);
        assertThat(v.sentiment().engine()).isEqualTo("lexicon");
        assertThat(engine.totalCalls()).isZero();
    }

    @Test
    void aWholeCallFailureThrowsSoTheBatchIsRetried() {
        api.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", JSON_11)
                .withBody("{\"__type\":\"InvalidRequestException\",\"Message\":\"nope\"}")));
        assertThatThrownBy(() -> engine().score(List.of(new TextInput("hello", "en"))))
                .isInstanceOf(software.amazon.awssdk.services.comprehend.model.InvalidRequestException.class);
    }

    @Test
    void hybridAsksComprehendOnlyWhenTheLexiconIsUnsure() {
        stubAll();
        ComprehendEngine comprehend = engine();
        HybridEngine hybrid = new HybridEngine(LEXICON, comprehend);

        List<Verdict> out = hybrid.score(List.of(new TextInput("Absolutely love it, best purchase ever!", "en"),
                new TextInput("The parcel arrived on Tuesday", "en"),
                new TextInput("Service horrible, je suis très déçu !!", "fr")));

        assertThat(out.get(0).sentiment().engine()).isEqualTo("lexicon");
        assertThat(out.get(1).sentiment().engine()).isEqualTo("comprehend");
        assertThat(out.get(2).sentiment().engine()).isEqualTo("lexicon");
        assertThat(comprehend.calls()).containsEntry("BatchDetectSentiment", 1L);
        var sent = api.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("Comprehend_20171127.BatchDetectSentiment")));
        assertThat(Json.tree(sent.get(0).getBodyAsString()).get("TextList")).hasSize(1);
    }
}
