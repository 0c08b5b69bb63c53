package io.cmautopilot.core.crisis;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One raised crisis: the hour that tripped the rule, its counts against the baseline, the networks it came from and
 * the most negative comments, as the alert and the digest tell it.
 */
public record CrisisRecord(String brandId, Instant detectedAt, Instant windowStart, long negative, long total,
                           double baselineMean, double baselineStdDev, double threshold, String reason,
                           Map<String, Long> negativeByNetwork, List<String> topCommentIds) {
    public CrisisRecord {
        negativeByNetwork = negativeByNetwork == null ? Map.of() : Map.copyOf(negativeByNetwork);
        topCommentIds = topCommentIds == null ? List.of() : List.copyOf(topCommentIds);
    }
}
