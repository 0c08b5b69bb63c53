package io.cmautopilot.digest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.SesExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The preview route and the public unsubscribe page and one-click endpoint, from real-shaped HTTP API events. */
class DigestHttpHandlerTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static SesExtension ses = new SesExtension();

    private DigestWorld world;
    private Brand brand;
    private Subscription sub;

    @BeforeEach
    void setUp() {
        world = new DigestWorld(dynamo, ses);
        brand = world.brand("acme", "Acme", "Europe/Paris", "fr");
        world.count(brand, Instant.parse("2026-11-22T10:00:00Z"), Network.X, Sentiment.Label.NEGATIVE, 9);
        world.highlight(brand, Instant.parse("2026-11-22T10:00:00Z"), Network.X, "<b>Eve</b>", "eve",
                "<script>alert(1)</script>", Sentiment.Label.NEGATIVE, 0.9, false, Flag.Type.NEEDS_REPLY);
        sub = world.daily(brand, "equipe@acme.test", 8, "Europe/Paris", "fr");
        world.clock.set(Instant.parse("2026-11-23T07:00:00Z"));
    }

    private static APIGatewayV2HTTPEvent event(String sample, Map<String, String> query) {
        APIGatewayV2HTTPEvent e = Events.http(sample);
        e.setQueryStringParameters(query);
        return e;
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent e) {
        return world.http().handleRequest(e, null);
    }

    @Test
    void the_preview_is_exactly_the_html_that_is_sent() {
        assertThat(world.run().run("t").sent()).isEqualTo(1);
        JsonNode mail = ses.messages().get(0);
        String sent = mail.path("body").path("html").asText();

        APIGatewayV2HTTPResponse r = call(event("digest/preview.json",
                Map.of("cadence", "daily", "at", "2026-11-23T08:00:00+01:00", "subscription", sub.id())));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8");
        assertThat(r.getHeaders().get("content-security-policy")).contains("default-src 'none'");
        // Byte for byte the mail, except that the chart a browser cannot fetch by cid: is the same PNG inline.
        assertThat(sent).contains("src=\"cid:trend@cm-autopilot\"");
        String png = mail.path("attachments").get(0).path("content").asText();
        assertThat(java.util.Base64.getDecoder().decode(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(r.getBody()).isEqualTo(sent.replace("cid:trend@cm-autopilot", "data:image/png;base64," + png))
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;Eve&lt;/b&gt;").doesNotContain("cid:");
        assertThat(r.getHeaders().get("content-security-policy")).contains("img-src data:;");
    }

    @Test
    void the_preview_page_carries_no_bidirectional_override_from_a_comment() {
        world.highlight(brand, Instant.parse("2026-11-22T11:00:00Z"), Network.X, "Mallory\u202E", "mal",
                "lien: \u202Egnp.exe\u2068 merci", Sentiment.Label.NEGATIVE, 0.95, false, Flag.Type.NEEDS_REPLY);

        APIGatewayV2HTTPResponse r = call(event("digest/preview.json",
                Map.of("cadence", "daily", "at", "2026-11-23T08:00:00+01:00", "subscription", sub.id())));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).contains("lien: gnp.exe merci")
                .doesNotContain("\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069");
    }

    @Test
    void without_a_configured_base_url_the_preview_links_to_the_host_the_request_came_in_on() {
        DigestHttpHandler handler = new DigestHttpHandler(world.brands, world.composer.withBaseUrl(null), world.tokens,
                world.clock);

        APIGatewayV2HTTPResponse r = handler.handleRequest(event("digest/preview.json",
                Map.of("cadence", "daily", "at", "2026-11-23T08:00:00+01:00", "subscription", sub.id())), null);

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).contains("href=\"https://abc123.execute-api.eu-west-3.amazonaws.com/unsubscribe?token=");
    }

    @Test
    void the_preview_without_a_subscription_uses_the_brand_zone_and_language() {
        APIGatewayV2HTTPResponse r = call(Events.http("digest/preview.json"));

        assertThat(r.getStatusCode()).isEqualTo(200);
        // The template's output begins with the doctype, nothing before it (not even a line break).
        assertThat(r.getBody()).startsWith("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">");
        assertThat(r.getBody()).contains("<html lang=\"fr\"", "dimanche 22 novembre 2026", "9 commentaires",
                "Aperçu du résumé quotidien de Acme.").doesNotContain("/unsubscribe?token=");
    }

    @Test
    void the_preview_answers_404_for_an_unknown_brand_and_400_naming_a_bad_parameter() {
        APIGatewayV2HTTPEvent unknown = Events.http("digest/preview.json");
        unknown.setPathParameters(Map.of("brand", "nobody"));
        assertThat(call(unknown).getStatusCode()).isEqualTo(404);

        APIGatewayV2HTTPResponse cadence = call(event("digest/preview.json", Map.of("cadence", "monthly")));
        assertThat(cadence.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(cadence.getBody()).path("field").asText()).isEqualTo("cadence");

        APIGatewayV2HTTPResponse at = call(event("digest/preview.json", Map.of("cadence", "weekly", "at", "tomorrow")));
        assertThat(at.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(at.getBody()).path("field").asText()).isEqualTo("at");
        assertThat(Json.tree(at.getBody()).path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void the_unsubscribe_link_shows_a_localised_confirmation_and_changes_nothing_by_itself() {
        String token = world.tokens.sign(brand.id(), sub.id());

        APIGatewayV2HTTPResponse r = call(event("digest/unsubscribe-get.json", Map.of("token", token)));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).startsWith("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">")
                .endsWith("</form></div></body></html>");
        assertThat(r.getBody()).contains("Se désabonner du résumé ?", "equipe@acme.test ne recevra plus le résumé de Acme.",
                "<form method=\"post\" action=\"/unsubscribe?token=", "Me désabonner");
        assertThat(world.brands.getSubscription(brand.id(), sub.id()).orElseThrow().active()).isTrue();
    }

    @Test
    void a_tampered_or_foreign_token_gets_the_same_400_whatever_part_is_wrong() {
        String good = world.tokens.sign(brand.id(), sub.id());
        String[] parts = good.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((brand.id() + ":S999").getBytes(StandardCharsets.UTF_8));
        char last = parts[1].charAt(parts[1].length() - 2);
        String flippedMac = parts[1].substring(0, parts[1].length() - 2) + (last == 'A' ? 'B' : 'A')
                + parts[1].charAt(parts[1].length() - 1);
        String otherKey = new io.cmautopilot.digest.unsubscribe.UnsubscribeTokens(
                () -> "another-key-of-enough-length".getBytes(StandardCharsets.UTF_8)).sign(brand.id(), sub.id());
        List<String> bad = List.of(otherPayload + "." + parts[1], parts[0] + "." + flippedMac, otherKey, "garbage",
                "a.b.c", "%%%", "");
        for (String sample : List.of("digest/unsubscribe-get.json", "digest/unsubscribe-one-click.json")) {
            List<String> bodies = new java.util.ArrayList<>();
            for (String token : bad) {
                APIGatewayV2HTTPResponse r = call(event(sample, Map.of("token", token)));
                assertThat(r.getStatusCode()).as(token).isEqualTo(400);
                bodies.add(r.getBody());
            }
            assertThat(bodies).as(sample).allMatch(b -> b.equals(bodies.get(0)));
        }
        // The page speaks the browser's language (the GET sample sends Accept-Language: fr); the POST has none.
        assertThat(call(event("digest/unsubscribe-get.json", Map.of("token", "garbage"))).getBody())
                .contains("Ce lien de désabonnement n’est pas valide.");
        assertThat(call(event("digest/unsubscribe-one-click.json", Map.of("token", "garbage"))).getBody())
                .contains("This unsubscribe link is not valid.");
        assertThat(world.brands.getSubscription(brand.id(), sub.id()).orElseThrow().active()).isTrue();
    }

    @Test
    void a_one_click_post_unsubscribes_and_the_next_run_sends_nothing() {
        String token = world.tokens.sign(brand.id(), sub.id());
        Map<String, String> query = new HashMap<>(Map.of("token", token));

        APIGatewayV2HTTPResponse r = call(event("digest/unsubscribe-one-click.json", query));
        APIGatewayV2HTTPResponse again = call(event("digest/unsubscribe-one-click.json", query));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).contains("Votre désabonnement est enregistré");
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(world.brands.getSubscription(brand.id(), sub.id()).orElseThrow().active()).isFalse();
        assertThat(world.brands.listActiveSubscriptions()).isEmpty();
        assertThat(world.run().run("t").due()).isZero();
        assertThat(ses.messages()).isEmpty();
    }

    @Test
    void the_link_in_a_sent_digest_unsubscribes_its_recipient() {
        world.run().run("t");
        String header = DigestMailTest.header(ses.messages().get(0), "List-Unsubscribe");
        String token = java.net.URLDecoder.decode(header.replaceAll(".*token=([^>]+)>.*", "$1"), StandardCharsets.UTF_8);

        assertThat(call(event("digest/unsubscribe-one-click.json", Map.of("token", token))).getStatusCode()).isEqualTo(200);
        assertThat(world.brands.getSubscription(brand.id(), sub.id()).orElseThrow().active()).isFalse();
    }

    @Test
    void with_the_console_url_known_each_listed_comment_links_to_the_console_beside_its_platform_link() {
        var c = world.highlight(brand, Instant.parse("2026-11-22T11:00:00Z"), Network.MASTODON, "Kay", "kay",
                "Where is my order?", Sentiment.Label.NEGATIVE, 0.8, false, Flag.Type.NEEDS_REPLY);
        DigestComposer withConsole = new DigestComposer(new DigestBuilder(world.brands, world.counters,
                world.highlights, world.crises), new io.cmautopilot.digest.render.DigestRenderer(io.cmautopilot.core.console.ConsoleLinks.of(
                "https://console.acme.example/console/")), world.tokens, DigestWorld.BASE_URL, DigestWorld.SENDER);
        DigestHttpHandler handler = new DigestHttpHandler(world.brands, withConsole, world.tokens, world.clock);

        APIGatewayV2HTTPResponse r = handler.handleRequest(Events.http("digest/preview.json"), null);

        assertThat(r.getBody()).contains("href=\"https://social.example/@kay/" + c.id() + "\"")
                .contains("href=\"https://console.acme.example/console/?brand=acme&amp;comment=" + c.id() + "\"")
                .contains("Ouvrir dans la console");
        assertThat(call(Events.http("digest/preview.json")).getBody()).as("without the URL, no console link")
                .doesNotContain("/console/");
    }
}
