package io.cmautopilot.scoring;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.scoring.lexicon.LexiconEngine;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** HIGH flags from the handler's point of view: the alert goes once, the toxic comment is hidden and recorded. */
class ScoringActionsTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension graph = WireMocks.server();
    @TempDir
    Path dir;

    private static final String FB = "122104856321_998877665544";
    private static final String IG = "17895695668004550";

    @Test
    void toxicCommentIsAlertedOnceAndHidden() {
        ScoringFixture fx = new ScoringFixture(new Table(dynamo.client(), dynamo.tableName()));
        fx.brand("acme", new BrandSettings(List.of(), List.of("cm@acme.example"), null, true, null));
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        String ref = secrets.createMap("acme/facebook", Map.of("pageAccessToken", "PAGE-TOKEN"));
        fx.brands.createAccount(new Account("fbacct", "acme", Network.FACEBOOK, "acme", "122104856321", null, ref,
                Account.Status.ACTIVE, null, Instant.EPOCH));
        Instant created = Instant.parse("2026-11-30T09:20:00Z");
        fx.comment("acme", Network.FACEBOOK, FB, "You are a bunch of idiots <b>and</b> scammers", created,
                io.cmautopilot.core.comment.Comment.Kind.COMMENT, "fbacct");
        fx.comment("acme", Network.INSTAGRAM, IG, "Got food poisoning after your burger", created,
                io.cmautopilot.core.comment.Comment.Kind.COMMENT, "igacct");
        graph.stubFor(post(urlEqualTo("/v23.0/" + FB)).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
        ScoringHandler handler = new ScoringHandler(fx.scorer(LexiconEngine.standard(), HttpClient.newHttpClient(),
                graph.baseUrl() + "/v23.0", secrets));

        SQSEvent event = Events.sqs("scoring/sqs-comment-received.json");
        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();

        var flagged = fx.bus.events(DomainEvent.COMMENT_FLAGGED);
        assertThat(flagged).hasSize(2);
        var toxic = flagged.stream().filter(e -> e.detail().get("network").asText().equals("facebook")).findFirst().orElseThrow();
        assertThat(toxic.detail().get("flags").toString()).contains("\"type\":\"TOXIC\",\"severity\":\"HIGH\"")
                .contains("INSULT");
        var crisisWord = flagged.stream().filter(e -> e.detail().get("network").asText().equals("instagram")).findFirst().orElseThrow();
        assertThat(crisisWord.detail().get("flags").toString()).contains("\"type\":\"WATCHLIST\",\"severity\":\"HIGH\"")
                .contains("food poisoning");

        assertThat(fx.mails).hasSize(2);
        assertThat(fx.mails).allSatisfy(m -> assertThat(m.to()).containsExactly("cm@acme.example"));
        assertThat(fx.mails).anySatisfy(m -> assertThat(m.html()).contains("&lt;b&gt;and&lt;/b&gt;").doesNotContain("<b>and"));
        assertThat(fx.mails).anySatisfy(m -> assertThat(m.subject()).isEqualTo("[Acme <Foods>] watchlist comment on instagram"));

        // the same request as the API's manual hide: the page token in the Authorization header, is_hidden in the form
        graph.verify(1, postRequestedFor(urlEqualTo("/v23.0/" + FB)).withRequestBody(containing("is_hidden=true"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer PAGE-TOKEN")));
        assertThat(fx.comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB).orElseThrow().hidden()).isTrue();
        assertThat(fx.comments.find(CommentStore.Origin.relay("acme"), Network.INSTAGRAM, IG).orElseThrow().hidden()).isFalse();
        // the inbox shows why it was hidden, and both flagged comments stay open for a person
        var inbox = new io.cmautopilot.core.comment.InboxStore(fx.table);
        var hidden = inbox.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB).orElseThrow().tracking();
        assertThat(hidden.hiddenReason().by()).isEqualTo("auto-hide");
        assertThat(hidden.hiddenReason().rule()).startsWith("autoHideToxic: TOXIC flag").contains("INSULT");
        assertThat(hidden.state()).isEqualTo(io.cmautopilot.core.comment.CommentState.OPEN);
        assertThat(inbox.find(CommentStore.Origin.relay("acme"), Network.INSTAGRAM, IG).orElseThrow().tracking().state())
                .isEqualTo(io.cmautopilot.core.comment.CommentState.OPEN);

        // Re-delivery: no second alert, no second hide.
        assertThat(handler.handleRequest(Events.sqs("scoring/sqs-comment-received.json"), null).getBatchItemFailures()).isEmpty();
        assertThat(fx.mails).hasSize(2);
        graph.verify(1, postRequestedFor(urlEqualTo("/v23.0/" + FB)));
    }

    @Test
    void a_toxic_x_reply_is_hidden_through_xs_hidden_replies_endpoint_like_a_manual_hide_and_the_reason_recorded() {
        ScoringFixture fx = new ScoringFixture(new Table(dynamo.client(), dynamo.tableName()));
        fx.brand("acme", new BrandSettings(List.of(), List.of(), null, true, null));
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        String ref = secrets.createMap("acme/x", Map.of("accessToken", "X-USER-TOKEN"));
        fx.brands.createAccount(new Account("xacct", "acme", Network.X, "acme", "42", null, ref,
                Account.Status.ACTIVE, null, Instant.EPOCH));
        String tweet = "1861000000000000009";
        var c = fx.comment("acme", Network.X, tweet, "You are a bunch of idiots and scammers",
                Instant.parse("2026-11-30T09:20:00Z"), io.cmautopilot.core.comment.Comment.Kind.COMMENT, "xacct");
        graph.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(urlEqualTo("/2/tweets/" + tweet + "/hidden"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"hidden\":true}}")));
        Scorer scorer = fx.scorer(LexiconEngine.standard(), HttpClient.newHttpClient(), graph.baseUrl() + "/v23.0",
                secrets);

        scorer.score(List.of(new ScoreRequest("m1", "acme", c.id(), Network.X, tweet, c.version())));

        graph.verify(1, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                        urlEqualTo("/2/tweets/" + tweet + "/hidden"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer X-USER-TOKEN"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson("{\"hidden\":true}")));
        assertThat(fx.comments.find(CommentStore.Origin.relay("acme"), Network.X, tweet).orElseThrow().hidden()).isTrue();
        var tracking = new io.cmautopilot.core.comment.InboxStore(fx.table)
                .find(CommentStore.Origin.relay("acme"), Network.X, tweet).orElseThrow().tracking();
        assertThat(tracking.hiddenReason().by()).isEqualTo("auto-hide");
        assertThat(tracking.hiddenReason().rule()).startsWith("autoHideToxic: TOXIC flag").contains("INSULT");
        assertThat(tracking.hiddenReason().score()).isNotNull();
    }
}
