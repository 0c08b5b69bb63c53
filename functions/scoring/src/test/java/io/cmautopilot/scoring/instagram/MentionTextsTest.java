package io.cmautopilot.scoring.instagram;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The text of Instagram mentions, which the webhook announces as ids only, read from the Graph API before scoring. */
class MentionTextsTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension graph = WireMocks.server();
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-11-30T09:00:00Z");
    private CommentStore comments;
    private MentionTexts mentions;

    @BeforeEach
    void wire() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        comments = new CommentStore(table);
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        brands.create(new Brand("acme", "Acme", ZoneId.of("UTC"), "en", null, null, T));
        String ref = secrets.createMap("acme/instagram", Map.of("accessToken", "IG-TOKEN"));
        brands.createAccount(new Account("igacct", "acme", Network.INSTAGRAM, "acme", "17841400000000001", null, ref,
                Account.Status.ACTIVE, null, T));
        mentions = new MentionTexts(HttpClient.newHttpClient(), graph.baseUrl() + "/v23.0", brands, secrets, comments,
                Clock.fixed(T, ZoneOffset.UTC));
    }

    private Comment mention(String externalId, String mediaId) {
        Comment c = Comment.received("m-" + externalId, "acme", "igacct", Network.INSTAGRAM, externalId, mediaId, null,
                null, "", null, T, T, null, Comment.Kind.MENTION);
        comments.insert(c, CommentStore.Origin.relay(c.brandId()));
        return c;
    }

    @Test
    void a_comment_mention_gets_its_text_and_author_with_the_token_in_a_header() {
        Comment c = mention("17900000000000099", "17800000000000042");
        graph.stubFor(get(urlPathEqualTo("/v23.0/17841400000000001")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"mentioned_comment\":{\"text\":\"@acme my order is late, any news?\",\"username\":\"jane\","
                        + "\"timestamp\":\"2026-11-30T08:59:00+0000\",\"id\":\"17900000000000099\"},"
                        + "\"id\":\"17841400000000001\"}")));

        Comment completed = mentions.complete(c);

        assertThat(completed.text()).isEqualTo("@acme my order is late, any news?");
        assertThat(completed.author().handle()).isEqualTo("jane");
        assertThat(completed.version()).isEqualTo(1);
        assertThat(comments.find(CommentStore.Origin.relay("acme"), Network.INSTAGRAM, "17900000000000099").orElseThrow().text()).startsWith("@acme");
        graph.verify(getRequestedFor(urlPathEqualTo("/v23.0/17841400000000001"))
                .withQueryParam("fields", equalTo("mentioned_comment.comment_id(17900000000000099){text,username,timestamp}"))
                .withHeader("Authorization", equalTo("Bearer IG-TOKEN")));
        assertThat(graph.findAll(getRequestedFor(urlPathEqualTo("/v23.0/17841400000000001"))).get(0).getUrl())
                .doesNotContain("IG-TOKEN");
    }

    @Test
    void a_caption_mention_reads_the_media_caption() {
        Comment c = mention("17800000000000042", "17800000000000042");
        graph.stubFor(get(urlPathEqualTo("/v23.0/17841400000000001")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"mentioned_media\":{\"caption\":\"Best latte in town @acme\",\"username\":\"bob\","
                        + "\"id\":\"17800000000000042\"},\"id\":\"17841400000000001\"}")));

        assertThat(mentions.complete(c).text()).isEqualTo("Best latte in town @acme");
        graph.verify(getRequestedFor(urlPathEqualTo("/v23.0/17841400000000001"))
                .withQueryParam("fields", equalTo("mentioned_media.media_id(17800000000000042){caption,username,timestamp}")));
    }

    @Test
    void a_refusal_leaves_the_comment_as_it_was_and_other_comments_are_not_looked_up() {
        Comment c = mention("17900000000000100", "17800000000000042");
        graph.stubFor(get(urlPathEqualTo("/v23.0/17841400000000001")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"message\":\"comments disabled\",\"code\":100}}")));
        Comment withText = Comment.received("x1", "acme", "igacct", Network.INSTAGRAM, "1790000000000777", null, null,
                null, "already has text", null, T, T, null, Comment.Kind.COMMENT);

        assertThat(mentions.complete(c)).isEqualTo(c);
        assertThat(comments.find(CommentStore.Origin.relay("acme"), Network.INSTAGRAM, "17900000000000100").orElseThrow().text()).isEmpty();
        assertThat(mentions.complete(withText)).isSameAs(withText);
        assertThat(graph.findAll(getRequestedFor(urlPathEqualTo("/v23.0/17841400000000001")))).hasSize(1);
        assertThat(comments.fillText(Comment.received("m-unknown", "acme", "igacct", Network.INSTAGRAM, "1790000000000777", null, null, null, "", null, T, T, null, Comment.Kind.MENTION), "x", null, T)).as("unknown comment").isEmpty();
    }
}
