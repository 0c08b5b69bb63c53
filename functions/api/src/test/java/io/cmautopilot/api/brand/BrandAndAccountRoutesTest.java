package io.cmautopilot.api.brand;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.api.ApiHandler;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.config.StaticServices;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.HttpEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BrandAndAccountRoutesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;

    private ApiHandler api;
    private FileSecrets secrets;
    private BrandStore brands;

    @BeforeEach
    void wire() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        secrets = new FileSecrets(dir.resolve("secrets.json"));
        brands = new BrandStore(table);
        api = new ApiHandler(new StaticServices(new Env(Map.of()), Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"),
                ZoneOffset.UTC), table, new RecordingBus(), secrets, null, HttpClient.newHttpClient()));
    }

    private APIGatewayV2HTTPResponse call(HttpEvents request) {
        return api.handleRequest(request.build(), null);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse r) {
        return Json.tree(r.getBody());
    }

    @Test
    void creating_a_brand_from_the_sample_event_returns_its_webhook_secret_once() throws Exception {
        APIGatewayV2HTTPResponse created = api.handleRequest(Events.http("api/create-brand.json"), null);

        assertThat(created.getStatusCode()).isEqualTo(201);
        String secret = body(created).get("webhookSecret").asText();
        assertThat(secret).hasSize(64);
        var stored = brands.get("acme").orElseThrow();
        assertThat(stored.timezone().getId()).isEqualTo("Europe/Paris");
        assertThat(secrets.get(stored.webhookSecretRef())).isEqualTo(secret);

        APIGatewayV2HTTPResponse read = call(HttpEvents.request("GET", "/v1/brands/{brand}").path("brand", "acme"));
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(read.getBody()).doesNotContain(secret).doesNotContain("webhookSecret");
        assertThat(Files.readString(dir.resolve("secrets.json"))).contains(secret);

        APIGatewayV2HTTPResponse again = api.handleRequest(Events.http("api/create-brand.json"), null);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(body(again).get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void bad_brand_fields_are_named() {
        assertThat(body(call(HttpEvents.request("POST", "/v1/brands")
                .json("{\"id\":\"Acme!\",\"name\":\"A\",\"timezone\":\"Europe/Paris\",\"language\":\"en\"}"))).get("field").asText())
                .isEqualTo("id");
        APIGatewayV2HTTPResponse zone = call(HttpEvents.request("POST", "/v1/brands")
                .json("{\"id\":\"acme\",\"name\":\"A\",\"timezone\":\"+01:00\",\"language\":\"en\"}"));
        assertThat(zone.getStatusCode()).isEqualTo(422);
        assertThat(body(zone).get("field").asText()).isEqualTo("timezone");
        assertThat(body(call(HttpEvents.request("POST", "/v1/brands")
                .json("{\"id\":\"acme\",\"name\":\"A\",\"timezone\":\"Europe/Paris\",\"language\":\"de\"}"))).get("field").asText())
                .isEqualTo("language");
        APIGatewayV2HTTPResponse malformed = call(HttpEvents.request("POST", "/v1/brands").json("{\"id\":"));
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(body(malformed).get("error").asText()).isEqualTo("bad_request");
        APIGatewayV2HTTPResponse xml = call(HttpEvents.request("POST", "/v1/brands").header("content-type", "text/xml")
                .body("<brand/>".getBytes()));
        assertThat(xml.getStatusCode()).isEqualTo(415);
        assertThat(brands.get("acme")).isEmpty();
    }

    @Test
    void rotating_the_webhook_secret_replaces_it() {
        String first = body(call(HttpEvents.request("POST", "/v1/brands")
                .json("{\"id\":\"acme\",\"name\":\"Acme\",\"timezone\":\"Europe/Paris\",\"language\":\"fr\"}")))
                .get("webhookSecret").asText();

        APIGatewayV2HTTPResponse rotated = call(HttpEvents.request("POST", "/v1/brands/{brand}/webhook-secret").path("brand", "acme"));

        String second = body(rotated).get("webhookSecret").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(secrets.get(brands.get("acme").orElseThrow().webhookSecretRef())).isEqualTo(second);
        assertThat(call(HttpEvents.request("POST", "/v1/brands/{brand}/webhook-secret").path("brand", "nope"))
                .getStatusCode()).isEqualTo(404);
    }

    @Test
    void settings_are_validated_and_kept() {
        call(HttpEvents.request("POST", "/v1/brands")
                .json("{\"id\":\"acme\",\"name\":\"Acme\",\"timezone\":\"Europe/Paris\",\"language\":\"fr\"}"));

        APIGatewayV2HTTPResponse ok = call(HttpEvents.request("PUT", "/v1/brands/{brand}/settings").path("brand", "acme")
                .json("{\"watchlist\":[\"intoxication\",\"food poisoning\"],\"alertEmails\":[\"pr@acme.example\"],"
                        + "\"alertWebhookUrl\":\"https://hooks.slack.com/services/T/B/X\",\"autoHideToxic\":true,"
                        + "\"crisis\":{\"minNegative\":5,\"k\":2.5}}"));
        APIGatewayV2HTTPResponse bad = call(HttpEvents.request("PUT", "/v1/brands/{brand}/settings").path("brand", "acme")
                .json("{\"alertEmails\":[\"not-an-email\"]}"));
        APIGatewayV2HTTPResponse badCrisis = call(HttpEvents.request("PUT", "/v1/brands/{brand}/settings").path("brand", "acme")
                .json("{\"crisis\":{\"k\":-1}}"));

        assertThat(ok.getStatusCode()).isEqualTo(200);
        var settings = brands.get("acme").orElseThrow().settings();
        assertThat(settings.watchlist()).containsExactly("intoxication", "food poisoning");
        assertThat(settings.autoHideToxic()).isTrue();
        assertThat(settings.crisis().minNegative()).isEqualTo(5);
        assertThat(settings.crisis().cooldownMinutes()).isEqualTo(180);
        assertThat(body(bad).get("field").asText()).isEqualTo("alertEmails[0]");
        assertThat(body(badCrisis).get("field").asText()).isEqualTo("crisis.k");
        assertThat(brands.get("acme").orElseThrow().settings().alertEmails()).containsExactly("pr@acme.example");
    }

    @Test
    void accounts_keep_credentials_secret_and_route_by_external_id() {
        call(HttpEvents.request("POST", "/v1/brands")
                .json("{\"id\":\"acme\",\"name\":\"Acme\",\"timezone\":\"Europe/Paris\",\"language\":\"fr\"}"));

        APIGatewayV2HTTPResponse created = call(HttpEvents.request("POST", "/v1/brands/{brand}/accounts").path("brand", "acme")
                .json("{\"network\":\"facebook\",\"handle\":\"Acme Bakery\",\"externalId\":\"1029384756\","
                        + "\"credentials\":{\"pageAccessToken\":\"EAAB-secret-token\"}}"));
        APIGatewayV2HTTPResponse duplicate = call(HttpEvents.request("POST", "/v1/brands/{brand}/accounts").path("brand", "acme")
                .json("{\"network\":\"facebook\",\"handle\":\"Other\",\"externalId\":\"1029384756\","
                        + "\"credentials\":{\"pageAccessToken\":\"t\"}}"));
        APIGatewayV2HTTPResponse list = call(HttpEvents.request("GET", "/v1/brands/{brand}/accounts").path("brand", "acme"));

        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getBody()).doesNotContain("EAAB-secret-token");
        assertThat(duplicate.getStatusCode()).isEqualTo(409);
        assertThat(list.getBody()).doesNotContain("EAAB-secret-token");
        assertThat(body(list).get("items")).hasSize(1);
        for (String bad : new String[]{"x".repeat(129), "a#b", "page id", "é"}) {
            APIGatewayV2HTTPResponse refused = call(HttpEvents.request("POST", "/v1/brands/{brand}/accounts")
                    .path("brand", "acme").json(Json.object().put("network", "facebook").put("handle", "h")
                            .put("externalId", bad).set("credentials", Json.object().put("pageAccessToken", "t"))
                            .toString()));
            assertThat(refused.getStatusCode()).as(bad).isEqualTo(422);
            assertThat(body(refused).get("field").asText()).isEqualTo("externalId");
        }
        var account = brands.findByExternalId(Network.FACEBOOK, "1029384756").orElseThrow();
        assertThat(secrets.getMap(account.secretRef())).containsEntry("pageAccessToken", "EAAB-secret-token");
    }

    @Test
    void account_rules_per_network_are_named() {
        call(HttpEvents.request("POST", "/v1/brands")
                .json("{\"id\":\"acme\",\"name\":\"Acme\",\"timezone\":\"Europe/Paris\",\"language\":\"fr\"}"));
        String path = "/v1/brands/{brand}/accounts";

        assertThat(body(call(HttpEvents.request("POST", path).path("brand", "acme")
                .json("{\"network\":\"myspace\",\"handle\":\"a\"}"))).get("field").asText()).isEqualTo("network");
        assertThat(body(call(HttpEvents.request("POST", path).path("brand", "acme")
                .json("{\"network\":\"mastodon\",\"handle\":\"@acme\",\"credentials\":{\"accessToken\":\"t\"}}")))
                .get("field").asText()).isEqualTo("baseUrl");
        assertThat(body(call(HttpEvents.request("POST", path).path("brand", "acme")
                .json("{\"network\":\"bluesky\",\"handle\":\"acme.bsky.social\",\"credentials\":{\"identifier\":\"acme\"}}")))
                .get("field").asText()).isEqualTo("credentials.appPassword");
        assertThat(body(call(HttpEvents.request("POST", path).path("brand", "acme")
                .json("{\"network\":\"x\",\"handle\":\"acme\",\"credentials\":{\"accessToken\":\"t\",\"password\":\"p\"}}")))
                .get("field").asText()).isEqualTo("credentials.password");
        assertThat(body(call(HttpEvents.request("POST", path).path("brand", "acme")
                .json("{\"network\":\"local\",\"handle\":\"sink\"}"))).get("field").asText())
                .as("the local sink network exists only under the local runtime").isEqualTo("network");
        assertThat(call(HttpEvents.request("POST", path).path("brand", "ghost")
                .json("{\"network\":\"x\",\"handle\":\"a\",\"credentials\":{\"accessToken\":\"t\"}}")).getStatusCode())
                .isEqualTo(404);

        APIGatewayV2HTTPResponse bluesky = call(HttpEvents.request("POST", path).path("brand", "acme")
                .json("{\"network\":\"bluesky\",\"handle\":\"acme.bsky.social\","
                        + "\"credentials\":{\"identifier\":\"acme.bsky.social\",\"appPassword\":\"abcd-efgh-ijkl-mnop\"}}"));
        assertThat(body(bluesky).get("baseUrl").asText()).isEqualTo("https://bsky.social");
        assertThat(brands.listAccounts("acme")).hasSize(1);
    }

    @Test
    void reconnecting_an_account_keeps_omitted_keys_and_reschedules_its_parked_targets() {
        call(HttpEvents.request("POST", "/v1/brands")
                .json("{\"id\":\"acme\",\"name\":\"Acme\",\"timezone\":\"Europe/Paris\",\"language\":\"fr\"}"));
        String accountId = body(call(HttpEvents.request("POST", "/v1/brands/{brand}/accounts").path("brand", "acme")
                .json("{\"network\":\"x\",\"handle\":\"acme\",\"credentials\":{\"accessToken\":\"old\","
                        + "\"refreshToken\":\"r1\",\"clientId\":\"c1\"}}"))).get("id").asText();
        var table = new io.cmautopilot.core.store.Table(dynamo.client(), dynamo.tableName());
        var posts = new io.cmautopilot.core.post.PostStore(table);
        Instant due = Instant.parse("2026-12-01T07:00:00Z");
        posts.create(new io.cmautopilot.core.post.Post("P1", "acme", "hi", Map.of(), java.util.List.of(), due, null, null,
                null, 0, false, due, java.util.List.of(io.cmautopilot.core.post.PostTarget.scheduled("P1", "acme",
                accountId, Network.X, due, due))));
        posts.setWaitingStatus("P1", accountId, io.cmautopilot.core.post.TargetStatus.NEEDS_RECONNECT, null, "401", due);
        brands.setAccountStatus("acme", accountId, io.cmautopilot.core.brand.Account.Status.NEEDS_RECONNECT);

        APIGatewayV2HTTPResponse bad = call(HttpEvents.request("PUT", "/v1/brands/{brand}/accounts/{id}/credentials")
                .path("brand", "acme").path("id", accountId).json("{\"credentials\":{\"refreshToken\":\"r2\"}}"));
        APIGatewayV2HTTPResponse ok = call(HttpEvents.request("PUT", "/v1/brands/{brand}/accounts/{id}/credentials")
                .path("brand", "acme").path("id", accountId).json("{\"credentials\":{\"accessToken\":\"new\"}}"));
        APIGatewayV2HTTPResponse ghost = call(HttpEvents.request("PUT", "/v1/brands/{brand}/accounts/{id}/credentials")
                .path("brand", "acme").path("id", "nope").json("{\"credentials\":{\"accessToken\":\"new\"}}"));

        assertThat(body(bad).get("field").asText()).isEqualTo("credentials.accessToken");
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(body(ok).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(body(ok).get("rescheduledTargets").asInt()).isEqualTo(1);
        assertThat(ok.getBody()).doesNotContain("new");
        assertThat(ghost.getStatusCode()).isEqualTo(404);
        var account = brands.getAccount("acme", accountId).orElseThrow();
        assertThat(secrets.getMap(account.secretRef())).containsEntry("accessToken", "new")
                .containsEntry("refreshToken", "r1").containsEntry("clientId", "c1");
        assertThat(posts.parkedTargets(accountId)).isEmpty();
        assertThat(posts.dueTargets(Instant.parse("2026-12-01T08:00:00Z"), 10)).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(io.cmautopilot.core.post.TargetStatus.SCHEDULED));
    }
}
