package io.cmautopilot.core.brand;

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
