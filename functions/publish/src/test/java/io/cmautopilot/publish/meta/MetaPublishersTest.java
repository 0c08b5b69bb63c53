package io.cmautopilot.publish.meta;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.post.Post;
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
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class MetaPublishersTest {
    @RegisterExtension
    static WireMockExtension graph = WireMocks.server();

    private final PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), new MutableClock(T0),
            Duration.ofSeconds(5));
    private final FacebookPublisher facebook = new FacebookPublisher(http, graph.baseUrl() + "/v21.0");
    private final InstagramPublisher instagram = new InstagramPublisher(http, graph.baseUrl() + "/v21.0", 3,
            Duration.ofMillis(10));
    private static final Post.Media SOUP = new Post.Media("https://cdn.acme.com/soup.jpg", "A bowl of soup");

    private PublishResult onFacebook(String text, List<Post.Media> media) {
        return facebook.publish(Requests.request(Requests.account(Network.FACEBOOK, null, "101234567890"),
                new Credentials("ref", Map.of("pageAccessToken", "page-token"), null), List.of(text), media, Map.of()));
    }

    private PublishResult onInstagram(String caption, Map<String, String> checkpoint) {
        return instagram.publish(Requests.request(Requests.account(Network.INSTAGRAM, null, "17841400000000000"),
                new Credentials("ref", Map.of("accessToken", "ig-token"), null), List.of(caption), List.of(SOUP),
                checkpoint));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder graphError(int status, int code,
                                                                                                  String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                        + ",\"error_subcode\":463,\"fbtrace_id\":\"AbCdEfGh\"}}");
    }

    @Test
    void a_page_text_post_goes_to_the_feed_with_the_page_token_in_the_header() {
        graph.stubFor(post("/v21.0/101234567890/feed").willReturn(json("{\"id\":\"101234567890_998877\"}")));

        assertThat(onFacebook("Winter menu!", List.of())).isEqualTo(new PublishResult.Published(
                "101234567890_998877", "https://www.facebook.com/101234567890_998877"));
        graph.verify(postRequestedFor(urlEqualTo("/v21.0/101234567890/feed"))
                .withHeader("Authorization", equalTo("Bearer page-token"))
                .withRequestBody(equalTo("message=Winter+menu%21")));
    }

    @Test
    void a_page_photo_post_uses_photos_with_caption_and_alt_text() {
        graph.stubFor(post("/v21.0/101234567890/photos").willReturn(json("{\"id\":\"555\",\"post_id\":\"101234567890_556\"}")));

        assertThat(onFacebook("Soup", List.of(SOUP))).isInstanceOfSatisfying(PublishResult.Published.class,
                p -> assertThat(p.remoteId()).isEqualTo("101234567890_556"));
        graph.verify(postRequestedFor(urlEqualTo("/v21.0/101234567890/photos"))
                .withRequestBody(containing("url=https%3A%2F%2Fcdn.acme.com%2Fsoup.jpg"))
                .withRequestBody(containing("alt_text_custom=A+bowl+of+soup")));
    }

    @Test
    void meta_code_190_needs_a_reconnect_and_throttling_codes_retry() {
        graph.stubFor(post("/v21.0/101234567890/feed").willReturn(graphError(400, 190,
                "Error validating access token: Session has expired on Monday, 30-Nov-26 09:00:00 PST.")));
        assertThat(onFacebook("hi", List.of())).isInstanceOfSatisfying(PublishResult.NeedsReconnect.class,
                r -> assertThat(r.reason()).contains("Session has expired").contains("code 190/463"));

        graph.stubFor(post("/v21.0/101234567890/feed").willReturn(graphError(400, 32, "Page request limit reached")));
        assertThat(onFacebook("hi", List.of())).isInstanceOf(PublishResult.RetryLater.class);

        graph.stubFor(post("/v21.0/101234567890/feed").willReturn(graphError(400, 100,
                "Invalid parameter")));
        assertThat(onFacebook("hi", List.of())).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.reason()).contains("Invalid parameter"));
    }

    @Test
    void an_instagram_image_is_published_once_its_container_is_finished() {
        graph.stubFor(post("/v21.0/17841400000000000/media").willReturn(json("{\"id\":\"17889455560051444\"}")));
        graph.stubFor(get(urlPathEqualTo("/v21.0/17889455560051444")).inScenario("processing")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(json("{\"status_code\":\"IN_PROGRESS\",\"id\":\"17889455560051444\"}"))
                .willSetStateTo("done"));
        graph.stubFor(get(urlPathEqualTo("/v21.0/17889455560051444")).inScenario("processing")
                .whenScenarioStateIs("done").willReturn(json("{\"status_code\":\"FINISHED\",\"id\":\"17889455560051444\"}")));
        graph.stubFor(post("/v21.0/17841400000000000/media_publish").willReturn(json("{\"id\":\"17920238422030506\"}")));
        graph.stubFor(get(urlPathEqualTo("/v21.0/17920238422030506"))
                .willReturn(json("{\"permalink\":\"https://www.instagram.com/p/C0abcdEFG/\",\"id\":\"17920238422030506\"}")));

        PublishResult result = onInstagram("Soup season #winter", Map.of());

        assertThat(result).isEqualTo(new PublishResult.Published("17920238422030506",
                "https://www.instagram.com/p/C0abcdEFG/"));
        graph.verify(postRequestedFor(urlEqualTo("/v21.0/17841400000000000/media"))
                .withRequestBody(containing("image_url=https%3A%2F%2Fcdn.acme.com%2Fsoup.jpg"))
                .withRequestBody(containing("caption=Soup+season+%23winter"))
                .withRequestBody(containing("alt_text=A+bowl+of+soup")));
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v21.0/17889455560051444")));
        graph.verify(postRequestedFor(urlEqualTo("/v21.0/17841400000000000/media_publish"))
                .withRequestBody(equalTo("creation_id=17889455560051444")));
    }

    @Test
    void a_container_still_processing_is_kept_and_polled_again_on_the_next_attempt() {
        graph.stubFor(post("/v21.0/17841400000000000/media").willReturn(json("{\"id\":\"178001\"}")));
        graph.stubFor(get(urlPathEqualTo("/v21.0/178001")).willReturn(json("{\"status_code\":\"IN_PROGRESS\"}")));

        PublishResult first = onInstagram("Soup", Map.of());

        assertThat(first).isInstanceOfSatisfying(PublishResult.RetryLater.class,
                r -> assertThat(r.checkpoint()).containsEntry("containerId", "178001"));

        graph.stubFor(get(urlPathEqualTo("/v21.0/178001")).willReturn(json("{\"status_code\":\"FINISHED\"}")));
        graph.stubFor(post("/v21.0/17841400000000000/media_publish").willReturn(json("{\"id\":\"179001\"}")));
        PublishResult second = onInstagram("Soup", Map.of("containerId", "178001"));

        assertThat(second).isInstanceOf(PublishResult.Published.class);
        graph.verify(1, postRequestedFor(urlEqualTo("/v21.0/17841400000000000/media")));
    }

    @Test
    void a_container_in_error_is_rejected_with_its_status() {
        graph.stubFor(post("/v21.0/17841400000000000/media").willReturn(json("{\"id\":\"178002\"}")));
        graph.stubFor(get(urlPathEqualTo("/v21.0/178002")).willReturn(
                json("{\"status_code\":\"ERROR\",\"status\":\"Error: Media download has failed. (2207052)\"}")));

        assertThat(onInstagram("Soup", Map.of())).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.reason()).contains("ERROR").contains("2207052"));
    }

    @Test
    void an_unfetchable_image_is_rejected_at_container_creation_with_metas_message() {
        graph.stubFor(post("/v21.0/17841400000000000/media").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Only photo or video can be accepted as media type.\","
                        + "\"type\":\"OAuthException\",\"code\":9004,\"error_subcode\":2207052,\"fbtrace_id\":\"Ax\"}}")));

        assertThat(onInstagram("Soup", Map.of())).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.reason()).contains("Only photo or video").contains("9004/2207052"));
    }
}
