package io.cmautopilot.intake;

import io.cmautopilot.core.crypto.Hmac;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cmautopilot.intake.IntakeFixture.BRAND_SECRET;
import static io.cmautopilot.intake.IntakeFixture.LINKEDIN_SECRET;
import static io.cmautopilot.intake.IntakeFixture.NOW;
import static io.cmautopilot.intake.IntakeFixture.PAGE_ID;
import static io.cmautopilot.intake.IntakeFixture.X_SECRET;
import static io.cmautopilot.intake.IntakeFixture.bytes;
import static io.cmautopilot.intake.IntakeFixture.header;
import static io.cmautopilot.intake.IntakeFixture.meta;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of docs/SECURITY.md against the webhook routes: handshakes used as signing oracles, one brand's relay
 * pre-empting or probing another brand's comments, and signed bodies with fields no platform sends.
 */
class WebhookSecurityTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;
    IntakeFixture f;

    @BeforeEach
    void setUp() {
        f = new IntakeFixture(new Table(dynamo.client(), dynamo.tableName()), dir).withBrand();
        String ref = f.secrets.create("rival-webhook", BRAND_SECRET);
        f.brands.create(new Brand("rival", "Rival", ZoneId.of("Europe/Paris"), "en", null, ref, NOW));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent e) {
        return f.handler.handleRequest(e, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse r) {
        return Json.tree(r.getBody());
    }

    private static APIGatewayV2HTTPEvent get(String sample, String param, String value) {
        APIGatewayV2HTTPEvent e = Events.http(sample);
        Map<String, String> q = new HashMap<>(e.getQueryStringParameters());
        q.put(param, value);
        e.setQueryStringParameters(q);
        return e;
    }

    @Test
    void the_x_crc_never_answers_for_a_token_that_could_be_a_body() {
        String body = Events.http("intake/x-tweet-create.json").getBody();

        for (String token : List.of(body, "{\"for_user_id\":\"1\"}", " {}", "short", "a".repeat(129), "abc def==",
                "tok\u00e9n12345")) {
            APIGatewayV2HTTPResponse r = handle(get("intake/x-crc.json", "crc_token", token));
            assertThat(r.getStatusCode()).as(token).isEqualTo(400);
            assertThat(json(r).get("field").asText()).isEqualTo("crc_token");
            assertThat(r.getBody()).doesNotContain("response_token");
        }
    }

    @Test
    void an_x_crc_answer_does_not_sign_a_delivery() {
        String token = "MWEyOTc0ODgtNTc0Yi00MDIyLTk5OTgtYzQ5NDYyMWI1ZGVh";
        String answer = json(handle(get("intake/x-crc.json", "crc_token", token))).get("response_token").asText();
        APIGatewayV2HTTPEvent post = Events.http("intake/x-tweet-create.json");
        post.setBody(token);
        header(post, "x-twitter-webhooks-signature", answer);

        APIGatewayV2HTTPResponse r = handle(post);

        assertThat(r.getStatusCode()).as("a valid signature over a body that is not a JSON object").isEqualTo(400);
        assertThat(f.bus.events()).isEmpty();
    }

    @Test
    void the_linkedin_challenge_answers_only_a_type_4_uuid() {
        String body = Events.http("intake/linkedin-notifications.json").getBody();

        for (String code : List.of(body, "hmacsha256=" + body, "890e4665-4dfe-1ab1-b689-ed553bceeed0",
                "890E4665-4DFE-4AB1-B689-ED553BCEEED0", "890e4665-4dfe-4ab1-b689-ed553bceeed0x", "{}")) {
            APIGatewayV2HTTPResponse r = handle(get("intake/linkedin-challenge.json", "challengeCode", code));
            assertThat(r.getStatusCode()).as(code).isEqualTo(400);
            assertThat(r.getBody()).doesNotContain("challengeResponse");
        }
    }

    @Test
    void a_linkedin_challenge_answer_does_not_sign_a_delivery() {
        String code = "890e4665-4dfe-4ab1-b689-ed553bceeed0";
        String answer = json(handle(get("intake/linkedin-challenge.json", "challengeCode", code)))
                .get("challengeResponse").asText();
        APIGatewayV2HTTPEvent post = Events.http("intake/linkedin-notifications.json");
        post.setBody(code);
        header(post, "x-li-signature", answer);

        assertThat(handle(post).getStatusCode()).isEqualTo(401);
        assertThat(answer).isEqualTo(Hmac.hex(Hmac.sha256(LINKEDIN_SECRET, bytes(code))));
    }

    private APIGatewayV2HTTPEvent relay(String brand, ObjectNode body) {
        APIGatewayV2HTTPEvent e = Events.http("intake/generic-comment.json");
        e.setPathParameters(Map.of("brand", brand));
        e.setBody(body.toString());
        return IntakeFixture.signGeneric(e, NOW.getEpochSecond());
    }

    private static ObjectNode planted(String externalId) {
        ObjectNode body = IntakeFixture.genericBody();
        body.put("network", "facebook").put("externalId", externalId).put("accountExternalId", PAGE_ID)
                .put("text", "planted");
        return body;
    }

    @Test
    void another_brands_relay_cannot_pre_empt_or_probe_what_meta_delivers() {
        String metaId = "122145678901234567_1234567890123456";
        APIGatewayV2HTTPResponse plantedFirst = handle(relay("rival", planted(metaId)));
        APIGatewayV2HTTPResponse plantedAgain = handle(relay("rival", planted(metaId)));

        APIGatewayV2HTTPResponse real = handle(meta("meta-page-feed.json"));

        assertThat(plantedFirst.getStatusCode()).isEqualTo(200);
        assertThat(json(plantedAgain).get("duplicates").asInt()).as("only its own write is a duplicate").isEqualTo(1);
        assertThat(json(real).get("stored").asInt()).as("Meta's delivery is not a duplicate").isEqualTo(2);
        Comment stored = f.comments.find(CommentStore.Origin.account("acme", "fb"), Network.FACEBOOK, metaId)
                .orElseThrow();
        assertThat(stored.brandId()).isEqualTo("acme");
        assertThat(stored.text()).isNotEqualTo("planted");
        Comment rivals = f.comments.find(CommentStore.Origin.relay("rival"), Network.FACEBOOK, metaId).orElseThrow();
        assertThat(rivals.brandId()).isEqualTo("rival");
        assertThat(rivals.accountId()).as("never linked to another brand's account").isNull();
        assertThat(json(handle(meta("meta-page-feed.json"))).get("duplicates").asInt())
                .as("Meta's re-delivery is still exactly once").isEqualTo(2);
    }

    @Test
    void a_brands_own_relay_does_not_pre_empt_its_platform_deliveries_either() {
        String metaId = "122145678901234567_1234567890123456";
        handle(relay("acme", planted(metaId)));

        assertThat(json(handle(meta("meta-page-feed.json"))).get("stored").asInt()).isEqualTo(2);
        assertThat(f.comments.find(CommentStore.Origin.account("acme", "fb"), Network.FACEBOOK, metaId)
                .orElseThrow().text()).isNotEqualTo("planted");
    }

    @Test
    void a_signed_relay_body_with_oversized_fields_is_422_and_stores_nothing() {
        for (String field : List.of("externalId", "accountExternalId", "inReplyTo", "text", "permalink")) {
            ObjectNode body = IntakeFixture.genericBody();
            body.put(field, "9".repeat(field.equals("text") ? 50_001 : 100_000));
            APIGatewayV2HTTPResponse r = handle(relay("acme", body));
            assertThat(r.getStatusCode()).as(field).isEqualTo(422);
            assertThat(json(r).get("field").asText()).isEqualTo(field);
        }
        ObjectNode control = IntakeFixture.genericBody();
        control.put("externalId", "a\u0000b");
        assertThat(handle(relay("acme", control)).getStatusCode()).isEqualTo(422);
        assertThat(f.bus.events()).isEmpty();
    }

    @Test
    void a_signed_platform_delivery_with_an_oversized_id_is_acknowledged_and_dropped() {
        APIGatewayV2HTTPEvent e = Events.http("intake/meta-page-feed.json");
        String huge = "1".repeat(100_000);
        e.setBody(e.getBody().replace("122145678901234567_1234567890123456", huge));
        header(e, "X-Hub-Signature-256", "sha256=" + Hmac.hex(Hmac.sha256(IntakeFixture.META_SECRET,
                bytes(e.getBody()))));

        APIGatewayV2HTTPResponse r = handle(e);

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(json(r).get("stored").asInt()).as("the changes naming the id are dropped").isLessThan(2);
        assertThat(f.comments.list("acme", new CommentStore.Query(null, null, null, null, null, 200, null)).items())
                .extracting(Comment::externalId).doesNotContain(huge);
    }

    @Test
    void a_signature_is_never_accepted_for_another_platform() {
        APIGatewayV2HTTPEvent x = Events.http("intake/x-tweet-create.json");
        String xSignature = "sha256=" + Hmac.base64(Hmac.sha256(X_SECRET, bytes(x.getBody())));
        APIGatewayV2HTTPEvent asMeta = Events.http("intake/meta-page-feed.json");
        asMeta.setBody(x.getBody());
        header(asMeta, "X-Hub-Signature-256", xSignature);

        assertThat(handle(asMeta).getStatusCode()).isEqualTo(401);
    }

    @Test
    void a_signed_delivery_with_absurd_times_is_stored_with_the_time_it_arrived() {
        APIGatewayV2HTTPEvent e = Events.http("intake/linkedin-notifications.json");
        JsonNode root = Json.tree(e.getBody());
        for (JsonNode n : root.get("notifications")) {
            ((ObjectNode) n).put("lastModifiedAt", new java.math.BigInteger("9".repeat(40)));
        }
        e.setBody(root.toString());
        header(e, "x-li-signature", Hmac.hex(Hmac.sha256(LINKEDIN_SECRET, bytes("hmacsha256="),
                bytes(e.getBody()))));

        APIGatewayV2HTTPResponse r = handle(e);

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(f.comments.list("acme", new CommentStore.Query(null, null, null, null, null, 200, null)).items())
                .isNotEmpty().allSatisfy(c -> assertThat(c.createdAt()).isEqualTo(NOW));
    }
}
