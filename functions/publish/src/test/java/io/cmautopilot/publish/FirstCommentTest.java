package io.cmautopilot.publish;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.PostTarget.CommentStatus;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.publish.bluesky.BlueskyPublisher;
import io.cmautopilot.publish.mastodon.MastodonPublisher;
import io.cmautopilot.publish.meta.FacebookPublisher;
import io.cmautopilot.publish.x.XPublisher;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first comment goes out right after the post, through each network's real publisher against a fake platform
 * that records every request, and exactly once under injected faults: a 400 that hides a success, a timeout, a 5xx,
 * a publisher that dies mid-comment. Only Mastodon, which drops a repeated Idempotency-Key, is ever retried blindly.
 */
class FirstCommentTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension platform = WireMocks.server();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private Table table;
    private Fixtures fx;
    private FileSecrets secrets;
    private PostStore posts;

    @BeforeEach
    void setUp() {
        table = new Table(dynamo.client(), dynamo.tableName());
        secrets = new FileSecrets(dir.resolve("secrets.json"));
        fx = new Fixtures(table, secrets);
        fx.brand("acme");
        posts = new PostStore(table);
    }

    private Publisher publisher() {
        PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), clock, Duration.ofSeconds(3));
        MediaFetcher media = new MediaFetcher(HttpClient.newHttpClient(), http);
        List<NetworkPublisher> networks = List.of(new XPublisher(http, platform.baseUrl(), media),
                new MastodonPublisher(http, media, 1, Duration.ofMillis(10)),
                new FacebookPublisher(http, platform.baseUrl() + "/v25.0"),
                new BlueskyPublisher(http, media));
        return new Publisher(posts, new BrandStore(table), new CounterStore(table), new CheckpointStore(table), secrets,
                new RecordingBus(), clock, networks, PublisherSettings.builder().backoff(Duration.ofSeconds(30),
                        Duration.ofMinutes(5)).build());
    }

    private PostTarget target(String postId, String accountId) {
        return posts.get(postId).orElseThrow().targets().stream().filter(t -> t.accountId().equals(accountId))
                .findFirst().orElseThrow();
    }

    /** Ticks again and again, an hour apart: whatever is retried comes due. */
    private void laterTicks(Publisher publisher, int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofHours(1));
            publisher.tick("later-" + i);
        }
    }

    private Account x() {
        return fx.account("acme", "x1", Network.X, null, null, Map.of("accessToken", "x-token"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tweet(String id) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"" + id + "\",\"text\":\"t\"}}");
    }

    @Test
    void on_x_the_first_comment_is_a_self_reply_right_after_the_post() {
        fx.postWithComment("P1", "acme", "Winter menu is out", T0, "Full menu: https://acme.example/menu", x());
        platform.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.reply", absent())).willReturn(tweet("100")));
        platform.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("100")))
                .willReturn(tweet("101")));

        publisher().tick("t1");

        PostTarget t = target("P1", "x1");
        assertThat(t.status()).isEqualTo(TargetStatus.PUBLISHED);
        assertThat(t.comment().status()).isEqualTo(CommentStatus.POSTED);
        assertThat(t.comment().remoteId()).isEqualTo("101");
        platform.verify(postRequestedFor(urlEqualTo("/2/tweets"))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Full menu: https://acme.example/menu")))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("100"))));
        assertThat(posts.dueTargets(T0.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void a_400_that_hides_a_success_is_final_and_the_comment_is_never_sent_again() {
        fx.postWithComment("P1", "acme", "Winter menu is out", T0, "Full menu inside", x());
        platform.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.reply", absent())).willReturn(tweet("100")));
        platform.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.reply")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request was invalid.\"}")));
        Publisher publisher = publisher();

        publisher.tick("t1");
        laterTicks(publisher, 4);

        platform.verify(1, postRequestedFor(urlEqualTo("/2/tweets")).withRequestBody(matchingJsonPath("$.reply")));
        PostTarget t = target("P1", "x1");
        assertThat(t.status()).isEqualTo(TargetStatus.PUBLISHED);
        assertThat(t.comment().status()).isEqualTo(CommentStatus.FAILED);
        assertThat(t.comment().error()).contains("HTTP 400");
    }

    @Test
    void a_timeout_or_a_5xx_is_unconfirmed_and_never_repeated() {
        Account x = x();
        fx.postWithComment("P1", "acme", "one", T0, "comment one", x);
        fx.postWithComment("P2", "acme", "two", T0, "comment two", x);
        platform.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.text", equalTo("one"))).willReturn(tweet("100")));
        platform.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.text", equalTo("two"))).willReturn(tweet("200")));
        platform.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("100")))
                .willReturn(tweet("101").withFixedDelay(5_000)));
        platform.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("200")))
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        Publisher publisher = publisher();

        publisher.tick("t1");
        laterTicks(publisher, 3);

        platform.verify(1, postRequestedFor(urlEqualTo("/2/tweets")).withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("100"))));
        platform.verify(1, postRequestedFor(urlEqualTo("/2/tweets")).withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("200"))));
        assertThat(target("P1", "x1").comment().status()).isEqualTo(CommentStatus.UNCONFIRMED);
        assertThat(target("P1", "x1").comment().error()).contains("may have been posted");
        assertThat(target("P2", "x1").comment().status()).isEqualTo(CommentStatus.UNCONFIRMED);
        assertThat(target("P2", "x1").comment().error()).contains("HTTP 503");
    }

    @Test
    void a_publisher_that_died_mid_comment_leaves_it_unconfirmed_not_posted_twice() {
        fx.postWithComment("P1", "acme", "Winter menu is out", T0, "Full menu inside", x());
        platform.stubFor(post("/2/tweets").willReturn(tweet("100")));
        publisher().tick("t1");
        platform.resetRequests();
        // simulate a comment claimed by a tick that then died: back to PENDING, then claimed by "dead"
        assertThat(target("P1", "x1").comment().status()).isEqualTo(CommentStatus.POSTED);
        dynamo.client().updateItem(b -> b.tableName(table.name()).key(Table.key("POST#P1", "TARGET#x1"))
                .updateExpression("SET fcStatus = :p, gsi1pk = :due, gsi1sk = :sk REMOVE fcRemoteId")
                .expressionAttributeValues(Map.of(":p", Table.s("PENDING"), ":due", Table.s(PostStore.DUE),
                        ":sk", Table.s(Table.iso(T0) + "#P1#x1"))));
        assertThat(posts.claimComment(target("P1", "x1"), "dead", T0, T0.plus(Duration.ofMinutes(5)))).isPresent();

        clock.advance(Duration.ofMinutes(6));
        publisher().tick("t2");
        laterTicks(publisher(), 2);

        platform.verify(0, postRequestedFor(urlEqualTo("/2/tweets")));
        assertThat(target("P1", "x1").comment().status()).isEqualTo(CommentStatus.UNCONFIRMED);
        assertThat(target("P1", "x1").comment().error()).contains("earlier attempt stopped");
    }

    @Test
    void on_mastodon_a_5xx_is_retried_with_the_same_idempotency_key_and_posted_once() {
        Account m = fx.account("acme", "m1", Network.MASTODON, platform.baseUrl(), null, Map.of("accessToken", "m-token"));
        fx.postWithComment("P1", "acme", "Winter menu is out", T0, "Full menu inside", m);
        platform.stubFor(post("/api/v1/statuses").withRequestBody(matchingJsonPath("$.in_reply_to_id", absent()))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"110\",\"url\":\"https://m.example/@acme/110\"}")));
        platform.stubFor(post("/api/v1/statuses").withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("110")))
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(502)));
        platform.stubFor(post("/api/v1/statuses").withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("110")))
                .inScenario("flaky").whenScenarioStateIs("up").willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"111\",\"url\":\"u\"}")));
        Publisher publisher = publisher();

        publisher.tick("t1");
        assertThat(target("P1", "m1").comment().status()).isEqualTo(CommentStatus.PENDING);
        laterTicks(publisher, 3);

        var replies = platform.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses"))
                .withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("110"))));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).getHeader("Idempotency-Key")).isEqualTo(replies.get(1).getHeader("Idempotency-Key"))
                .isNotEqualTo(platform.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses"))
                        .withRequestBody(matchingJsonPath("$.in_reply_to_id", absent()))).get(0).getHeader("Idempotency-Key"));
        assertThat(target("P1", "m1").comment().status()).isEqualTo(CommentStatus.POSTED);
        assertThat(target("P1", "m1").comment().remoteId()).isEqualTo("111");
    }

    @Test
    void on_facebook_it_is_a_comment_on_the_page_post() {
        Account fb = fx.account("acme", "fb1", Network.FACEBOOK, null, "1012", Map.of("pageAccessToken", "page-token"));
        fx.postWithComment("P1", "acme", "Winter menu is out", T0, "Full menu: https://acme.example/menu", fb);
        platform.stubFor(post("/v25.0/1012/feed").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"1012_555\"}")));
        platform.stubFor(post("/v25.0/1012_555/comments").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"555_777\"}")));

        publisher().tick("t1");

        platform.verify(postRequestedFor(urlEqualTo("/v25.0/1012_555/comments"))
                .withHeader("Authorization", equalTo("Bearer page-token"))
                .withRequestBody(equalTo("message=Full+menu%3A+https%3A%2F%2Facme.example%2Fmenu")));
        assertThat(target("P1", "fb1").comment()).satisfies(c -> {
            assertThat(c.status()).isEqualTo(CommentStatus.POSTED);
            assertThat(c.remoteId()).isEqualTo("555_777");
        });
    }

    @Test
    void on_bluesky_it_is_a_self_reply_with_the_parent_as_root_and_parent() {
        Account b = fx.account("acme", "b1", Network.BLUESKY, platform.baseUrl(), null,
                Map.of("identifier", "acme.bsky.social", "appPassword", "pw"));
        fx.postWithComment("P1", "acme", "Winter menu is out", T0, "Menu: https://acme.example", b);
        platform.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"did\":\"did:plc:acme\","
                        + "\"handle\":\"acme.bsky.social\",\"accessJwt\":\"a1\",\"refreshJwt\":\"r1\"}")));
        platform.stubFor(post("/xrpc/com.atproto.repo.createRecord").withRequestBody(matchingJsonPath("$.record.reply", absent()))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"uri\":\"at://did:plc:acme/app.bsky.feed.post/3la\",\"cid\":\"bafyparent\"}")));
        platform.stubFor(get(urlPathEqualTo("/xrpc/com.atproto.repo.getRecord")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"uri\":\"at://did:plc:acme/app.bsky.feed.post/3la\","
                        + "\"cid\":\"bafyparent\",\"value\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"Winter menu is out\"}}")));
        platform.stubFor(post("/xrpc/com.atproto.repo.createRecord").withRequestBody(matchingJsonPath("$.record.reply"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"uri\":\"at://did:plc:acme/app.bsky.feed.post/3lb\",\"cid\":\"bafyreply\"}")));

        publisher().tick("t1");

        platform.verify(getRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.getRecord?repo=did%3Aplc%3Aacme"
                + "&collection=app.bsky.feed.post&rkey=3la")));
        platform.verify(postRequestedFor(urlEqualTo("/xrpc/com.atproto.repo.createRecord"))
                .withRequestBody(matchingJsonPath("$.record.text", equalTo("Menu: https://acme.example")))
                .withRequestBody(matchingJsonPath("$.record.reply.root.uri", equalTo("at://did:plc:acme/app.bsky.feed.post/3la")))
                .withRequestBody(matchingJsonPath("$.record.reply.root.cid", equalTo("bafyparent")))
                .withRequestBody(matchingJsonPath("$.record.reply.parent.cid", equalTo("bafyparent")))
                .withRequestBody(matchingJsonPath("$.record.facets[0].features[0].uri", equalTo("https://acme.example")))
                .withRequestBody(containing("\"byteStart\":6")));
        assertThat(target("P1", "b1").comment().status()).isEqualTo(CommentStatus.POSTED);
        assertThat(target("P1", "b1").comment().remoteId()).isEqualTo("at://did:plc:acme/app.bsky.feed.post/3lb");
    }
}
