package io.cmautopilot.publish.x;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Requests;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class XPublisherTest {
    @RegisterExtension
    static WireMockExtension x = WireMocks.server();

    private final Requests.MemorySecrets secrets = new Requests.MemorySecrets();
    private final PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), new MutableClock(T0),
            Duration.ofSeconds(5));
    private final XPublisher publisher = new XPublisher(http, x.baseUrl(),
            new io.cmautopilot.publish.MediaFetcher(HttpClient.newHttpClient(), http));

    private Credentials credentials(Map<String, String> values) {
        secrets.values.put("ref-a1", Json.write(values));
        return new Credentials("ref-a1", values, secrets);
    }

    private PublishResult publish(Credentials credentials, String... parts) {
        return publisher.publish(Requests.request(Requests.account(Network.X, null, null), credentials,
                List.of(parts), List.of(), Map.of()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String id, String text) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"edit_history_tweet_ids\":[\"" + id + "\"],\"id\":\"" + id + "\",\"text\":\"" + text + "\"}}");
    }

    @Test
    void a_thread_is_posted_as_replies_with_the_user_token() {
        x.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.reply", absent()))
                .willReturn(created("1861000000000000001", "one (1/2)")));
        x.stubFor(post("/2/tweets").withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id",
                equalTo("1861000000000000001"))).willReturn(created("1861000000000000002", "two (2/2)")));

        PublishResult result = publish(credentials(Map.of("accessToken", "user-token")), "one (1/2)", "two (2/2)");

        assertThat(result).isEqualTo(new PublishResult.Published("1861000000000000001",
                "https://x.com/acme/status/1861000000000000001"));
        x.verify(2, postRequestedFor(urlEqualTo("/2/tweets")).withHeader("Authorization", equalTo("Bearer user-token")));
    }

    @Test
    void an_expired_token_is_refreshed_once_and_the_refresh_token_is_never_erased() {
        x.stubFor(post("/2/tweets").withHeader("Authorization", equalTo("Bearer old"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}")));
        // this refresh answer carries no refresh_token: the stored one must survive
        x.stubFor(post("/2/oauth2/token").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"new\","
                        + "\"scope\":\"tweet.write users.read tweet.read offline.access\"}")));
        x.stubFor(post("/2/tweets").withHeader("Authorization", equalTo("Bearer new")).willReturn(created("42", "hi")));

        PublishResult result = publish(credentials(Map.of("accessToken", "old", "refreshToken", "r-1",
                "clientId", "cid", "clientSecret", "csecret")), "hi");

        assertThat(result).isInstanceOf(PublishResult.Published.class);
        x.verify(postRequestedFor(urlEqualTo("/2/oauth2/token"))
                .withHeader("Authorization", equalTo("Basic Y2lkOmNzZWNyZXQ="))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=r-1")));
        assertThat(secrets.getMap("ref-a1")).containsEntry("accessToken", "new").containsEntry("refreshToken", "r-1");
    }

    @Test
    void a_refused_refresh_needs_a_reconnect() {
        x.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(401).withBody("{\"title\":\"Unauthorized\"}")));
        x.stubFor(post("/2/oauth2/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the token was invalid.\"}")));

        assertThat(publish(credentials(Map.of("accessToken", "old", "refreshToken", "r-1", "clientId", "cid")), "hi"))
                .isEqualTo(new PublishResult.NeedsReconnect("token refresh refused: HTTP 400: Value passed for the token was invalid."));
        x.verify(postRequestedFor(urlEqualTo("/2/oauth2/token")).withRequestBody(containing("client_id=cid")));
    }

    @Test
    void rate_limits_wait_for_x_rate_limit_reset_or_the_daily_user_reset() {
        x.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("x-rate-limit-limit", "100").withHeader("x-rate-limit-remaining", "0")
                .withHeader("x-rate-limit-reset", "1796115600")
                .withHeader("x-user-limit-24hour-limit", "17").withHeader("x-user-limit-24hour-remaining", "0")
                .withHeader("x-user-limit-24hour-reset", "1796170000")
                .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")));

        assertThat(publish(credentials(Map.of("accessToken", "t")), "hi"))
                .isInstanceOfSatisfying(PublishResult.RetryLater.class,
                        r -> assertThat(r.notBefore()).isEqualTo(Instant.ofEpochSecond(1796170000)));
    }

    @Test
    void duplicate_content_is_rejected_with_the_platform_detail() {
        x.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\",\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}")));

        assertThat(publish(credentials(Map.of("accessToken", "t")), "hi")).isEqualTo(
                new PublishResult.Rejected("HTTP 403: You are not allowed to create a Tweet with duplicate content."));
    }

    @Test
    void a_server_error_retries_and_a_timeout_is_unconfirmed() {
        x.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(503).withBody("{\"title\":\"Service Unavailable\"}")));
        assertThat(publish(credentials(Map.of("accessToken", "t")), "hi")).isInstanceOf(PublishResult.RetryLater.class);

        x.stubFor(post("/2/tweets").willReturn(created("1", "hi").withFixedDelay(8000)));
        assertThat(publish(credentials(Map.of("accessToken", "t")), "hi")).isInstanceOf(PublishResult.Unconfirmed.class);
    }

    @Test
    void images_are_uploaded_with_the_v2_media_endpoint_described_and_attached() {
        x.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/img/soup.jpg").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})));
        x.stubFor(post("/2/media/upload").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"1880028106020515840\",\"media_key\":\"3_1880028106020515840\"}}")));
        x.stubFor(post("/2/media/metadata").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"1880028106020515840\"}}")));
        x.stubFor(post("/2/tweets").willReturn(created("1861000000000000009", "soup")));

        PublishResult result = publisher.publish(Requests.request(Requests.account(Network.X, null, null),
                credentials(Map.of("accessToken", "x-token")), List.of("soup"),
                List.of(new io.cmautopilot.core.post.Post.Media(x.baseUrl() + "/img/soup.jpg", "A bowl of soup")), Map.of()));

        assertThat(result).isInstanceOf(PublishResult.Published.class);
        x.verify(postRequestedFor(urlEqualTo("/2/media/upload"))
                .withHeader("Authorization", equalTo("Bearer x-token"))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("multipart/form-data"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("name=\"media_category\"\r\n\r\ntweet_image")));
        x.verify(postRequestedFor(urlEqualTo("/2/media/metadata"))
                .withRequestBody(matchingJsonPath("$.id", equalTo("1880028106020515840")))
                .withRequestBody(matchingJsonPath("$.metadata.alt_text.text", equalTo("A bowl of soup"))));
        x.verify(postRequestedFor(urlEqualTo("/2/tweets"))
                .withRequestBody(matchingJsonPath("$.media.media_ids[0]", equalTo("1880028106020515840"))));
    }
}
