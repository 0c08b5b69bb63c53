package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionRoutesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    private BrandStore brands;
    private ApiHandler api;

    @BeforeEach
    void setUp() {
        brands = new BrandStore(new Table(dynamo.client(), dynamo.tableName()));
        brands.create(new Brand("acme", "Acme", ZoneId.of("America/New_York"), "en", null, null,
                Instant.parse("2026-01-01T00:00:00Z")));
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T07:00:00Z"), ZoneOffset.UTC);
        api = new ApiHandler(List.of(new SubscriptionRoutes(brands, clock)));
    }

    private APIGatewayV2HTTPResponse create(String body) {
        APIGatewayV2HTTPEvent e = Events.http("digest/create-subscription.json");
        if (body != null) {
            e.setBody(body);
        }
        return api.handleRequest(e, null);
    }

    private APIGatewayV2HTTPResponse call(String routeKey, String path, Map<String, String> params) {
        APIGatewayV2HTTPEvent e = Events.http("digest/create-subscription.json");
        e.setRouteKey(routeKey);
        e.setRawPath(path);
        e.setBody(null);
        e.getRequestContext().getHttp().setMethod(routeKey.substring(0, routeKey.indexOf(' ')));
        e.setPathParameters(params);
        return api.handleRequest(e, null);
    }

    @Test
    void a_weekly_subscription_is_created_and_put_on_the_digest_work_list() {
        APIGatewayV2HTTPResponse r = create(null);

        assertThat(r.getStatusCode()).isEqualTo(201);
        JsonNode body = Json.tree(r.getBody());
        assertThat(body.path("email").asText()).isEqualTo("marketing@acme.test");
        assertThat(body.path("cadence").asText()).isEqualTo("weekly");
        assertThat(body.path("weekday").asText()).isEqualTo("monday");
        assertThat(body.path("timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(body.path("language").asText()).isEqualTo("fr");
        assertThat(body.path("active").asBoolean()).isTrue();
        Subscription stored = brands.listActiveSubscriptions().get(0);
        assertThat(stored.id()).isEqualTo(body.path("id").asText());
        assertThat(stored.weekday()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(stored.hour()).isEqualTo(8);
    }

    @Test
    void zone_and_language_default_to_the_brand() {
        APIGatewayV2HTTPResponse r = create("{\"email\":\"a@acme.test\",\"cadence\":\"daily\",\"hour\":0}");

        assertThat(r.getStatusCode()).isEqualTo(201);
        JsonNode body = Json.tree(r.getBody());
        assertThat(body.path("timezone").asText()).isEqualTo("America/New_York");
        assertThat(body.path("language").asText()).isEqualTo("en");
        assertThat(body.has("weekday")).isFalse();
    }

    @Test
    void each_invalid_field_is_named_in_a_422() {
        Map<String, String> cases = Map.of(
                "{\"email\":\"not-an-address\",\"cadence\":\"daily\",\"hour\":8}", "email",
                "{\"email\":\"a@acme.test\\r\\nBcc: x@evil.test\",\"cadence\":\"daily\",\"hour\":8}", "email",
                "{\"email\":\"a@acme.test\",\"cadence\":\"monthly\",\"hour\":8}", "cadence",
                "{\"email\":\"a@acme.test\",\"cadence\":\"daily\",\"hour\":24}", "hour",
                "{\"email\":\"a@acme.test\",\"cadence\":\"daily\",\"hour\":\"8\"}", "hour",
                "{\"email\":\"a@acme.test\",\"cadence\":\"daily\",\"hour\":8,\"timezone\":\"Mars/Olympus\"}", "timezone",
                "{\"email\":\"a@acme.test\",\"cadence\":\"daily\",\"hour\":8,\"timezone\":\"+01:00\"}", "timezone",
                "{\"email\":\"a@acme.test\",\"cadence\":\"daily\",\"hour\":8,\"language\":\"de\"}", "language",
                "{\"email\":\"a@acme.test\",\"cadence\":\"weekly\",\"hour\":8}", "weekday",
                "{\"email\":\"a@acme.test\",\"cadence\":\"weekly\",\"hour\":8,\"weekday\":\"someday\"}", "weekday");
        cases.forEach((body, field) -> {
            APIGatewayV2HTTPResponse r = create(body);
            assertThat(r.getStatusCode()).as(body).isEqualTo(422);
            JsonNode error = Json.tree(r.getBody());
            assertThat(error.path("error").asText()).isEqualTo("validation_failed");
            assertThat(error.path("field").asText()).as(body).isEqualTo(field);
        });
        assertThat(brands.listSubscriptions("acme")).isEmpty();
    }

    @Test
    void an_unknown_brand_is_404() {
        APIGatewayV2HTTPEvent e = Events.http("digest/create-subscription.json");
        e.setPathParameters(Map.of("brand", "nobody"));
        assertThat(api.handleRequest(e, null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void subscriptions_are_listed_and_delete_deactivates() {
        String id = Json.tree(create(null).getBody()).path("id").asText();
        create("{\"email\":\"b@acme.test\",\"cadence\":\"daily\",\"hour\":9}");

        APIGatewayV2HTTPResponse list = call("GET /v1/brands/{brand}/subscriptions", "/v1/brands/acme/subscriptions",
                Map.of("brand", "acme"));
        assertThat(Json.tree(list.getBody()).path("items")).hasSize(2);

        APIGatewayV2HTTPResponse deleted = call("DELETE /v1/brands/{brand}/subscriptions/{id}",
                "/v1/brands/acme/subscriptions/" + id, Map.of("brand", "acme", "id", id));
        assertThat(deleted.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(deleted.getBody()).path("active").asBoolean()).isFalse();
        assertThat(brands.getSubscription("acme", id).orElseThrow().active()).isFalse();
        assertThat(brands.listActiveSubscriptions()).extracting(Subscription::email).containsExactly("b@acme.test");

        assertThat(call("DELETE /v1/brands/{brand}/subscriptions/{id}", "/v1/brands/acme/subscriptions/nope",
                Map.of("brand", "acme", "id", "nope")).getStatusCode()).isEqualTo(404);
    }
}
