package io.cmautopilot.core.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.engines.ProjectRoot;
import io.cmautopilot.testing.Events;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusEventsTest {
    private static ObjectNode detail(String file) {
        return (ObjectNode) Json.tree(Events.text(file)).get("detail");
    }

    @Test
    void everyDetailTypeOfTheBusHasOneRecordAndOneExample() throws IOException {
        Set<String> constants = Arrays.stream(DomainEvent.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                        && !f.getName().equals("SOURCE"))
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }).collect(Collectors.toSet());
        assertThat(BusEvents.detailTypes()).containsExactlyInAnyOrderElementsOf(constants);
        assertThat(BusEvent.class.getPermittedSubclasses()).hasSize(constants.size());
        Set<String> examples;
        try (Stream<Path> files = Files.list(ProjectRoot.events().resolve("bus"))) {
            examples = files.map(p -> Json.tree(read(p)).path("detail-type").asText()).collect(Collectors.toSet());
        }
        assertThat(examples).as("one example under events/bus per detail-type").isEqualTo(constants);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRecordIsWrittenWithItsSchemaVersionAndReadBackTheSame() {
        var published = new PostPublished("acme", "p1", "mastodon-main", Network.MASTODON, 1, "42", null);
        DomainEvent event = DomainEvent.of(published);
        assertThat(event.detailType()).isEqualTo("PostPublished");
        assertThat(event.detail().get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(event.detail().get("network").asText()).isEqualTo("mastodon");
        assertThat(event.detail().has("remoteUrl")).as("absent optional fields are not written").isFalse();
        assertThat(event.event()).isEqualTo(published);
        assertThat(event.event(PostPublished.class).remoteId()).isEqualTo("42");
        assertThatThrownBy(() -> event.event(PostFailed.class)).hasMessageContaining("not a PostFailed event");
    }

    @Test
    void aPauseWithoutReasonWritesTheReasonAsNull() {
        var paused = new PublishingPaused("acme", "api", null, Instant.parse("2026-12-01T08:00:00.123Z"));
        ObjectNode detail = BusEvents.detail(paused);
        assertThat(detail.has("reason")).isTrue();
        assertThat(detail.get("reason").isNull()).isTrue();
        assertThat(detail.get("pausedAt").asText()).isEqualTo("2026-12-01T08:00:00.123Z");
        assertThat(BusEvents.read(PublishingPaused.TYPE, detail)).isEqualTo(paused);
    }

    @Test
    void anEventWithoutSchemaVersionIsReadAsVersionOne() {
        ObjectNode old = detail("bus/comment-received.json");
        old.remove("schemaVersion");
        CommentReceived received = BusEvents.read(CommentReceived.class, old);
        assertThat(received.schemaVersion()).isEqualTo(1);
        assertThat(received.commentId()).isEqualTo("01JE2ZQ4M8W6X1G7R5T3Y9B0KA");
        assertThat(BusEvents.detail(received).get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aNewerSchemaVersionIsRefusedNotMisread() {
        ObjectNode future = detail("bus/comment-scored.json").put("schemaVersion", 2);
        assertThatThrownBy(() -> BusEvents.read("CommentScored", future))
                .isInstanceOf(UnsupportedSchemaVersion.class)
                .hasMessage("CommentScored has schemaVersion 2, this reader knows versions 1 to 1: deploy the "
                        + "consumer before the emitter of a new version");
        assertThatThrownBy(() -> new DigestSent(2, "acme", "s", "daily#2026-12-01", "m"))
                .isInstanceOf(UnsupportedSchemaVersion.class);
        assertThatThrownBy(() -> BusEvents.read("CommentScored", detail("bus/comment-scored.json")
                .put("schemaVersion", "1.0"))).hasMessageContaining("schemaVersion must be a whole number");
        assertThatThrownBy(() -> BusEvents.read("CommentScored", detail("bus/comment-scored.json")
                .put("schemaVersion", 0))).isInstanceOf(UnsupportedSchemaVersion.class);
    }

    @Test
    void aMalformedDetailIsRefusedWithTheReason() {
        ObjectNode noBrand = detail("bus/post-failed.json");
        noBrand.remove("brandId");
        assertThatThrownBy(() -> BusEvents.read("PostFailed", noBrand))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("malformed PostFailed detail: PostFailed "
                        + "detail needs brandId");
        assertThatThrownBy(() -> BusEvents.read("PostFailed", detail("bus/post-failed.json").put("network", "myspace")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed PostFailed detail");
        assertThatThrownBy(() -> BusEvents.read("PostFailed", Json.tree("[1]")))
                .hasMessage("PostFailed detail is not a JSON object");
        assertThatThrownBy(() -> BusEvents.read("SomethingElse", Json.object()))
                .hasMessage("no event record for detail-type 'SomethingElse'");
    }

    @Test
    void anEnvelopeNamesItsDetailType() {
        Envelope e = Envelope.parse(Events.text("bus/digest-sent.json"));
        assertThat(e.event(DigestSent.class).periodKey()).isEqualTo("daily#2026-11-22");
        assertThatThrownBy(() -> e.event(CommentReceived.class))
                .hasMessage("not a CommentReceived event: DigestSent");
        assertThatThrownBy(() -> Envelope.parse("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.parse("[]")).hasMessageContaining("not a JSON object");
    }
}
