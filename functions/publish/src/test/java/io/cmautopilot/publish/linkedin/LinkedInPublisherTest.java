package io.cmautopilot.publish.linkedin;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.publish.MediaFetcher;
import io.cmautopilot.testing.MutableClock;
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

    private final PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), new MutableClock(T0),
            Duration.ofSeconds(5));
    private final LinkedInPublisher publisher = new LinkedInPublisher(http, linkedin.baseUrl(),
            LinkedInPublisher.DEFAULT_VERSION, new MediaFetcher(HttpClient.newHttpClient(), http));

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
                .withHeader("Linkedin-Version", equalTo("202607"))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withRequestBody(matchingJsonPath("$.author", equalTo("urn:li:organization:2414183")))
                .withRequestBody(matchingJsonPath("$.commentary", equalTo("New menu \\(winter\\) {hashtag|\\#|food} \\@acme")))
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

    @Test
    void hashtags_become_hashtag_templates_mentions_pass_through_and_only_reserved_characters_are_escaped() {
        assertThat(LinkedInPublisher.littleText("#Winter menu: 10% off (today) at café_du_coin #Café2026 #1 "
                + "with @[Acme Corp](urn:li:organization:2414183) https://acme.example/a_b#top ~ fin*"))
                .isEqualTo("{hashtag|\\#|Winter} menu: 10% off \\(today\\) at café\\_du\\_coin {hashtag|\\#|Café2026} \\#1 "
                        + "with @[Acme Corp](urn:li:organization:2414183) https://acme.example/a\\_b\\#top \\~ fin\\*");
        assertThat(LinkedInPublisher.littleText("plain text, nothing reserved!")).isEqualTo("plain text, nothing reserved!");
        assertThat(LinkedInPublisher.littleText("#snake_case_tag")).isEqualTo("{hashtag|\\#|snake\\_case\\_tag}");
        assertThat(LinkedInPublisher.littleText("a@b.example [x](y)")).isEqualTo("a\\@b.example \\[x\\]\\(y\\)");
    }

    @Test
    void an_image_is_registered_with_the_images_api_uploaded_and_attached_with_its_alt_text() {
        linkedin.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/img/menu.png").willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "image/png").withBody(new byte[]{(byte) 0x89, 'P', 'N', 'G'})));
        linkedin.stubFor(post("/rest/images?action=initializeUpload").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"value\":{\"uploadUrlExpiresAt\":1733040000000,\"uploadUrl\":\"" + linkedin.baseUrl()
                        + "/dms-uploads/C4E10AQ\",\"image\":\"urn:li:image:C4E10AQFoyyAjHPMQuQ\"}}")));
        linkedin.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put("/dms-uploads/C4E10AQ")
                .willReturn(aResponse().withStatus(201)));
        linkedin.stubFor(post("/rest/posts").willReturn(aResponse().withStatus(201)
                .withHeader("x-restli-id", "urn:li:share:1")));

        PublishResult result = publisher.publish(Requests.request(Requests.account(Network.LINKEDIN, null, "2414183"),
                new io.cmautopilot.publish.Credentials("ref-a1", Map.of("accessToken", "li-token"), null),
                java.util.List.of("Our winter menu"), java.util.List.of(new io.cmautopilot.core.post.Post.Media(
                        linkedin.baseUrl() + "/img/menu.png", "A bowl of soup")), Map.of()));

        assertThat(result).isInstanceOf(PublishResult.Published.class);
        linkedin.verify(postRequestedFor(urlEqualTo("/rest/images?action=initializeUpload"))
                .withHeader("Linkedin-Version", equalTo("202607"))
                .withRequestBody(matchingJsonPath("$.initializeUploadRequest.owner", equalTo("urn:li:organization:2414183"))));
        linkedin.verify(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlEqualTo("/dms-uploads/C4E10AQ"))
                .withHeader("Authorization", equalTo("Bearer li-token")));
        linkedin.verify(postRequestedFor(urlEqualTo("/rest/posts"))
                .withRequestBody(matchingJsonPath("$.content.media.id", equalTo("urn:li:image:C4E10AQFoyyAjHPMQuQ")))
                .withRequestBody(matchingJsonPath("$.content.media.altText", equalTo("A bowl of soup"))));
    }

    @Test
    void a_comment_is_created_on_the_posts_social_actions_as_the_organization() {
        linkedin.stubFor(post("/rest/socialActions/urn%3Ali%3Ashare%3A7265/comments").willReturn(aResponse().withStatus(201)
                .withHeader("x-restli-id", "urn:li:comment:(urn:li:activity:7265,7266)")));

        PublishResult result = publisher.reply(new io.cmautopilot.publish.ReplyRequest(
                Requests.account(Network.LINKEDIN, null, "2414183"),
                new io.cmautopilot.publish.Credentials("ref-a1", Map.of("accessToken", "li-token"), null),
                "urn:li:share:7265", "Full menu: https://acme.example/menu", "key", "en"));

        assertThat(result).isEqualTo(new PublishResult.Published("urn:li:comment:(urn:li:activity:7265,7266)",
                "https://www.linkedin.com/feed/update/urn:li:share:7265"));
        linkedin.verify(postRequestedFor(urlEqualTo("/rest/socialActions/urn%3Ali%3Ashare%3A7265/comments"))
                .withHeader("Linkedin-Version", equalTo("202607"))
                .withRequestBody(matchingJsonPath("$.actor", equalTo("urn:li:organization:2414183")))
                .withRequestBody(matchingJsonPath("$.object", equalTo("urn:li:share:7265")))
                .withRequestBody(matchingJsonPath("$.message.text", equalTo("Full menu: https://acme.example/menu"))));
    }
}
