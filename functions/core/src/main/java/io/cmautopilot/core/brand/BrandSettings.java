package io.cmautopilot.core.brand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * What a brand tunes: watch-list terms, where high-severity alerts go, auto-hiding of toxic comments, the crisis
 * rule, and {@code pauseOnCrisis}: pause the brand's publishing when a crisis is raised (every crisis the rule raises
 * is a high-severity alert). Absent fields take the documented defaults, so old items read the same after a field is added.
 */
public record BrandSettings(List<String> watchlist, List<String> alertEmails, String alertWebhookUrl,
                            boolean autoHideToxic, CrisisSettings crisis, boolean pauseOnCrisis) {

    /** Settings without automatic pause on crisis. */
    public BrandSettings(List<String> watchlist, List<String> alertEmails, String alertWebhookUrl,
                         boolean autoHideToxic, CrisisSettings crisis) {
        this(watchlist, alertEmails, alertWebhookUrl, autoHideToxic, crisis, false);
    }

    public BrandSettings {
        watchlist = watchlist == null ? List.of() : List.copyOf(watchlist);
        alertEmails = alertEmails == null ? List.of() : List.copyOf(alertEmails);
        crisis = crisis == null ? CrisisSettings.defaults() : crisis;
    }

    public static BrandSettings defaults() {
        return new BrandSettings(List.of(), List.of(), null, false, CrisisSettings.defaults(), false);
    }

    /**
     * The stored and API document: the same JSON the shared mapper's record mapping writes (an absent webhook URL
     * left out), built by hand so that reading a brand on a cold start needs no bean introspection
     * (docs/PERFORMANCE.md, "Cold start").
     */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        watchlist.forEach(node.putArray("watchlist")::add);
        alertEmails.forEach(node.putArray("alertEmails")::add);
        if (alertWebhookUrl != null) {
            node.put("alertWebhookUrl", alertWebhookUrl);
        }
        node.put("autoHideToxic", autoHideToxic);
        node.putObject("crisis").put("minNegative", crisis.minNegative()).put("k", crisis.k())
                .put("baselineHours", crisis.baselineHours()).put("minShare", crisis.minShare())
                .put("cooldownMinutes", crisis.cooldownMinutes());
        node.put("pauseOnCrisis", pauseOnCrisis);
        return node;
    }

    /**
     * Reads {@link #toJson()}'s document as the record mapping would: unknown fields ignored, absent lists empty, an
     * absent crisis rule the defaults, an absent number of a present rule 0.
     */
    public static BrandSettings fromJson(JsonNode node) {
        JsonNode c = node.get("crisis");
        CrisisSettings crisis = c == null || c.isNull() ? null : new CrisisSettings(c.path("minNegative").asInt(0),
                c.path("k").asDouble(0), c.path("baselineHours").asInt(0), c.path("minShare").asDouble(0),
                c.path("cooldownMinutes").asInt(0));
        JsonNode url = node.get("alertWebhookUrl");
        return new BrandSettings(texts(node.get("watchlist")), texts(node.get("alertEmails")),
                url == null || url.isNull() ? null : url.asText(), node.path("autoHideToxic").asBoolean(false), crisis,
                node.path("pauseOnCrisis").asBoolean(false));
    }

    private static List<String> texts(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>(array.size());
        array.forEach(v -> {
            if (!v.isNull()) {
                values.add(v.asText());
            }
        });
        return values;
    }

    /**
     * The crisis rule: the last hour's negatives stand above {@code baselineMean + k * baselineStdDev} over the
     * previous {@code baselineHours}, with at least {@code minNegative} negatives, or the negative share is above
     * {@code minShare} with that minimum; one alert per {@code cooldownMinutes}.
     */
    public record CrisisSettings(int minNegative, double k, int baselineHours, double minShare, int cooldownMinutes) {
        public static CrisisSettings defaults() {
            return new CrisisSettings(10, 3.0, 24 * 7, 0.6, 180);
        }
    }
}
