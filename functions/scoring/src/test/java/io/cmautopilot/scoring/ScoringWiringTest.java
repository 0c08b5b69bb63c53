package io.cmautopilot.scoring;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code (Services)} constructor the local runtime uses: lexicon by default, SENDER_EMAIL for alerts. */
class ScoringWiringTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @TempDir
    Path dir;

    private Services services(Map<String, String> env, ScoringFixture fx) {
        Secrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        HttpClient http = HttpClient.newHttpClient();
        return new Services() {
            public Env env() { return new Env(env); }
            public Clock clock() { return fx.clock; }
            public Table table() { return fx.table; }
            public Bus bus() { return fx.bus; }
            public Secrets secrets() { return secrets; }
            public Mailer mailer() { return fx.mailer; }
            public HttpClient http() { return http; }
        };
    }

    @Test
    void theLocalRuntimeWiringScoresWithTheLexiconAndAlertsFromSenderEmail() {
        ScoringFixture fx = new ScoringFixture(new Table(dynamo.client(), dynamo.tableName()));
        fx.brand("acme", new BrandSettings(List.of(), List.of("cm@acme.example"), null, false, null));
        fx.comment("acme", Network.FACEBOOK, "122104856321_998877665544", "Food poisoning after your lasagna!",
                Instant.parse("2026-11-30T09:20:00Z"));
        fx.comment("acme", Network.INSTAGRAM, "17895695668004550", "Top, merci 😍", Instant.parse("2026-11-30T09:20:00Z"));
        ScoringHandler handler = new ScoringHandler(services(Map.of("SENDER_EMAIL", "alerts@acme.example"), fx));

        assertThat(handler.handleRequest(Events.sqs("scoring/sqs-comment-received.json"), null).getBatchItemFailures())
                .isEmpty();

        assertThat(fx.bus.events(DomainEvent.COMMENT_SCORED)).allSatisfy(e ->
                assertThat(e.detail().get("engine").asText()).isEqualTo("lexicon"));
        assertThat(fx.mails).singleElement().satisfies(m -> assertThat(m.from()).isEqualTo("alerts@acme.example"));
    }

    @Test
    void anUnknownEngineNameFailsAtInit() {
        ScoringFixture fx = new ScoringFixture(new Table(dynamo.client(), dynamo.tableName()));
        assertThatThrownBy(() -> new ScoringHandler(services(Map.of("SENTIMENT_ENGINE", "magic"), fx)))
                .hasMessageContaining("SENTIMENT_ENGINE must be lexicon, comprehend or hybrid");
    }
}
