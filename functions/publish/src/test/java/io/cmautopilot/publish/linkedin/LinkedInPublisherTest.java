package io.cmautopilot.publish.linkedin;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.publish.MutableClock;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Requests;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class LinkedInPublisherTest {
    @RegisterExtension
    static WireMockExtension linkedin = WireMocks.server();

    private final LinkedInPublisher publisher = new LinkedInPublisher(
            new PlatformHttp(HttpClient.newHttpClient(), new MutableClock(T0), Duration.ofSeconds(5)),
            linkedin.baseUrl(), "202510");

    private PublishResult publish(String text) {
        return publisher.publish(Requests.request(Requests.account(Network.LINKEDIN, null, "2414183"),
                Map.of("accessToken", "li-token"), text));
    }

    @Test
    void a_post_is_created_as_the_organization_and_its_urn_read_from_x_restli_id() {
        linkedin.stubFor(post("/rest/posts").willReturn(aResponse().withStatus(201)
                .withHeader("x-restli-id", "urn:li:share:7265000000000000000")));

        PublishResult result = publish("New menu (winter) #food @acme");

        assertThat(result).isEqualTo(new PublishResult.Published("urn:li:share:7265000000000000000",
                "https://www.linkedin.com/feed/update/urn:li:share:7265000000000000000"));
        linkedin.verify(postRequestedFor(urlEqualTo("/rest/posts"))
                .withHeader("Authorization", equalTo("Bearer li-token"))
                .withHeader("Linkedin-Version", equalTo("202510"))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withRequestBody(matchingJsonPath("$.author", equalTo("urn:li:organization:2414183")))
                .withRequestBody(matchingJsonPath("$.commentary", equalTo("New menu \\(winter\\) \\#food \\@acme")))
                .withRequestBody(matchingJsonPath("$.visibility", equalTo("PUBLIC")))
                .withRequestBody(matchingJsonPath("$.lifecycleState", equalTo("PUBLISHED")))
                .withRequestBody(matchingJsonPath("$.distribution.feedDistribution", equalTo("MAIN_FEED"))));
    }

    @Test
    void an_invalid_token_needs_a_reconnect() {
        linkedin.stubFor(post("/rest/posts").willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":401,\"serviceErrorCode\":65600,\"code\":\"INVALID_ACCESS_TOKEN\",\"message\":\"Invalid access token\"}")));

        assertThat(publish("hi")).isEqualTo(new PublishResult.NeedsReconnect("HTTP 401: INVALID_ACCESS_TOKEN: Invalid access token"));
    }

    @Test
    void a_throttled_request_without_headers_retries_with_our_backoff() {
        linkedin.stubFor(post("/rest/posts").willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":429,\"message\":\"Resource level throttle APPLICATION DAY limit for calls to this resource is reached.\"}")));

        assertThat(publish("hi")).isInstanceOfSatisfying(PublishResult.RetryLater.class, r -> {
            assertThat(r.notBefore()).isNull();
            assertThat(r.reason()).contains("throttle");
        });
    }

    @Test
    void a_refused_post_keeps_linkedins_message() {
        linkedin.stubFor(post("/rest/posts").willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":422,\"message\":\"ERROR :: /commentary :: length 3050 exceeds maximum length 3000\"}")));

        assertThat(publish("hi")).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.reason()).contains("maximum length 3000"));
    }
}
