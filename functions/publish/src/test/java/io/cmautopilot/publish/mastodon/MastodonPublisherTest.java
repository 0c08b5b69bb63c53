package io.cmautopilot.publish.mastodon;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.publish.MediaFetcher;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Requests;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class MastodonPublisherTest {
    @RegisterExtension
    static WireMockExtension instance = WireMocks.server();

    private final MutableClock clock = new MutableClock(T0);
    private final PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), clock, Duration.ofSeconds(5));
    private final MastodonPublisher publisher = new MastodonPublisher(http,
            new MediaFetcher(HttpClient.newHttpClient(), http), 3, Duration.ofMillis(10));

    private PublishRequest request(String baseUrl, String... parts) {
        return Requests.request(Requests.account(Network.MASTODON, baseUrl, null), Map.of("accessToken", "tok"), parts);
    }

    private static String status(String id) {
        return "{\"id\":\"" + id + "\",\"uri\":\"https://m.example/users/acme/statuses/" + id + "\","
                + "\"url\":\"https://m.example/@acme/" + id + "\",\"visibility\":\"public\"}";
    }

    @Test
    void a_thread_is_published_as_replies_each_with_its_own_idempotency_key() {
        instance.stubFor(post("/api/v1/statuses").withRequestBody(matchingJsonPath("$.in_reply_to_id", absent()))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(status("101"))));
        instance.stubFor(post("/api/v1/statuses").withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("101")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(status("102"))));
        PublishRequest request = request(instance.baseUrl(), "part one (1/2)", "part two (2/2)");

        PublishResult result = publisher.publish(request);

        assertThat(result).isEqualTo(new PublishResult.Published("101", "https://m.example/@acme/101"));
        instance.verify(postRequestedFor(urlEqualTo("/api/v1/statuses"))
                .withHeader("Idempotency-Key", equalTo(request.idempotencyKey(0)))
                .withRequestBody(matchingJsonPath("$.status", equalTo("part one (1/2)")))
                .withRequestBody(matchingJsonPath("$.language", equalTo("en"))));
        instance.verify(postRequestedFor(urlEqualTo("/api/v1/statuses"))
                .withHeader("Idempotency-Key", equalTo(request.idempotencyKey(1)))
                .withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("101"))));
        assertThat(request.idempotencyKey(0)).isNotEqualTo(request.idempotencyKey(1));
    }

    @Test
    void an_image_is_uploaded_with_its_alt_text_waited_for_and_attached_to_the_status() {
        instance.stubFor(get("/cdn/soup.jpg").willReturn(aResponse().withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3})));
        instance.stubFor(post("/api/v2/media").willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"22348641\",\"type\":\"image\",\"url\":null,\"description\":\"A bowl of soup\"}")));
        instance.stubFor(get("/api/v1/media/22348641").inScenario("processing").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(206).withBody("{\"id\":\"22348641\",\"url\":null}"))
                .willSetStateTo("ready"));
        instance.stubFor(get("/api/v1/media/22348641").inScenario("processing").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"22348641\",\"url\":\"https://m.example/media/1.jpg\"}")));
        instance.stubFor(post("/api/v1/statuses").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(status("103"))));

        PublishResult result = publisher.publish(Requests.request(
                Requests.account(Network.MASTODON, instance.baseUrl(), null),
                new io.cmautopilot.publish.Credentials("ref", Map.of("accessToken", "tok"), null), java.util.List.of("Soup!"),
                java.util.List.of(new Post.Media(instance.baseUrl() + "/cdn/soup.jpg", "A bowl of soup")), Map.of()));

        assertThat(result).isInstanceOf(PublishResult.Published.class);
        instance.verify(postRequestedFor(urlEqualTo("/api/v2/media"))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBody(containing("name=\"description\"\r\n\r\nA bowl of soup"))
                .withRequestBody(containing("filename=\"soup.jpg\"")));
        instance.verify(2, getRequestedFor(urlEqualTo("/api/v1/media/22348641")));
        instance.verify(postRequestedFor(urlEqualTo("/api/v1/statuses"))
                .withRequestBody(matchingJsonPath("$.media_ids[0]", equalTo("22348641"))));
    }

    @Test
    void an_image_that_cannot_be_fetched_is_a_rejection_before_anything_is_posted() {
        instance.stubFor(get("/cdn/gone.jpg").willReturn(aResponse().withStatus(404)));

        PublishResult result = publisher.publish(Requests.request(
                Requests.account(Network.MASTODON, instance.baseUrl(), null),
                new io.cmautopilot.publish.Credentials("ref", Map.of("accessToken", "tok"), null), java.util.List.of("x"),
                java.util.List.of(new Post.Media(instance.baseUrl() + "/cdn/gone.jpg", "gone")), Map.of()));

        assertThat(result).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.reason()).contains("HTTP 404"));
        instance.verify(0, postRequestedFor(urlEqualTo("/api/v1/statuses")));
    }

    @Test
    void rate_limited_answers_wait_until_the_iso_reset_time() {
        // Mastodon: 429 with X-RateLimit-Reset as an ISO 8601 timestamp (docs.joinmastodon.org/api/rate-limits)
        instance.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Limit", "300").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "2026-12-01T08:05:00.000Z")
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Too many requests\"}")));

        PublishResult result = publisher.publish(request(instance.baseUrl(), "hello"));

        assertThat(result).isInstanceOfSatisfying(PublishResult.RetryLater.class, r -> {
            assertThat(r.notBefore()).isEqualTo(Instant.parse("2026-12-01T08:05:00Z"));
            assertThat(r.reason()).isEqualTo("HTTP 429: Too many requests");
        });
    }

    @Test
    void a_server_error_is_retried_later() {
        instance.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));

        assertThat(publisher.publish(request(instance.baseUrl(), "hello")))
                .isInstanceOfSatisfying(PublishResult.RetryLater.class, r -> assertThat(r.notBefore()).isNull());
    }

    @Test
    void a_revoked_token_needs_a_reconnect() {
        instance.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"The access token is invalid\"}")));

        assertThat(publisher.publish(request(instance.baseUrl(), "hello")))
                .isEqualTo(new PublishResult.NeedsReconnect("HTTP 401: The access token is invalid"));
    }

    @Test
    void a_validation_error_is_a_rejection_that_keeps_the_instance_message() {
        instance.stubFor(post("/api/v1/statuses").willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"Validation failed: Text character limit of 500 exceeded\"}")));

        assertThat(publisher.publish(request(instance.baseUrl(), "hello")))
                .isEqualTo(new PublishResult.Rejected("HTTP 422: Validation failed: Text character limit of 500 exceeded"));
    }

    @Test
    void no_answer_after_the_request_was_sent_is_retried_later_with_the_time_it_was_lost() {
        PlatformHttp quick = new PlatformHttp(HttpClient.newHttpClient(), clock, Duration.ofMillis(300));
        MastodonPublisher impatient = new MastodonPublisher(quick, new MediaFetcher(HttpClient.newHttpClient(), quick),
                3, Duration.ofMillis(10));
        instance.stubFor(post("/api/v1/statuses").willReturn(aResponse().withFixedDelay(1500).withBody(status("1"))));

        assertThat(impatient.publish(request(instance.baseUrl(), "hello")))
                .isInstanceOfSatisfying(PublishResult.RetryLater.class, r -> {
                    assertThat(r.notBefore()).isEqualTo(T0.plus(MastodonPublisher.LOST_RETRY_DELAY));
                    assertThat(r.checkpoint()).containsEntry("part.0.lostAt", T0.toString());
                });
    }

    @Test
    void a_lost_reply_in_a_thread_keeps_the_published_parts_and_the_first_lost_time() {
        PlatformHttp quick = new PlatformHttp(HttpClient.newHttpClient(), clock, Duration.ofMillis(300));
        MastodonPublisher impatient = new MastodonPublisher(quick, new MediaFetcher(HttpClient.newHttpClient(), quick),
                3, Duration.ofMillis(10));
        instance.stubFor(post("/api/v1/statuses").withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("101")))
                .willReturn(aResponse().withFixedDelay(1500).withBody(status("102"))));
        PublishRequest earlier = Requests.request(Requests.account(Network.MASTODON, instance.baseUrl(), null),
                new io.cmautopilot.publish.Credentials("ref", Map.of("accessToken", "tok"), null),
                java.util.List.of("one (1/2)", "two (2/2)"), java.util.List.of(),
                Map.of("part.0.id", "101", "part.0.url", "https://m.example/@acme/101", "part.1.lostAt", "2026-12-01T07:30:00Z"));

        assertThat(impatient.publish(earlier)).isInstanceOfSatisfying(PublishResult.RetryLater.class, r ->
                assertThat(r.checkpoint()).containsEntry("part.0.id", "101")
                        .containsEntry("part.1.lostAt", "2026-12-01T07:30:00Z"));
    }

    @Test
    void a_refused_connection_never_reached_the_instance_and_is_retried() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        assertThat(publisher.publish(request("http://127.0.0.1:" + closedPort, "hello")))
                .isInstanceOf(PublishResult.RetryLater.class);
    }
}
