package io.cmautopilot.intake;

import io.cmautopilot.core.crypto.Hmac;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static io.cmautopilot.intake.IntakeFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookHandlerTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;
    IntakeFixture f;

    @BeforeEach
    void setUp() {
        f = new IntakeFixture(new Table(dynamo.client(), dynamo.tableName()), dir).withBrand();
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent e) {
        return f.handler.handleRequest(e, null);
    }

    private Comment stored(Network network, String externalId) {
        return f.find(network, externalId).orElseThrow();
    }

    private static JsonNode json(APIGatewayV2HTTPResponse r) {
        return Json.tree(r.getBody());
    }

    @Nested
    class Meta {
        @Test
        void a_page_feed_delivery_stores_each_comment_once_and_announces_it() {
            f.publishedAs(Network.FACEBOOK, PAGE_ID + "_122145678901234567", "P1");

            APIGatewayV2HTTPResponse r = handle(meta("meta-page-feed.json"));

            assertThat(r.getStatusCode()).isEqualTo(200);
            Comment top = stored(Network.FACEBOOK, "122145678901234567_1234567890123456");
            assertThat(top.brandId()).isEqualTo("acme");
            assertThat(top.accountId()).isEqualTo("fb");
            assertThat(top.kind()).isEqualTo(Comment.Kind.COMMENT);
            assertThat(top.postId()).isEqualTo("P1");
            assertThat(top.author().name()).isEqualTo("Camille Martin");
            assertThat(top.text()).startsWith("Love the new colours!");
            assertThat(top.createdAt()).isEqualTo(Instant.ofEpochSecond(1796115580));
            Comment reply = stored(Network.FACEBOOK, "122145678901234567_2345678901234567");
            assertThat(reply.kind()).isEqualTo(Comment.Kind.REPLY);
            assertThat(reply.parentExternalId()).isEqualTo("122145678901234567_1234567890123456");
            assertThat(reply.postId()).isEqualTo("P1");
            // the page's own answer and the reaction are not community comments
            assertThat(f.find(Network.FACEBOOK, "122145678901234567_3456789012345678")).isEmpty();
            // the page's answer marks the comment it answers answered, at the time it was written
            var answered = new io.cmautopilot.core.comment.InboxStore(f.table).get("acme", top.id())
                    .orElseThrow().tracking();
            assertThat(answered.state()).isEqualTo(io.cmautopilot.core.comment.CommentState.ANSWERED);
            assertThat(answered.firstReplyAt()).isEqualTo(Instant.ofEpochSecond(1796115588));
            assertThat(new io.cmautopilot.core.counter.CounterStore(f.table).hours("acme",
                    Instant.ofEpochSecond(1796115588).minusSeconds(7200), Instant.ofEpochSecond(1796115588))
                    .stream().mapToLong(b -> b.get(io.cmautopilot.core.counter.Counters.firstReplies(Network.FACEBOOK)))
                    .sum()).isEqualTo(1);

            assertThat(f.bus.events(DomainEvent.COMMENT_RECEIVED)).hasSize(2);
            JsonNode detail = f.bus.events().get(0).detail();
            assertThat(detail.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(detail.get("brandId").asText()).isEqualTo("acme");
            assertThat(detail.get("commentId").asText()).isEqualTo(top.id());
            assertThat(detail.get("network").asText()).isEqualTo("facebook");
            assertThat(detail.get("externalId").asText()).isEqualTo(top.externalId());
            assertThat(detail.get("accountId").asText()).isEqualTo("fb");
            assertThat(detail.get("version").asInt()).isEqualTo(1);
            assertThat(f.comments.pending(NOW.plusSeconds(3600), 10)).isEmpty();
        }

        @Test
        void an_unknown_page_is_acknowledged_and_counted_not_stored() {
            APIGatewayV2HTTPResponse r = handle(meta("meta-page-feed.json"));

            assertThat(json(r).get("unknownAccount").asInt()).isEqualTo(1);
            assertThat(f.find(Network.FACEBOOK, "1_5550001")).isEmpty();
            assertThat(f.unknown.today(Network.FACEBOOK)).isEqualTo(1);
        }

        @Test
        void an_account_disabled_in_the_suite_is_counted_like_an_unknown_one() {
            f.brands.setAccountStatus("acme", "fb", io.cmautopilot.core.brand.Account.Status.DISABLED);

            APIGatewayV2HTTPResponse r = handle(meta("meta-page-feed.json"));

            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(json(r).get("stored").asInt()).isZero();
            assertThat(f.unknown.today(Network.FACEBOOK)).as("2 comments of the disabled page, 1 unknown page")
                    .isEqualTo(3);
            assertThat(f.bus.events()).isEmpty();
        }

        @Test
        void a_duplicate_delivery_stores_nothing_and_emits_nothing_twice() {
            handle(meta("meta-page-feed.json"));
            String firstId = stored(Network.FACEBOOK, "122145678901234567_1234567890123456").id();

            APIGatewayV2HTTPResponse again = handle(meta("meta-page-feed.json"));

            assertThat(again.getStatusCode()).isEqualTo(200);
            assertThat(json(again).get("stored").asInt()).isZero();
            assertThat(json(again).get("duplicates").asInt()).isEqualTo(2);
            assertThat(f.bus.events()).hasSize(2);
            assertThat(stored(Network.FACEBOOK, "122145678901234567_1234567890123456").id()).isEqualTo(firstId);
        }

        @Test
        void a_bad_signature_is_401_and_nothing_is_stored() {
            APIGatewayV2HTTPEvent e = header(Events.http("intake/meta-page-feed.json"), "x-hub-signature-256",
                    "sha256=" + Hmac.hex(Hmac.sha256("not-the-app-secret", bytes(Events.http(
                            "intake/meta-page-feed.json").getBody()))));

            APIGatewayV2HTTPResponse r = handle(e);

            assertThat(r.getStatusCode()).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isEqualTo("unauthorized");
            assertThat(f.find(Network.FACEBOOK, "122145678901234567_1234567890123456")).isEmpty();
            assertThat(f.bus.events()).isEmpty();
        }

        @Test
        void a_missing_signature_is_401() {
            APIGatewayV2HTTPEvent e = Events.http("intake/meta-page-feed.json");
            e.getHeaders().remove("x-hub-signature-256");

            assertThat(handle(e).getStatusCode()).isEqualTo(401);
        }

        @Test
        void a_tampered_body_is_401_and_nothing_is_stored() {
            APIGatewayV2HTTPEvent e = meta("meta-page-feed.json");
            e.setBody(e.getBody().replace("Love the new colours", "Hate the new colours"));

            assertThat(handle(e).getStatusCode()).isEqualTo(401);
            assertThat(f.find(Network.FACEBOOK, "122145678901234567_1234567890123456")).isEmpty();
        }

        @Test
        void a_base64_encoded_body_is_verified_over_the_decoded_bytes() {
            APIGatewayV2HTTPEvent e = base64(meta("meta-page-feed.json"));

            assertThat(handle(e).getStatusCode()).isEqualTo(200);
            assertThat(f.find(Network.FACEBOOK, "122145678901234567_1234567890123456")).isPresent();
        }

        @Test
        void an_oversized_body_is_413_before_anything_else() {
            APIGatewayV2HTTPEvent e = Events.http("intake/meta-page-feed.json");
            e.setBody("{\"object\":\"page\",\"pad\":\"" + "x".repeat((int) WebhookHandler.MAX_BODY_BYTES) + "\"}");

            APIGatewayV2HTTPResponse r = handle(e);

            assertThat(r.getStatusCode()).isEqualTo(413);
            assertThat(json(r).get("error").asText()).isEqualTo("payload_too_large");
        }

        @Test
        void malformed_json_with_a_valid_signature_is_400_naming_the_problem() {
            APIGatewayV2HTTPEvent e = Events.http("intake/meta-page-feed.json");
            e.setBody("{\"object\":\"page\",\"entry\":[");
            header(e, "x-hub-signature-256",
                    "sha256=" + Hmac.hex(Hmac.sha256(META_SECRET, bytes(e.getBody()))));

            APIGatewayV2HTTPResponse r = handle(e);

            assertThat(r.getStatusCode()).isEqualTo(400);
            assertThat(json(r).get("message").asText()).startsWith("malformed JSON").contains("line 1");
        }

        @Test
        void an_edit_updates_the_text_and_announces_the_new_version() {
            handle(meta("meta-page-feed.json"));

            APIGatewayV2HTTPResponse r = handle(meta("meta-page-feed-edited.json"));

            assertThat(json(r).get("edited").asInt()).isEqualTo(1);
            Comment edited = stored(Network.FACEBOOK, "122145678901234567_1234567890123456");
            assertThat(edited.text()).endsWith("Found it, never mind.");
            assertThat(edited.version()).isEqualTo(2);
            assertThat(f.bus.events()).hasSize(3);
            assertThat(f.bus.events().get(2).detail().get("version").asInt()).isEqualTo(2);
            assertThat(f.bus.events().get(2).detail().get("commentId").asText()).isEqualTo(edited.id());

            handle(meta("meta-page-feed-edited.json"));
            assertThat(f.bus.events()).as("a re-delivered edit changes nothing").hasSize(3);
        }

        @Test
        void an_edit_of_a_comment_never_seen_stores_it() {
            handle(meta("meta-page-feed-edited.json"));

            assertThat(stored(Network.FACEBOOK, "122145678901234567_1234567890123456").version()).isEqualTo(1);
            assertThat(f.bus.events()).hasSize(1);
        }

        @Test
        void a_removal_marks_the_comment_removed() {
            handle(meta("meta-page-feed.json"));

            APIGatewayV2HTTPResponse r = handle(meta("meta-page-feed-remove.json"));

            assertThat(json(r).get("removed").asInt()).isEqualTo(1);
            assertThat(stored(Network.FACEBOOK, "122145678901234567_2345678901234567").removed()).isTrue();
            assertThat(f.bus.events()).hasSize(2);
            // it leaves the open list, and shows as removed
            var t = new io.cmautopilot.core.comment.InboxStore(f.table)
                    .find(io.cmautopilot.core.comment.CommentStore.Origin.account("acme", "fb"), Network.FACEBOOK,
                            "122145678901234567_2345678901234567").orElseThrow();
            assertThat(t.tracking().state()).isEqualTo(io.cmautopilot.core.comment.CommentState.RESOLVED);
            assertThat(t.tracking().visibility(t.comment()).id()).isEqualTo("removed");
        }

        @Test
        void instagram_comments_replies_and_mentions_are_stored() {
            handle(meta("meta-instagram.json"));

            Comment c = stored(Network.INSTAGRAM, "17865799348089039");
            assertThat(c.accountId()).isEqualTo("ig");
            assertThat(c.author().handle()).isEqualTo("trailrunner.lea");
            assertThat(c.text()).contains("saved my hike");
            assertThat(c.kind()).isEqualTo(Comment.Kind.COMMENT);
            assertThat(stored(Network.INSTAGRAM, "17865799348089040").kind()).isEqualTo(Comment.Kind.REPLY);
            assertThat(stored(Network.INSTAGRAM, "17894227972186120").kind()).isEqualTo(Comment.Kind.MENTION);
            assertThat(f.bus.events()).hasSize(3);
        }

        @Test
        void the_handshake_echoes_the_challenge_only_for_our_verify_token() {
            APIGatewayV2HTTPResponse ok = handle(Events.http("intake/meta-handshake.json"));
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(ok.getBody()).isEqualTo("1158201444");
            assertThat(ok.getHeaders().get("content-type")).startsWith("text/plain");

            APIGatewayV2HTTPEvent wrong = Events.http("intake/meta-handshake.json");
            wrong.getQueryStringParameters().put("hub.verify_token", "guess");
            assertThat(handle(wrong).getStatusCode()).isEqualTo(403);

            APIGatewayV2HTTPEvent script = Events.http("intake/meta-handshake.json");
            script.getQueryStringParameters().put("hub.challenge", "<script>alert(1)</script>");
            assertThat(handle(script).getStatusCode()).isEqualTo(400);
        }

        @Test
        void a_comment_the_bus_refuses_stays_pending() {
            f.bus.refuseWhen(e -> true);

            handle(meta("meta-page-feed.json"));

            assertThat(f.bus.events()).isEmpty();
            assertThat(f.comments.pending(NOW.plusSeconds(60), 10)).hasSize(2);
        }
    }

    @Nested
    class X {
        @Test
        void the_crc_answer_is_the_base64_hmac_of_the_token() {
            APIGatewayV2HTTPResponse r = handle(Events.http("intake/x-crc.json"));

            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(json(r).get("response_token").asText()).isEqualTo("sha256=" + Hmac.base64(
                    Hmac.sha256(X_SECRET, bytes("MWEyOTc0ODgtNTc0Yi00MDIyLTk5OTgtYzQ5NDYyMWI1ZGVh"))));
        }

        @Test
        void replies_and_mentions_are_stored_and_our_own_posts_skipped() {
            APIGatewayV2HTTPResponse r = handle(x("x-tweet-create.json"));

            assertThat(r.getStatusCode()).isEqualTo(200);
            Comment reply = stored(Network.X, "1863512399785000001");
            assertThat(reply.kind()).isEqualTo(Comment.Kind.REPLY);
            assertThat(reply.accountId()).isEqualTo("x");
            assertThat(reply.author().handle()).isEqualTo("nora_k");
            assertThat(reply.parentExternalId()).isEqualTo("1863500000000000000");
            assertThat(reply.language()).isEqualTo("en");
            assertThat(reply.permalink()).isEqualTo("https://x.com/nora_k/status/1863512399785000001");
            assertThat(reply.createdAt()).isEqualTo(Instant.ofEpochMilli(1796115590000L));
            Comment mention = stored(Network.X, "1863512399785000002");
            assertThat(mention.kind()).isEqualTo(Comment.Kind.MENTION);
            assertThat(mention.text()).as("the full text, not the truncated one").endsWith("Chapeau!");
            assertThat(f.find(Network.X, "1863512399785000003")).isEmpty();
            assertThat(f.bus.events()).hasSize(2);
            // the third post is the account's own reply to the first: not stored, and the first is answered
            assertThat(new io.cmautopilot.core.comment.InboxStore(f.table).find(
                    io.cmautopilot.core.comment.CommentStore.Origin.account("acme", "x"), Network.X, "1863512399785000001")
                    .orElseThrow().tracking().state()).isEqualTo(io.cmautopilot.core.comment.CommentState.ANSWERED);
            assertThat(new io.cmautopilot.core.comment.InboxStore(f.table).find(
                    io.cmautopilot.core.comment.CommentStore.Origin.account("acme", "x"), Network.X, "1863512399785000002")
                    .orElseThrow().tracking().state()).isEqualTo(io.cmautopilot.core.comment.CommentState.OPEN);
        }

        @Test
        void a_reply_we_published_is_recognised_by_its_remote_id_and_not_stored() {
            // what the publisher records when our reply went out: the X post id belongs to a reply of ours
            f.publishedAs(Network.X, "1863512399785000003", "reply-01JREPLY");

            handle(x("x-tweet-create.json"));

            assertThat(f.find(Network.X, "1863512399785000003")).isEmpty();
            assertThat(f.bus.events()).hasSize(2);
        }

        @Test
        void a_deleted_post_is_marked_removed() {
            handle(x("x-tweet-create.json"));

            handle(x("x-tweet-delete.json"));

            assertThat(stored(Network.X, "1863512399785000001").removed()).isTrue();
        }

        @Test
        void a_signature_made_with_another_secret_is_401() {
            APIGatewayV2HTTPEvent e = header(Events.http("intake/x-tweet-create.json"), "x-twitter-webhooks-signature",
                    "sha256=" + Hmac.base64(Hmac.sha256("other", bytes(Events.http(
                            "intake/x-tweet-create.json").getBody()))));

            assertThat(handle(e).getStatusCode()).isEqualTo(401);
            assertThat(f.bus.events()).isEmpty();
        }
    }

    @Nested
    class LinkedIn {
        @Test
        void the_challenge_answer_is_the_hex_hmac_of_the_code() {
            APIGatewayV2HTTPResponse r = handle(Events.http("intake/linkedin-challenge.json"));

            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(json(r).get("challengeCode").asText()).isEqualTo("890e4665-4dfe-4ab1-b689-ed553bceeed0");
            assertThat(json(r).get("challengeResponse").asText()).isEqualTo(Hmac.hex(
                    Hmac.sha256(LINKEDIN_SECRET, bytes("890e4665-4dfe-4ab1-b689-ed553bceeed0"))));
        }

        @Test
        void comments_and_mentions_on_the_organisation_are_stored_likes_and_admin_comments_skipped() {
            APIGatewayV2HTTPResponse r = handle(linkedIn("linkedin-notifications.json"));

            assertThat(r.getStatusCode()).isEqualTo(200);
            Comment c = stored(Network.LINKEDIN,
                    "urn:li:comment:(urn:li:activity:7094637247890620418,7094977717598625792)");
            assertThat(c.accountId()).as("routed from the URN to the account connected by numeric id").isEqualTo("li");
            assertThat(c.text()).isEqualTo("Is the position open to part-time guides?");
            assertThat(c.author().id()).isEqualTo("urn:li:person:V9W_L_bioc");
            assertThat(c.parentExternalId()).isEqualTo("urn:li:share:7094637247487995904");
            assertThat(stored(Network.LINKEDIN, "urn:li:share:7094999999999999999").kind())
                    .isEqualTo(Comment.Kind.MENTION);
            assertThat(f.bus.events()).hasSize(2);
        }

        @Test
        void edits_and_deletions_apply_to_the_stored_comment() {
            handle(linkedIn("linkedin-notifications.json"));

            handle(linkedIn("linkedin-edit-delete.json"));

            Comment c = stored(Network.LINKEDIN,
                    "urn:li:comment:(urn:li:activity:7094637247890620418,7094977717598625792)");
            assertThat(c.text()).endsWith("based in Chamonix?");
            assertThat(c.version()).isEqualTo(2);
            assertThat(c.removed()).isTrue();
        }

        @Test
        void the_plain_body_signature_is_refused_because_it_is_what_a_challenge_answer_computes() {
            APIGatewayV2HTTPEvent e = Events.http("intake/linkedin-notifications.json");
            header(e, "x-li-signature", Hmac.hex(Hmac.sha256(LINKEDIN_SECRET, bytes(e.getBody()))));

            assertThat(handle(e).getStatusCode()).isEqualTo(401);
            assertThat(f.bus.events()).isEmpty();
        }

        @Test
        void a_bad_signature_is_401() {
            APIGatewayV2HTTPEvent e = header(Events.http("intake/linkedin-notifications.json"), "x-li-signature",
                    "00".repeat(32));

            assertThat(handle(e).getStatusCode()).isEqualTo(401);
            assertThat(f.bus.events()).isEmpty();
        }
    }

    @Nested
    class Generic {
        private final long now = NOW.getEpochSecond();

        @Test
        void a_signed_comment_is_stored_for_the_brand_in_the_path() {
            APIGatewayV2HTTPResponse r = handle(f.generic(null, now));

            assertThat(r.getStatusCode()).isEqualTo(200);
            Comment c = stored(Network.MASTODON, "113567812345678901");
            assertThat(c.brandId()).isEqualTo("acme");
            assertThat(c.accountId()).isEqualTo("md");
            assertThat(c.language()).isEqualTo("fr");
            assertThat(c.kind()).isEqualTo(Comment.Kind.REPLY);
            assertThat(c.createdAt()).isEqualTo(Instant.parse("2026-12-01T08:58:00Z"));
            assertThat(c.author().handle()).isEqualTo("@lea@mastodon.social");
            assertThat(f.bus.events()).hasSize(1);
        }

        @Test
        void a_base64_encoded_body_is_accepted() {
            assertThat(handle(base64(f.generic(null, now))).getStatusCode()).isEqualTo(200);
            assertThat(f.find(Network.MASTODON, "113567812345678901")).isPresent();
        }

        @Test
        void a_replayed_timestamp_outside_the_window_is_401() {
            APIGatewayV2HTTPResponse r = handle(f.generic(null, now - 301));

            assertThat(r.getStatusCode()).isEqualTo(401);
            assertThat(json(r).get("message").asText()).contains("window");
            assertThat(f.find(Network.MASTODON, "113567812345678901")).isEmpty();
        }

        @Test
        void a_signature_over_another_timestamp_is_401() {
            APIGatewayV2HTTPEvent e = f.generic(null, now - 10);
            header(e, "x-cm-timestamp", Long.toString(now));

            assertThat(handle(e).getStatusCode()).isEqualTo(401);
        }

        @Test
        void an_unknown_brand_answers_like_a_bad_signature() {
            APIGatewayV2HTTPEvent e = f.generic(null, now);
            e.setPathParameters(java.util.Map.of("brand", "nobody"));

            assertThat(handle(e).getStatusCode()).isEqualTo(401);
        }

        @Test
        void a_missing_field_is_422_naming_it() {
            var body = genericBody();
            body.remove("externalId");

            APIGatewayV2HTTPResponse r = handle(f.generic(body.toString(), now));

            assertThat(r.getStatusCode()).isEqualTo(422);
            assertThat(json(r).get("field").asText()).isEqualTo("externalId");
        }

        @Test
        void the_same_comment_twice_is_stored_and_announced_once() {
            handle(f.generic(null, now));
            handle(f.generic(null, now + 5));

            assertThat(f.bus.events()).hasSize(1);
        }
    }
}
