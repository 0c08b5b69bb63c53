package io.cmautopilot.core.bus;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The EventBridge adapter against WireMock speaking EventBridge's JSON 1.1 protocol (PutEvents). */
class EventBridgeBusTest {
    @RegisterExtension
    static WireMockExtension eventBridge = WireMocks.server();

    private EventBridgeBus bus() {
        EventBridgeClient client = EventBridgeClient.builder().endpointOverride(URI.create(eventBridge.baseUrl()))
                .region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
        return new EventBridgeBus(client, "cm-bus", 3, 1);
    }

    private static DomainEvent event(int i) {
        return new DomainEvent(DomainEvent.COMMENT_RECEIVED, Json.object().put("brandId", "acme").put("commentId", "c" + i));
    }

    @Test
    void puts_in_batches_of_ten_and_retries_only_the_refused_entries() {
        eventBridge.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
                .inScenario("partial").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("retried")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FailedEntryCount\":1,\"Entries\":[" + "{\"EventId\":\"e\"},".repeat(9)
                                + "{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"Rate exceeded\"}]}")));
        eventBridge.stubFor(post(urlEqualTo("/")).inScenario("partial").whenScenarioStateIs("retried")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FailedEntryCount\":0,\"Entries\":[" + "{\"EventId\":\"e\"},".repeat(9)
                                + "{\"EventId\":\"e\"}]}")));

        List<DomainEvent> undelivered = bus().put(IntStream.range(0, 12).mapToObj(EventBridgeBusTest::event).toList());

        assertThat(undelivered).isEmpty();
        var requests = eventBridge.findAll(postRequestedFor(urlEqualTo("/")));
        assertThat(requests).hasSize(3);
        assertThat(Json.tree(requests.get(0).getBodyAsString()).get("Entries")).hasSize(10);
        var retry = Json.tree(requests.get(1).getBodyAsString()).get("Entries");
        assertThat(retry).hasSize(1);
        assertThat(retry.get(0).get("Detail").asText()).contains("\"commentId\":\"c9\"");
        assertThat(retry.get(0).get("Source").asText()).isEqualTo("cm-autopilot");
        assertThat(retry.get(0).get("EventBusName").asText()).isEqualTo("cm-bus");
        eventBridge.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.Entries[0].DetailType", equalTo("CommentReceived"))));
    }

    @Test
    void entries_still_refused_after_the_last_attempt_are_returned_not_dropped() {
        eventBridge.stubFor(post(urlEqualTo("/")).inScenario("refusing").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("retries").willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FailedEntryCount\":1,\"Entries\":[{\"EventId\":\"e\"},"
                                + "{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"boom\"}]}")));
        eventBridge.stubFor(post(urlEqualTo("/")).inScenario("refusing").whenScenarioStateIs("retries")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\","
                                + "\"ErrorMessage\":\"boom\"}]}")));

        List<DomainEvent> undelivered = bus().put(List.of(event(1), event(2)));

        assertThat(undelivered).extracting(e -> e.detail().get("commentId").asText()).containsExactly("c2");
        assertThat(eventBridge.findAll(postRequestedFor(urlEqualTo("/")))).as("first try and two retries").hasSize(3);
    }

    @Test
    void a_bus_that_is_down_returns_everything() {
        eventBridge.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"InternalException\",\"message\":\"down\"}")));

        assertThat(bus().put(List.of(event(1), event(2)))).hasSize(2);
    }
}
