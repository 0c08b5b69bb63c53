package io.cmautopilot.core.brand;

import io.cmautopilot.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-built settings document is the one the record mapping writes and reads (items stored before it read alike). */
class BrandSettingsJsonTest {
    private static final BrandSettings FULL = new BrandSettings(List.of("refund", "panne"), List.of("cm@example.com"),
            "https://hooks.slack.com/services/T/B/X", true, new BrandSettings.CrisisSettings(5, 2.5, 48, 0.4, 60), true);

    @Test
    void every_component_of_the_record_is_in_the_document() {
        // A field added to the record but not to toJson/fromJson would silently be dropped on save.
        for (var c : BrandSettings.class.getRecordComponents()) {
            assertThat(FULL.toJson().has(c.getName())).as(c.getName()).isTrue();
        }
    }

    @Test
    void it_writes_what_the_record_mapping_writes() {
        for (BrandSettings s : List.of(FULL, BrandSettings.defaults())) {
            assertThat(Json.write(s.toJson())).isEqualTo(Json.write(s));
        }
    }

    @Test
    void it_reads_what_the_record_mapping_reads_including_partial_and_older_documents() {
        for (String stored : List.of(Json.write(FULL), Json.write(BrandSettings.defaults()), "{}",
                "{\"watchlist\":[\"a\"],\"crisis\":{\"minNegative\":3},\"later\":true}",
                "{\"alertWebhookUrl\":null,\"crisis\":null,\"autoHideToxic\":true}", "{\"pauseOnCrisis\":true}")) {
            assertThat(BrandSettings.fromJson(Json.tree(stored))).as(stored)
                    .isEqualTo(Json.read(stored, BrandSettings.class));
        }
    }
}
