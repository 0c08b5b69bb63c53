package io.cmautopilot.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.CommentState;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RecordCodec} writes and reads what the shared mapper does, on every bus event under events/ and on records
 * with the components the mapper treats specially (nulls, instants, enums with an id, nested records).
 */
class RecordCodecTest {
    static List<String> busFiles() throws IOException {
        return EventFilesRoundTripTest.files().stream().filter(f -> f.startsWith("bus/")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("busFiles")
    void readsAndWritesAsTheSharedMapperDoes(String file) throws IOException {
        String text = Files.readString(ProjectRoot.events().resolve(file));
        JsonNode tree = Json.tree(text);
        Envelope byMapper = Json.MAPPER.treeToValue(tree, Envelope.class);
        Envelope byCodec = RecordCodec.read(Envelope.class, tree);
        assertThat(byCodec).isEqualTo(byMapper);
        Class<? extends BusEvent> type = BusEvents.type(byMapper.detailType()).orElseThrow();
        BusEvent event = Json.MAPPER.treeToValue(byMapper.detail(), type);
        assertThat(RecordCodec.read(type, byMapper.detail())).isEqualTo(event);
        assertThat(RecordCodec.write(event)).isEqualTo(Json.MAPPER.valueToTree(event));
        assertThat(RecordCodec.write(byCodec)).isEqualTo(Json.MAPPER.valueToTree(byMapper));
    }

    @Test
    void nullsInstantsAndEnumIdsAreWrittenAsTheMapperWritesThem() {
        var paused = new PublishingPaused("acme", "person", null, Instant.parse("2026-12-02T10:00:00.120Z"));
        assertThat(RecordCodec.write(paused)).isEqualTo(Json.MAPPER.valueToTree(paused));
        assertThat(RecordCodec.write(paused).has("reason")).isTrue();
        var changed = new CommentStateChanged("acme", "c1", Network.MASTODON, CommentState.OPEN, CommentState.RESOLVED,
                null, 3);
        ObjectNode written = RecordCodec.write(changed);
        assertThat(written).isEqualTo(Json.MAPPER.valueToTree(changed));
        assertThat(written.get("network").asText()).isEqualTo("mastodon");
        assertThat(written.has("by")).isFalse();
        assertThat(RecordCodec.read(CommentStateChanged.class, written)).isEqualTo(changed);
        var crisis = new CrisisDetected("acme", Instant.parse("2026-12-02T10:00:00Z"),
                Instant.parse("2026-12-02T09:00:00Z"), 12, 40, 1.5, 0.5, 3.0, "surge", Map.of("x", 12L),
                List.of("c1", "c2"));
        assertThat(RecordCodec.write(crisis)).isEqualTo(Json.MAPPER.valueToTree(crisis));
        assertThat(RecordCodec.read(CrisisDetected.class, RecordCodec.write(crisis))).isEqualTo(crisis);
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        ObjectNode d = Json.object().put("brandId", "acme").put("postId", "p").put("accountId", "a").put("network", "x")
                .put("attempts", "three").put("error", "e");
        assertThatThrownBy(() -> BusEvents.read(PostFailed.class, d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed PostFailed detail: attempts must be a whole number, not \"three\"");
        d.put("attempts", 2).put("network", "myspace");
        assertThatThrownBy(() -> BusEvents.read(PostFailed.class, d))
                .hasMessageStartingWith("malformed PostFailed detail: network must be one of [mastodon");
        d.put("network", " X ");
        assertThat(BusEvents.read(PostFailed.class, d).network()).isEqualTo(Network.X);
        assertThatThrownBy(() -> Envelope.parse("{\"time\":\"yesterday\"}"))
                .hasMessage("not an EventBridge event: time must be an ISO-8601 instant, not \"yesterday\"");
    }
}
