package io.cmautopilot.scoring.alert;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class AutoHideTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension graph = WireMocks.server();
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-11-30T09:00:00Z");

    @Test
    void hidesOnFacebookAndInstagramWithTheRightParameterAndRecordsIt() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        CommentStore comments = new CommentStore(table);
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        brands.create(new Brand("acme", "Acme", ZoneId.of("UTC"), "en",
                new BrandSettings(List.of(), List.of(), null, true, null), null, T));
        String fbRef = secrets.createMap("acme/facebook", Map.of("pageAccessToken", "PAGE-TOKEN"));
        String igRef = secrets.createMap("acme/instagram", Map.of("accessToken", "IG TOKEN"));
        brands.createAccount(new Account("fbacct", "acme", Network.FACEBOOK, "acme", "1001", null, fbRef,
                Account.Status.ACTIVE, null, T));
        brands.createAccount(new Account("igacct", "acme", Network.INSTAGRAM, "acme", "2002", null, igRef,
                Account.Status.ACTIVE, null, T));
        Comment fb = Comment.received("c1", "acme", "fbacct", Network.FACEBOOK, "1001_555", null, null, null, "toxic",
                "en", T, T, null, Comment.Kind.COMMENT);
        Comment ig = Comment.received("c2", "acme", "igacct", Network.INSTAGRAM, "17890001", null, null, null, "toxic",
                "en", T, T, null, Comment.Kind.COMMENT);
        comments.insert(fb, CommentStore.Origin.relay(fb.brandId()));
        comments.insert(ig, CommentStore.Origin.relay(ig.brandId()));
        graph.stubFor(post(urlEqualTo("/v23.0/1001_555")).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
        graph.stubFor(post(urlEqualTo("/v23.0/17890001")).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
        AutoHider hider = hider(brands, secrets, comments);

        assertThat(hider.hide(fb)).isTrue();
        assertThat(hider.hide(ig)).isTrue();

        // the API's manual hide request: the token in the Authorization header, never in the body or URL
        graph.verify(postRequestedFor(urlEqualTo("/v23.0/1001_555"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Authorization", equalTo("Bearer PAGE-TOKEN"))
                .withRequestBody(equalTo("is_hidden=true")));
        graph.verify(postRequestedFor(urlEqualTo("/v23.0/17890001"))
                .withHeader("Authorization", equalTo("Bearer IG TOKEN")).withRequestBody(equalTo("hide=true")));
        assertThat(comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, "1001_555").orElseThrow().hidden()).isTrue();
        assertThat(comments.find(CommentStore.Origin.relay("acme"), Network.INSTAGRAM, "17890001").orElseThrow().hidden()).isTrue();
    }

    @Test
    void aRefusedHideLeavesTheCommentVisible() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        CommentStore comments = new CommentStore(table);
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        brands.create(new Brand("acme", "Acme", ZoneId.of("UTC"), "en", BrandSettings.defaults(), null, T));
        String ref = secrets.createMap("acme/facebook", Map.of("pageAccessToken", "EXPIRED"));
        brands.createAccount(new Account("fbacct", "acme", Network.FACEBOOK, "acme", "1001", null, ref,
                Account.Status.ACTIVE, null, T));
        Comment fb = Comment.received("c1", "acme", "fbacct", Network.FACEBOOK, "1001_777", null, null, null, "toxic",
                "en", T, T, null, Comment.Kind.COMMENT);
        comments.insert(fb, CommentStore.Origin.relay(fb.brandId()));
        graph.stubFor(post(urlEqualTo("/v23.0/1001_777")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":190,\"message\":\"Error validating access token\"}}")));
        AutoHider hider = hider(brands, secrets, comments);

        assertThat(hider.hide(fb)).isFalse();
        assertThat(comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, "1001_777").orElseThrow().hidden()).isFalse();
    }

    private AutoHider hider(BrandStore brands, FileSecrets secrets, CommentStore comments) {
        var platform = new io.cmautopilot.publish.PlatformHttp(HttpClient.newHttpClient(), Clock.fixed(T, ZoneOffset.UTC),
                java.time.Duration.ofSeconds(5));
        var actions = new io.cmautopilot.publish.reply.InboxActions(brands, secrets, List.of(
                new io.cmautopilot.publish.meta.MetaReplies(Network.FACEBOOK, platform, graph.baseUrl() + "/v23.0"),
                new io.cmautopilot.publish.meta.MetaReplies(Network.INSTAGRAM, platform, graph.baseUrl() + "/v23.0")));
        return new AutoHider(actions, comments, Clock.fixed(T, ZoneOffset.UTC));
    }
}
