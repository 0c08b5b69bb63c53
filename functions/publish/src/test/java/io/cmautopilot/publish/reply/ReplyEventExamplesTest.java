package io.cmautopilot.publish.reply;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.reply.ReplyStore;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.publish.CheckpointStore;
import io.cmautopilot.publish.Fixtures;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.Publisher;
import io.cmautopilot.publish.PublisherSettings;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The documented reply events (docs/EVENTS.md, events/bus/reply-*.json) have exactly the fields emitted. */
class ReplyEventExamplesTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension();
    @TempDir
    Path dir;

    record Answering(Network network, PublishResult result) implements NetworkReplier {
        @Override
        public PublishResult reply(ReplyRequest request) {
            return result;
        }
    }

    private static Set<String> fields(JsonNode detail) {
        Set<String> out = new TreeSet<>();
        detail.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void reply_published_and_reply_failed_match_their_examples() {
        Table table = new Table(dynamo.client(), dynamo.tableName());
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        Fixtures fx = new Fixtures(table, secrets);
        fx.brand("acme");
        Account m = fx.account("acme", "m1", Network.MASTODON, "https://m.example", "1", Map.of("accessToken", "t"));
        Account x = fx.account("acme", "x1", Network.X, null, "2", Map.of("accessToken", "t"));
        ReplyStore replies = new ReplyStore(table);
        for (Account a : List.of(m, x)) {
            Comment c = Comment.received(Ids.next(), "acme", a.id(), a.network(), "ext-" + a.id(), null, null,
                    new Comment.Author("u", "jane", "Jane"), "hello?", "en", T0, T0, null, Comment.Kind.MENTION);
            new CommentStore(table).insert(c, CommentStore.Origin.account("acme", a.id()));
            replies.create(c, a.id(), "Hi!", null, null, T0);
        }
        RecordingBus bus = new RecordingBus();
        CounterStore counters = new CounterStore(table);
        new Publisher(new PostStore(table), new BrandStore(table), counters, new CheckpointStore(table), secrets, bus,
                new MutableClock(T0), List.<NetworkPublisher>of(), PublisherSettings.defaults(),
                new ReplyDelivery(replies, new InboxStore(table), counters, List.of(
                        new Answering(Network.MASTODON, new PublishResult.Published("110001", "https://m.example/1")),
                        new Answering(Network.X, new PublishResult.Rejected("HTTP 403: not allowed")))))
                .tick("t");

        Map.of(DomainEvent.REPLY_PUBLISHED, "bus/reply-published.json", DomainEvent.REPLY_FAILED,
                "bus/reply-failed.json").forEach((type, file) -> {
            JsonNode example = Json.tree(Events.text(file));
            assertThat(example.path("detail-type").asText()).isEqualTo(type);
            assertThat(example.path("source").asText()).isEqualTo(DomainEvent.SOURCE);
            assertThat(bus.events(type)).as(type).singleElement()
                    .satisfies(e -> assertThat(fields(e.detail())).isEqualTo(fields(example.path("detail"))));
        });
    }
}
