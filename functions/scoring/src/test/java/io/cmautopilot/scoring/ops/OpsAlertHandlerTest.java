package io.cmautopilot.scoring.ops;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.scoring.alert.Alerts;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Publishing and reply problems, as the bus delivers them (events/bus/), reach the brand's team once, grouped. */
class OpsAlertHandlerTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension team = WireMocks.server();
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    final List<Email> mails = new CopyOnWriteArrayList<>();
    OpsAlertHandler handler;

    @BeforeEach
    void setUp() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        BrandStore brands = new BrandStore(table);
        team.stubFor(post("/hook").willReturn(ok()));
        BrandSettings settings = new BrandSettings(List.of(), List.of("cm@acme.example"), team.baseUrl() + "/hook",
                false, null);
        brands.create(new Brand("acme", "Acme Outdoor", ZoneId.of("Europe/Paris"), "fr", settings, null, NOW));
        Mailer mailer = email -> {
            mails.add(email);
            return "m-" + mails.size();
        };
        handler = new OpsAlertHandler(new OpsAlerts(brands, table, new Alerts(mailer, "alerts@example.com",
                HttpClient.newHttpClient()), Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    static SQSEvent messages(String... files) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        int i = 0;
        for (String f : files) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("msg-" + i++);
            m.setBody(Events.text(f));
            records.add(m);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(records);
        return e;
    }

    @Test
    void problems_that_fire_together_make_one_grouped_french_alert_and_a_redelivery_makes_none() {
        SQSEvent batch = messages("bus/post-failed.json", "bus/reply-failed.json", "bus/account-needs-reconnect.json",
                "bus/post-unconfirmed.json");

        assertThat(handler.handleRequest(batch, null).getBatchItemFailures()).isEmpty();

        assertThat(mails).singleElement().satisfies(m -> {
            assertThat(m.to()).containsExactly("cm@acme.example");
            assertThat(m.subject()).isEqualTo("[Acme Outdoor] 4 alertes de publication");
            assertThat(m.text()).contains("4 problèmes demandent votre attention :",
                    "Une publication a échoué sur X (compte x-main) : HTTP 403",
                    "Une réponse n’a pas pu être envoyée sur X (compte x-main)",
                    "Le compte Facebook @acmefood doit être reconnecté",
                    "Une publication sur LinkedIn (compte linkedin-main) n’est pas confirmée");
        });
        team.verify(1, postRequestedFor(urlEqualTo("/hook")).withRequestBody(containing("4 problèmes")));

        // the queue delivers at least once: the same events again tell nobody twice
        assertThat(handler.handleRequest(messages("bus/post-failed.json", "bus/reply-failed.json"), null)
                .getBatchItemFailures()).isEmpty();
        assertThat(mails).hasSize(1);
        team.verify(1, postRequestedFor(urlEqualTo("/hook")));
    }

    @Test
    void one_problem_gets_a_subject_of_its_own() {
        handler.handleRequest(messages("bus/reply-failed.json"), null);
        assertThat(mails).singleElement().satisfies(m ->
                assertThat(m.subject()).isEqualTo("[Acme Outdoor] Une réponse n’a pas pu être envoyée sur X"));
    }

    static SQSEvent message(String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("msg-x");
        m.setBody(body);
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(m));
        return e;
    }

    @Test
    void an_event_put_before_schemaVersion_existed_is_read_as_version_one() {
        var old = (com.fasterxml.jackson.databind.node.ObjectNode) io.cmautopilot.core.json.Json.tree(
                Events.text("bus/reply-failed.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("detail")).remove("schemaVersion");

        assertThat(handler.handleRequest(message(old.toString()), null).getBatchItemFailures()).isEmpty();
        assertThat(mails).singleElement().satisfies(m ->
                assertThat(m.subject()).isEqualTo("[Acme Outdoor] Une réponse n’a pas pu être envoyée sur X"));
    }

    @Test
    void an_event_of_a_newer_schema_version_stays_on_the_queue_and_tells_nobody() {
        var future = (com.fasterxml.jackson.databind.node.ObjectNode) io.cmautopilot.core.json.Json.tree(
                Events.text("bus/post-failed.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) future.get("detail")).put("schemaVersion", 2);

        assertThat(handler.handleRequest(message(future.toString()), null).getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("msg-x");
        assertThat(mails).isEmpty();
    }

    @Test
    void events_that_are_not_problems_or_not_events_are_ignored() {
        SQSEvent e = messages("bus/post-published.json");
        SQSEvent.SQSMessage junk = new SQSEvent.SQSMessage();
        junk.setMessageId("junk");
        junk.setBody("not json");
        List<SQSEvent.SQSMessage> records = new ArrayList<>(e.getRecords());
        records.add(junk);
        e.setRecords(records);

        assertThat(handler.handleRequest(e, null).getBatchItemFailures()).isEmpty();
        assertThat(mails).isEmpty();
    }
}
