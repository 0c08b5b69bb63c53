package io.cmautopilot.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.crypto.Hmac;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.LocalRuntime;
import io.cmautopilot.local.cli.ApiClient;
import io.cmautopilot.testing.MotoExtension;
import io.cmautopilot.engines.ProjectRoot;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop of the project's template.yaml through moto's AWS APIs: the functions' production adapters
 * (EventBridge PutEvents, SQS through the runtime's event sources, SES v2 SendEmail, Secrets Manager) against moto,
 * DynamoDB on DynamoDB Local. Every assertion reads what AWS's API returned (moto's SQS, EventBridge, Secrets
 * Manager, and its SES store), never the runtime's logs.
 */
class CloudLoopTest {
    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();
    @TempDir
    static Path data;
    static LocalRuntime runtime;
    static AwsEndpoint endpoint;
    static SqsClient sqs;
    static EventBridgeClient events;
    static SecretsManagerClient secrets;
    static ApiClient api;

    @BeforeAll
    static void start() {
        endpoint = AwsEndpoint.parse(moto.endpoint().toString(), Map.of());
        runtime = LocalRuntime.builder(ProjectRoot.find(), data).port(0).fireSchedules(false).environment(Map.of())
                .maxRedeliveryDelay(Duration.ofMillis(50)).awsEndpoint(endpoint).log(System.out::println).start();
        sqs = endpoint.sqs();
        events = endpoint.eventBridge();
        secrets = endpoint.secretsManager();
        api = new ApiClient(runtime.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (sqs != null) {
            sqs.close();
            events.close();
            secrets.close();
        }
    }

    @Test
    void theTemplatesQueuesRulesAndSecretsExistOnTheEndpointAsDeclared() {
        String scoring = sqs.getQueueUrl(b -> b.queueName("cm-local-ScoringQueue")).queueUrl();
        String dlq = sqs.getQueueUrl(b -> b.queueName("cm-local-ScoringDeadLetterQueue")).queueUrl();
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(scoring).attributeNames(QueueAttributeName.ALL)).attributes();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("360");
        assertThat(attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD)).isEqualTo("345600");
        JsonNode redrive = Json.tree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(dlqArn);
        assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(5);

        var rule = events.describeRule(b -> b.name("cm-local-CommentReceivedRule").eventBusName("cm-local-bus"));
        Object templatePattern = Template.load(ProjectRoot.find().resolve("template.yaml"))
                .properties("CommentReceivedRule").get("EventPattern");
        assertThat(Json.tree(rule.eventPattern())).isEqualTo(Json.MAPPER.valueToTree(templatePattern));
        List<Target> targets = events.listTargetsByRule(b -> b.rule("cm-local-CommentReceivedRule")
                .eventBusName("cm-local-bus")).targets();
        String scoringArn = attributes.get(QueueAttributeName.QUEUE_ARN);
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.arn()).isEqualTo(scoringArn);
            assertThat(t.deadLetterConfig().arn()).endsWith(":cm-local-BusDeadLetterQueue");
        });

        // GenerateSecretString {PasswordLength: 64, ExcludePunctuation: true}, done by GetRandomPassword.
        String key = secrets.getSecretValue(b -> b.secretId("cm-autopilot/digest/unsubscribe-key")).secretString();
        assertThat(key).hasSize(64).matches("[A-Za-z0-9]+");
        JsonNode platform = Json.tree(secrets.getSecretValue(b -> b.secretId("cm-autopilot/local/platform-settings"))
                .secretString());
        assertThat(platform.path("metaAppSecret").asText()).isNotBlank();
        assertThat(platform.has("unsubscribeKey")).isFalse();
    }

    @Test
    void aSignedWebhookCommentGoesThroughTheRuleAndTheQueueToScoringWhichAlertsThroughSes() {
        String brand = brand("alerts");
        ObjectNode settings = Json.object();
        settings.putArray("alertEmails").add("cm-" + brand + "@demo.example");
        settings.putArray("watchlist").add("refund");
        assertThat(api.send("PUT", "/v1/brands/" + brand + "/settings", Json.writeBytes(settings), "application/json")
                .status()).isEqualTo(200);

        // A built-in crisis word is a HIGH watchlist flag, which the scoring function mails at once.
        ApiClient.Response delivered = comment(brand, "After your cold brew I got food poisoning, I want a refund now.");
        assertThat(delivered.status()).isIn(200, 201, 202);

        JsonNode alert = await("the alert in moto's SES store", () -> moto.sentMail().stream()
                .filter(m -> m.path("destinations").toString().contains("cm-" + brand + "@demo.example"))
                .findFirst().orElse(null));
        assertThat(alert.path("source").asText()).isEqualTo("digest@example.com");
        // SES v2 Simple content: moto 5.2.1 keeps the subject and the HTML body (not the headers or attachments).
        assertThat(alert.path("subject").asText()).contains("comment on");
        assertThat(alert.path("body").asText()).contains("food poisoning");
        // The queue's batch was settled: nothing waits, nothing went to the dead-letter queue.
        assertThat(runtime.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(count("cm-local-ScoringQueue")).isZero();
        assertThat(count("cm-local-ScoringDeadLetterQueue")).isZero();
        assertThat(count("cm-local-BusDeadLetterQueue")).isZero();
        JsonNode comments = api.get("/v1/brands/" + brand + "/comments").json();
        assertThat(comments.path("items").get(0).path("sentiment").asText()).isEqualTo("NEGATIVE");
    }

    @Test
    void aDuePostIsAnnouncedAsPostPublishedOnTheBus() {
        String brand = brand("posts");
        String observer = sqs.createQueue(b -> b.queueName("observer-" + UUID.randomUUID())).queueUrl();
        String observerArn = sqs.getQueueAttributes(b -> b.queueUrl(observer).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String ruleName = "observe-" + brand;
        events.putRule(b -> b.name(ruleName).eventBusName("cm-local-bus")
                .eventPattern("{\"source\":[\"cm-autopilot\"],\"detail-type\":[\"PostPublished\"],\"detail\":{\"brandId\":[\"" + brand + "\"]}}"));
        events.putTargets(b -> b.rule(ruleName).eventBusName("cm-local-bus").targets(t -> t.id("observer").arn(observerArn)));

        ObjectNode account = Json.object().put("network", "local").put("handle", "sink").put("externalId", "sink-" + brand);
        account.putObject("credentials");
        String accountId = api.post("/v1/brands/" + brand + "/accounts", account).json().path("id").asText();
        ObjectNode post = Json.object().put("text", "Fresh roast today.");
        post.putArray("accountIds").add(accountId);
        ApiClient.Response created = api.post("/v1/brands/" + brand + "/posts", post);
        assertThat(created.status()).isEqualTo(201);
        String postId = created.json().path("id").asText();

        assertThat(runtime.fireSchedule("PublishFunction")).allSatisfy(f -> assertThat(f.error()).isNull());

        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            got.addAll(sqs.receiveMessage(b -> b.queueUrl(observer).waitTimeSeconds(1).maxNumberOfMessages(10)).messages());
        }
        assertThat(got).singleElement().satisfies(m -> {
            JsonNode event = Json.tree(m.body());
            assertThat(event.path("source").asText()).isEqualTo("cm-autopilot");
            assertThat(event.path("detail-type").asText()).isEqualTo("PostPublished");
            assertThat(event.path("detail").path("postId").asText()).isEqualTo(postId);
            assertThat(event.path("detail").path("brandId").asText()).isEqualTo(brand);
            assertThat(event.path("detail").path("schemaVersion").asInt()).isEqualTo(1);
        });
    }

    @Test
    void aDigestIsSentThroughSesV2WithAnUnsubscribeLinkSignedByTheKeyInSecretsManager() {
        String brand = brand("digest");
        comment(brand, "Lovely beans, thank you!");
        assertThat(runtime.awaitIdle(Duration.ofSeconds(30))).isTrue();
        String subscriber = "marketing-" + brand + "@demo.example";
        ObjectNode sub = Json.object().put("email", subscriber).put("cadence", "daily").put("hour", 8)
                .put("timezone", "Europe/Paris").put("language", "en");
        assertThat(api.post("/v1/brands/" + brand + "/subscriptions", sub).status()).isEqualTo(201);

        Instant at = ZonedDateTime.now(ZoneId.of("Europe/Paris")).toLocalDate().plusDays(1).atTime(8, 0, 30)
                .atZone(ZoneId.of("Europe/Paris")).toInstant();
        assertThat(runtime.fireSchedule("DigestFunction", at)).allSatisfy(f -> assertThat(f.error()).isNull());

        JsonNode digest = await("the digest in moto's SES store", () -> moto.sentMail().stream()
                .filter(m -> m.path("destinations").toString().contains(subscriber)).findFirst().orElse(null));
        // moto keeps a Simple message's subject and HTML body; the List-Unsubscribe headers and the inline chart it
        // drops are checked against the SES v2 emulator, which keeps them (functions/digest DigestMailTest).
        assertThat(digest.path("subject").asText()).contains("daily digest");
        String html = digest.path("body").asText();
        assertThat(html).contains("<img src=\"cid:");
        // The footer link's token opens the unsubscribe page: signed with the key the runtime created in Secrets Manager.
        String token = html.replaceAll("(?s).*href=\"[^\"]*/unsubscribe\\?token=([^\"&]+)\".*", "$1");
        assertThat(token).isNotEqualTo(html);
        assertThat(api.get("/unsubscribe?token=" + token).status()).isEqualTo(200);
    }

    @Test
    void accountCredentialsAreStoredInSecretsManagerAndNeverAnswered() {
        String brand = brand("secrets");
        String token = "tok-" + UUID.randomUUID();
        ObjectNode account = Json.object().put("network", "mastodon").put("handle", "acme")
                .put("baseUrl", "https://mastodon.example");
        account.putObject("credentials").put("accessToken", token);
        ApiClient.Response created = api.post("/v1/brands/" + brand + "/accounts", account);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).doesNotContain(token);

        List<SecretListEntry> listed = new ArrayList<>();
        secrets.listSecretsPaginator(b -> b.filters(f -> f.key("name").values("cm-autopilot/"))).stream()
                .flatMap(r -> r.secretList().stream())
                .forEach(listed::add);
        List<String> values = listed.stream().map(s -> secrets.getSecretValue(b -> b.secretId(s.arn())).secretString()).toList();
        assertThat(values).filteredOn(v -> v.startsWith("{")).anySatisfy(v -> assertThat(Json.tree(v).path("accessToken").asText()).isEqualTo(token));
    }

    // ---------------------------------------------------------------- helpers

    private static String brand(String kind) {
        String id = kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response r = api.post("/v1/brands", Json.object().put("id", id).put("name", "Brand " + id)
                .put("timezone", "Europe/Paris").put("language", "en"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        secretsOf.put(id, r.json().path("webhookSecret").asText());
        return id;
    }

    private static final Map<String, String> secretsOf = new java.util.concurrent.ConcurrentHashMap<>();

    private static ApiClient.Response comment(String brand, String text) {
        ObjectNode body = Json.object().put("network", "facebook").put("externalId", "c-" + UUID.randomUUID())
                .put("text", text).put("createdAt", Instant.now().toString());
        body.putObject("author").put("id", "u1").put("handle", "kay").put("name", "Kay");
        byte[] raw = Json.writeBytes(body);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = "sha256=" + Hmac.sha256Hex(secretsOf.get(brand), timestamp + "." + new String(raw, StandardCharsets.UTF_8));
        return api.send("POST", "/webhooks/generic/" + brand, raw, "application/json",
                Map.of("X-CM-Timestamp", timestamp, "X-CM-Signature", signature));
    }

    private static int count(String queueName) {
        String url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        return SqsEventSource.pending(sqs, url);
    }

    private static <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

}
