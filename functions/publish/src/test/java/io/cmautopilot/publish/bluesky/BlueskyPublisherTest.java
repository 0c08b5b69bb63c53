package io.cmautopilot.publish.bluesky;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.publish.MediaFetcher;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Requests;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class BlueskyPublisherTest {
    @RegisterExtension
    static WireMockExtension pds = WireMocks.server();

    private final MutableClock clock = new MutableClock(T0);
    private final PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), clock, Duration.ofSeconds(5));
    private final BlueskyPublisher publisher = new BlueskyPublisher(http,
            new MediaFetcher(HttpClient.newHttpClient(), http), LinkCards.none());
    private final Requests.MemorySecrets secrets = new Requests.MemorySecrets();
    private Credentials credentials;

    private static final String SESSION = "/xrpc/com.atproto.server.createSession";
    private static final String CREATE = "/xrpc/com.atproto.repo.createRecord";
    private static final String REFRESH = "/xrpc/com.atproto.server.refreshSession";

    @BeforeEach
    void setUp() {
        secrets.values.put("ref-a1", Json.write(Map.of("identifier", "acme.bsky.social", "appPassword", "abcd-efgh")));
        credentials = new Credentials("ref-a1", secrets.getMap("ref-a1"), secrets);
        pds.stubFor(post(SESSION).withRequestBody(equalToJson(
                        "{\"identifier\":\"acme.bsky.social\",\"password\":\"abcd-efgh\"}"))
                .willReturn(okJson("{\"did\":\"did:plc:acme123\",\"handle\":\"acme.bsky.social\","
                        + "\"accessJwt\":\"access-1\",\"refreshJwt\":\"refresh-1\",\"active\":true}")));
        pds.stubFor(get(urlPathEqualTo("/xrpc/com.atproto.identity.resolveHandle"))
                .willReturn(okJson("{\"did\":\"did:plc:alice456\"}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String created(String rkey) {
        return "{\"uri\":\"at://did:plc:acme123/app.bsky.feed.post/" + rkey + "\",\"cid\":\"bafyrei" + rkey + "\","
                + "\"commit\":{\"cid\":\"bafyreicommit\",\"rev\":\"3lbx\"},\"validationStatus\":\"valid\"}";
    }

    private PublishResult publish(String... parts) {
        return publisher.publish(Requests.request(Requests.account(Network.BLUESKY, pds.baseUrl(), null), credentials,
                List.of(parts), List.of(), Map.of()));
    }

    @Test
    void a_post_carries_link_tag_and_mention_facets_at_utf8_byte_offsets_and_the_session_is_reused() {
        pds.stubFor(post(CREATE).willReturn(okJson(created("3lbxa"))));

        PublishResult first = publish("Café ☕ https://www.acme.com/menu #winter @alice.bsky.social");
        PublishResult second = publish("again");

        assertThat(first).isEqualTo(new PublishResult.Published("at://did:plc:acme123/app.bsky.feed.post/3lbxa",
                "https://bsky.app/profile/acme.bsky.social/post/3lbxa"));
        assertThat(second).isInstanceOf(PublishResult.Published.class);
        pds.verify(1, postRequestedFor(urlEqualTo(SESSION)));
        pds.verify(postRequestedFor(urlEqualTo(CREATE))
                .withHeader("Authorization", equalTo("Bearer access-1"))
                .withRequestBody(matchingJsonPath("$.repo", equalTo("did:plc:acme123")))
                .withRequestBody(matchingJsonPath("$.collection", equalTo("app.bsky.feed.post")))
                .withRequestBody(matchingJsonPath("$.record.langs[0]", equalTo("en")))
                .withRequestBody(equalToJson("{\"record\":{\"facets\":["
                        + "{\"index\":{\"byteStart\":10,\"byteEnd\":35},\"features\":[{\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":\"https://www.acme.com/menu\"}]},"
                        + "{\"index\":{\"byteStart\":44,\"byteEnd\":62},\"features\":[{\"$type\":\"app.bsky.richtext.facet#mention\",\"did\":\"did:plc:alice456\"}]},"
                        + "{\"index\":{\"byteStart\":36,\"byteEnd\":43},\"features\":[{\"$type\":\"app.bsky.richtext.facet#tag\",\"tag\":\"winter\"}]}"
                        + "]}}", true, true)));
        // the session outlives the function instance: it is kept in the account's secret
        assertThat(secrets.getMap("ref-a1")).containsEntry("sessionAccessJwt", "access-1")
                .containsEntry("did", "did:plc:acme123").containsEntry("appPassword", "abcd-efgh");
    }

    @Test
    void an_expired_access_token_is_refreshed_with_the_refresh_jwt_not_a_new_session() {
        pds.stubFor(post(CREATE).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Authorization", equalTo("Bearer access-1"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}"))
                .willSetStateTo("expired"));
        pds.stubFor(post(REFRESH).withHeader("Authorization", equalTo("Bearer refresh-1"))
                .willReturn(okJson("{\"did\":\"did:plc:acme123\",\"handle\":\"acme.bsky.social\","
                        + "\"accessJwt\":\"access-2\",\"refreshJwt\":\"refresh-2\"}")));
        pds.stubFor(post(CREATE).inScenario("expiry").whenScenarioStateIs("expired")
                .withHeader("Authorization", equalTo("Bearer access-2")).willReturn(okJson(created("3lbxb"))));

        assertThat(publish("hello")).isInstanceOf(PublishResult.Published.class);

        pds.verify(1, postRequestedFor(urlEqualTo(SESSION)));
        pds.verify(1, postRequestedFor(urlEqualTo(REFRESH)));
        assertThat(secrets.getMap("ref-a1")).containsEntry("sessionAccessJwt", "access-2")
                .containsEntry("sessionRefreshJwt", "refresh-2");
    }

    @Test
    void thread_parts_reply_to_the_root_and_to_their_parent() {
        pds.stubFor(post(CREATE).withRequestBody(matchingJsonPath("$.record.reply", absent()))
                .willReturn(okJson(created("root1"))));
        pds.stubFor(post(CREATE).withRequestBody(matchingJsonPath("$.record.text", equalTo("two (2/3)")))
                .willReturn(okJson(created("two2"))));
        pds.stubFor(post(CREATE).withRequestBody(matchingJsonPath("$.record.text", equalTo("three (3/3)")))
                .willReturn(okJson(created("three3"))));

        PublishResult result = publish("one (1/3)", "two (2/3)", "three (3/3)");

        assertThat(result).isInstanceOfSatisfying(PublishResult.Published.class,
                p -> assertThat(p.remoteId()).endsWith("/root1"));
        pds.verify(postRequestedFor(urlEqualTo(CREATE))
                .withRequestBody(matchingJsonPath("$.record.text", equalTo("three (3/3)")))
                .withRequestBody(matchingJsonPath("$.record.reply.root.uri", equalTo("at://did:plc:acme123/app.bsky.feed.post/root1")))
                .withRequestBody(matchingJsonPath("$.record.reply.root.cid", equalTo("bafyreiroot1")))
                .withRequestBody(matchingJsonPath("$.record.reply.parent.uri", equalTo("at://did:plc:acme123/app.bsky.feed.post/two2"))));
    }

    @Test
    void an_image_is_uploaded_as_a_blob_and_embedded_with_its_alt_text() {
        pds.stubFor(get("/cdn/soup.png").willReturn(aResponse().withHeader("Content-Type", "image/png")
                .withBody(new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2})));
        pds.stubFor(post("/xrpc/com.atproto.repo.uploadBlob").withHeader("Content-Type", equalTo("image/png"))
                .willReturn(okJson("{\"blob\":{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkreisoup\"},"
                        + "\"mimeType\":\"image/png\",\"size\":6}}")));
        pds.stubFor(post(CREATE).willReturn(okJson(created("img1"))));

        PublishResult result = publisher.publish(Requests.request(Requests.account(Network.BLUESKY, pds.baseUrl(), null),
                credentials, List.of("Soup"), List.of(new Post.Media(pds.baseUrl() + "/cdn/soup.png", "A bowl of soup")),
                Map.of()));

        assertThat(result).isInstanceOf(PublishResult.Published.class);
        pds.verify(postRequestedFor(urlEqualTo(CREATE))
                .withRequestBody(matchingJsonPath("$.record.embed.$type", equalTo("app.bsky.embed.images")))
                .withRequestBody(matchingJsonPath("$.record.embed.images[0].alt", equalTo("A bowl of soup")))
                .withRequestBody(matchingJsonPath("$.record.embed.images[0].image.ref.$link", equalTo("bafkreisoup"))));
    }

    @Test
    void a_revoked_app_password_needs_a_reconnect() {
        pds.stubFor(post(SESSION).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"AuthenticationRequired\",\"message\":\"Invalid identifier or password\"}")));

        assertThat(publish("hello")).isEqualTo(
                new PublishResult.NeedsReconnect("HTTP 401: AuthenticationRequired: Invalid identifier or password"));
    }

    @Test
    void a_rate_limited_write_waits_for_the_ratelimit_reset() {
        pds.stubFor(post(CREATE).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("ratelimit-limit", "5000").withHeader("ratelimit-remaining", "0")
                .withHeader("ratelimit-reset", "1796112000")
                .withBody("{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")));

        assertThat(publish("hello")).isInstanceOfSatisfying(PublishResult.RetryLater.class, r -> {
            assertThat(r.notBefore()).isEqualTo(Instant.ofEpochSecond(1796112000));
            assertThat(r.reason()).contains("RateLimitExceeded");
        });
    }

    @Test
    void an_invalid_record_is_rejected_with_the_pds_message() {
        pds.stubFor(post(CREATE).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"InvalidRequest\",\"message\":\"Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes\"}")));

        assertThat(publish("hello")).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.reason()).contains("300 graphemes"));
    }

    @Test
    void a_post_without_image_gets_an_external_card_from_its_first_links_page() {
        pds.stubFor(get("/menu").willReturn(aResponse().withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!doctype html><html><head><title>ignored</title>"
                        + "<meta property=\"og:title\" content=\"Winter menu &amp; prices\">"
                        + "<meta name=\"description\" content=\"Soups, stews   and the return of the tartiflette.\">"
                        + "<meta property=\"og:image\" content=\"/img/card.jpg\"></head><body>...</body></html>")));
        pds.stubFor(get("/img/card.jpg").willReturn(aResponse().withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})));
        pds.stubFor(post("/xrpc/com.atproto.repo.uploadBlob").willReturn(okJson("{\"blob\":{\"$type\":\"blob\","
                + "\"ref\":{\"$link\":\"bafkreicard\"},\"mimeType\":\"image/jpeg\",\"size\":3}}")));
        pds.stubFor(post(CREATE).willReturn(okJson(created("3lbxc"))));
        MediaFetcher media = new MediaFetcher(HttpClient.newHttpClient(), http);
        BlueskyPublisher withCards = new BlueskyPublisher(http, media, new LinkCards(media, true));

        PublishResult r = withCards.publish(Requests.request(Requests.account(Network.BLUESKY, pds.baseUrl(), null),
                credentials, List.of("Our winter menu: " + pds.baseUrl() + "/menu"), List.of(), Map.of()));

        assertThat(r).isInstanceOf(PublishResult.Published.class);
        pds.verify(postRequestedFor(urlEqualTo(CREATE))
                .withRequestBody(matchingJsonPath("$.record.embed.$type", equalTo("app.bsky.embed.external")))
                .withRequestBody(matchingJsonPath("$.record.embed.external.uri", equalTo(pds.baseUrl() + "/menu")))
                .withRequestBody(matchingJsonPath("$.record.embed.external.title", equalTo("Winter menu & prices")))
                .withRequestBody(matchingJsonPath("$.record.embed.external.description",
                        equalTo("Soups, stews and the return of the tartiflette.")))
                .withRequestBody(matchingJsonPath("$.record.embed.external.thumb.ref.$link", equalTo("bafkreicard"))));
    }

    @Test
    void cards_are_never_fetched_from_internal_addresses_or_over_plain_http() {
        LinkCards cards = new LinkCards(new MediaFetcher(HttpClient.newHttpClient(), http), false);
        assertThat(cards.publicHost("127.0.0.1")).isFalse();
        assertThat(cards.publicHost("10.1.2.3")).isFalse();
        assertThat(cards.publicHost("169.254.169.254")).isFalse();
        assertThat(cards.publicHost("192.168.0.10")).isFalse();
        assertThat(cards.publicHost("100.64.0.1")).isFalse();
        assertThat(cards.publicHost("::1")).isFalse();
        assertThat(cards.publicHost("fd00::1")).isFalse();
        assertThat(cards.publicHost("localhost")).isFalse();
        assertThat(cards.card(pds.baseUrl() + "/menu")).isEmpty();
        assertThat(cards.card("https://127.0.0.1:" + pds.getPort() + "/menu")).isEmpty();
        pds.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/menu")));
    }
}
