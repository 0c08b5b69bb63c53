package io.cmautopilot.scoring;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Highlight;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.counter.CounterBucket;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScoringHandlerTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();

    private static final String FB = "122104856321_998877665544";
    private static final String IG = "17895695668004550";
    private static final Instant CREATED = Instant.parse("2026-11-30T09:20:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);

    private ScoringFixture fx;
    private ScoringHandler handler;

    @BeforeEach
    void setUp() {
        fx = new ScoringFixture(new Table(dynamo.client(), dynamo.tableName()));
        fx.brand("acme", BrandSettings.defaults());
        fx.comment("acme", Network.FACEBOOK, FB, "Still no refund after 3 weeks. Worst service ever, you people are horrible!",
                CREATED);
        fx.comment("acme", Network.INSTAGRAM, IG, "J'adore la nouvelle collection 😍", CREATED.plusSeconds(10));
        handler = new ScoringHandler(fx.scorer());
    }

    private Map<String, Long> hourCounters() {
        List<CounterBucket> hours = fx.counters.hours("acme", CREATED.minus(Duration.ofHours(1)), CREATED.plus(Duration.ofHours(1)));
        assertThat(hours).hasSize(1);
        return hours.get(0).values();
    }

    private static List<String> failures(SQSBatchResponse r) {
        return r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void scoresTheSampleBatchWithCountersHighlightsAndEvents() {
        SQSBatchResponse response = handler.handleRequest(Events.sqs("scoring/sqs-comment-received.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Comment fb = fx.comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB).orElseThrow();
        assertThat(fb.sentiment().label()).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(fb.scoredVersion()).isEqualTo(1);
        assertThat(fb.flags()).extracting(Flag::type).contains(Flag.Type.NEGATIVE, Flag.Type.NEEDS_REPLY);
        Comment ig = fx.comments.find(CommentStore.Origin.relay("acme"), Network.INSTAGRAM, IG).orElseThrow();
        assertThat(ig.sentiment().label()).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(ig.sentiment().language()).isEqualTo("fr");

        assertThat(hourCounters()).containsEntry("comments", 2L).containsEntry("sentiment_negative", 1L)
                .containsEntry("sentiment_positive", 1L).containsEntry("network_facebook", 1L)
                .containsEntry("network_instagram", 1L).containsEntry("negative_facebook", 1L)
                .containsEntry("flag_negative", 1L).containsEntry("flag_needs_reply", 1L);
        assertThat(fx.counters.days("acme", DAY, DAY).get(0).values()).containsEntry("comments", 2L);

        assertThat(fx.highlights.top("acme", DAY, DAY, Highlight.Category.NEGATIVE, 5))
                .extracting(Highlight::externalId).containsExactly(FB);
        assertThat(fx.highlights.top("acme", DAY, DAY, Highlight.Category.NEEDS_REPLY, 5))
                .extracting(Highlight::externalId).containsExactly(FB);
        assertThat(fx.highlights.top("acme", DAY, DAY, Highlight.Category.POSITIVE, 5))
                .extracting(Highlight::externalId).containsExactly(IG);

        assertThat(fx.bus.events(DomainEvent.COMMENT_SCORED)).hasSize(2);
        List<DomainEvent> flagged = fx.bus.events(DomainEvent.COMMENT_FLAGGED);
        assertThat(flagged).hasSize(1);
        var d = flagged.get(0).detail();
        assertThat(d.get("brandId").asText()).isEqualTo("acme");
        assertThat(d.get("commentId").asText()).isEqualTo(ScoringFixture.SAMPLE_IDS.get(FB));
        assertThat(d.get("network").asText()).isEqualTo("facebook");
        assertThat(d.get("externalId").asText()).isEqualTo(FB);
        assertThat(d.get("label").asText()).isEqualTo("NEGATIVE");
        assertThat(d.get("scores").get("negative").asDouble()).isGreaterThan(0.6);
        assertThat(d.get("flags").findValuesAsText("type")).contains("NEGATIVE", "NEEDS_REPLY");
        assertThat(d.get("permalink").asText()).isEqualTo("https://example.com/p/" + FB);
        assertThat(d.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(fx.mails).isEmpty();
    }

    private static java.util.Set<String> fields(com.fasterxml.jackson.databind.JsonNode node) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void emittedEventsHaveTheShapeOfTheDocumentedExamples() {
        handler.handleRequest(Events.sqs("scoring/sqs-comment-received.json"), null);

        var scoredExample = io.cmautopilot.core.json.Json.tree(Events.text("bus/comment-scored.json")).get("detail");
        var flaggedExample = io.cmautopilot.core.json.Json.tree(Events.text("bus/comment-flagged.json")).get("detail");
        var scored = fx.bus.events(DomainEvent.COMMENT_SCORED).get(0).detail();
        var flagged = fx.bus.events(DomainEvent.COMMENT_FLAGGED).get(0).detail();
        assertThat(fields(scored)).isEqualTo(fields(scoredExample));
        assertThat(fields(flagged)).isEqualTo(fields(flaggedExample));
        assertThat(fields(flagged.get("flags").get(0))).isEqualTo(fields(flaggedExample.get("flags").get(0)));
        assertThat(fields(scored.get("scores"))).isEqualTo(fields(scoredExample.get("scores")));
    }

    @Test
    void redeliveryChangesNothingAndCountsOnce() {
        SQSEvent event = Events.sqs("scoring/sqs-comment-received.json");
        handler.handleRequest(event, null);
        Comment before = fx.comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB).orElseThrow();
        Map<String, Long> countersBefore = hourCounters();
        fx.bus.clear();

        SQSBatchResponse again = handler.handleRequest(Events.sqs("scoring/sqs-comment-received.json"), null);

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(hourCounters()).isEqualTo(countersBefore);
        assertThat(fx.comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB).orElseThrow()).isEqualTo(before);
        assertThat(fx.highlights.top("acme", DAY, DAY, Highlight.Category.NEGATIVE, 5)).hasSize(1);
        // Re-announced (at-least-once), identical to the first announcement.
        assertThat(fx.bus.events(DomainEvent.COMMENT_SCORED)).hasSize(2);
        assertThat(fx.bus.events(DomainEvent.COMMENT_SCORED).get(0).detail().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void duplicateMessagesInOneBatchScoreOnce() {
        SQSEvent event = Events.sqs("scoring/sqs-comment-received.json");
        List<SQSEvent.SQSMessage> records = new ArrayList<>(event.getRecords());
        SQSEvent.SQSMessage copy = new SQSEvent.SQSMessage();
        copy.setMessageId("dup-1");
        copy.setBody(records.get(0).getBody());
        records.add(copy);
        event.setRecords(records);

        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(hourCounters()).containsEntry("comments", 2L);
    }

    @Test
    void aMessageWithoutSchemaVersionIsScoredAndANewerVersionIsRetriedNotMisread() {
        SQSEvent sample = Events.sqs("scoring/sqs-comment-received.json");
        SQSEvent.SQSMessage old = sample.getRecords().get(0);
        old.setBody(old.getBody().replace("\"schemaVersion\":1,", ""));
        SQSEvent.SQSMessage newer = sample.getRecords().get(1);
        newer.setBody(newer.getBody().replace("\"schemaVersion\":1,", "\"schemaVersion\":2,"));
        assertThat(old.getBody()).doesNotContain("schemaVersion");
        assertThat(newer.getBody()).contains("\"schemaVersion\":2");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(old, newer));

        assertThat(failures(handler.handleRequest(event, null))).containsExactly(newer.getMessageId());
        assertThat(fx.comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB).orElseThrow()
                .scoredVersion()).isEqualTo(1);
    }

    @Test
    void partialBatchFailureReportsOnlyTheBadMessages() {
        SQSEvent sample = Events.sqs("scoring/sqs-comment-received.json");
        SQSEvent.SQSMessage good = sample.getRecords().get(0);
        SQSEvent.SQSMessage unknown = new SQSEvent.SQSMessage();
        unknown.setMessageId("unknown-comment");
        unknown.setBody(good.getBody().replace(FB, "no_such_comment").replace(ScoringFixture.SAMPLE_IDS.get(FB),
                "01JDX8M6Q2V3W4X5Y6Z7A8B9ZZ"));
        SQSEvent.SQSMessage garbage = new SQSEvent.SQSMessage();
        garbage.setMessageId("garbage");
        garbage.setBody("{not json");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(garbage, good, unknown));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(failures(response)).containsExactlyInAnyOrder("garbage", "unknown-comment");
        assertThat(fx.comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB).orElseThrow().scoredVersion()).isEqualTo(1);
        assertThat(hourCounters()).containsEntry("comments", 1L);
    }

    @Test
    void refusedEventsAreRetriedAndReannouncedWithoutRecounting() {
        fx.bus.refuseWhen(e -> true);
        SQSBatchResponse first = handler.handleRequest(Events.sqs("scoring/sqs-comment-received.json"), null);
        assertThat(first.getBatchItemFailures()).hasSize(2);
        fx.bus.refuseWhen(e -> false);

        SQSBatchResponse retry = handler.handleRequest(Events.sqs("scoring/sqs-comment-received.json"), null);

        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(fx.bus.events(DomainEvent.COMMENT_SCORED)).hasSize(2);
        assertThat(fx.bus.events(DomainEvent.COMMENT_FLAGGED)).hasSize(1);
        assertThat(hourCounters()).containsEntry("comments", 2L);
    }

    @Test
    void anEditIsRescoredAndThePreviousVersionIsTakenBack() {
        handler.handleRequest(Events.sqs("scoring/sqs-comment-received.json"), null);
        Comment edited = fx.comments.edit(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB, "Refund received today, thank you so much, great support!",
                CREATED.plusSeconds(600)).orElseThrow();
        assertThat(edited.version()).isEqualTo(2);
        SQSEvent event = Events.sqs("scoring/sqs-comment-received.json");
        SQSEvent.SQSMessage m = event.getRecords().get(0);
        m.setMessageId("edit-1");
        m.setBody(m.getBody().replace("\"version\":1", "\"version\":2"));
        event.setRecords(List.of(m));

        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();

        Comment fb = fx.comments.find(CommentStore.Origin.relay("acme"), Network.FACEBOOK, FB).orElseThrow();
        assertThat(fb.scoredVersion()).isEqualTo(2);
        assertThat(fb.sentiment().label()).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(hourCounters()).containsEntry("comments", 2L).containsEntry("sentiment_negative", 0L)
                .containsEntry("sentiment_positive", 2L).containsEntry("negative_facebook", 0L)
                .containsEntry("flag_negative", 0L);
        assertThat(fx.highlights.top("acme", DAY, DAY, Highlight.Category.NEGATIVE, 5)).isEmpty();
        assertThat(fx.highlights.top("acme", DAY, DAY, Highlight.Category.POSITIVE, 5))
                .extracting(Highlight::externalId).containsExactlyInAnyOrder(FB, IG);
    }
}
