package io.cmautopilot.scoring.crisis;

import io.cmautopilot.core.brand.BrandSettings.CrisisSettings;
import io.cmautopilot.core.counter.CounterBucket;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.comment.Sentiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The crisis rule (docs/SCORING.md), a pure function of hourly counters. The last hour's negatives {@code n} and
 * total {@code t} are compared with the previous {@code baselineHours} hours, where an hour without a bucket counts
 * as zero (quiet hours are part of the baseline). A crisis is raised when
 * <pre>
 *   n >= minNegative
 *   AND ( n > mean + k * stddev                                         -- volume far above normal
 *         OR ( n / t > minShare AND n / t >= min(2 * baseShare, baseShare + 0.3) ) )   -- mood far worse than normal
 * </pre>
 * where {@code baseShare} is the baseline's negatives over its total. The minimum keeps 3 angry comments from being
 * a crisis; the volume test adapts to each brand's own noise; the share test catches a brand whose volume is steady
 * but whose mood turns.
 */
public final class CrisisRule {
    private CrisisRule() {
    }

    /** {@code threshold}: the negatives the hour had to reach, the larger of the baseline rule and the minimum. */
    public record Assessment(boolean raise, long negative, long total, double baselineMean, double baselineStdDev,
                             double threshold, double share, double baselineShare, String reason,
                             Map<String, Long> negativeByNetwork) {
    }

    private static final String NEGATIVE = Counters.sentiment(Sentiment.Label.NEGATIVE);

    private static final java.util.regex.Pattern VOLUME = java.util.regex.Pattern.compile(
            "negative volume (\\d+) above ([0-9.]+) \\(mean \\+ ([0-9.]+) stddev\\)");
    private static final java.util.regex.Pattern SHARE = java.util.regex.Pattern.compile(
            "negative share (\\d+)% against (\\d+)% normally");
    private static final java.util.regex.Pattern MINIMUM = java.util.regex.Pattern.compile(
            "below the minimum of (\\d+) negatives");

    /**
     * The French sentence for a {@code reason} this rule wrote (the stored reason stays English: it is an audit
     * value, docs/EVENTS.md), with the same figures in French notation. Null for a reason this rule did not write.
     */
    public static String frenchReason(String reason) {
        if (reason == null) {
            return null;
        }
        java.text.NumberFormat one = java.text.NumberFormat.getNumberInstance(Locale.FRANCE);
        one.setMinimumFractionDigits(1);
        one.setMaximumFractionDigits(1);
        java.util.regex.Matcher m = VOLUME.matcher(reason);
        if (m.matches()) {
            return "volume de commentaires négatifs (" + m.group(1) + ") supérieur à "
                    + one.format(Double.parseDouble(m.group(2))) + " (moyenne + "
                    + one.format(Double.parseDouble(m.group(3))) + " écarts-types)";
        }
        m = SHARE.matcher(reason);
        if (m.matches()) {
            return "part de commentaires négatifs de " + m.group(1) + "\u00a0%, contre " + m.group(2)
                    + "\u00a0% d’habitude";
        }
        m = MINIMUM.matcher(reason);
        if (m.matches()) {
            return "moins de " + m.group(1) + " commentaires négatifs, le minimum requis";
        }
        return "within the baseline".equals(reason) ? "dans les limites habituelles" : null;
    }

    public static Assessment assess(CounterBucket current, List<CounterBucket> baseline, CrisisSettings s) {
        long n = current == null ? 0 : current.get(NEGATIVE);
        long t = current == null ? 0 : current.get(Counters.COMMENTS);
        int hours = Math.max(1, s.baselineHours());
        double sum = 0;
        double sumSq = 0;
        long baseNegative = 0;
        long baseTotal = 0;
        for (CounterBucket b : baseline) {
            long v = b.get(NEGATIVE);
            sum += v;
            sumSq += (double) v * v;
            baseNegative += v;
            baseTotal += b.get(Counters.COMMENTS);
        }
        double mean = sum / hours;
        double variance = Math.max(0, sumSq / hours - mean * mean);
        double sd = Math.sqrt(variance);
        double threshold = mean + s.k() * sd;
        double share = t == 0 ? 0 : (double) n / t;
        double baseShare = baseTotal == 0 ? 0 : (double) baseNegative / baseTotal;

        boolean enough = n >= s.minNegative();
        boolean volume = n > threshold;
        boolean mood = share > s.minShare() && share >= Math.min(2 * baseShare, baseShare + 0.3);
        String reason;
        if (!enough) {
            reason = String.format(Locale.ROOT, "below the minimum of %d negatives", s.minNegative());
        } else if (volume) {
            reason = String.format(Locale.ROOT, "negative volume %d above %.1f (mean + %.1f stddev)", n, threshold, s.k());
        } else if (mood) {
            reason = String.format(Locale.ROOT, "negative share %.0f%% against %.0f%% normally", share * 100,
                    baseShare * 100);
        } else {
            reason = "within the baseline";
        }
        Map<String, Long> byNetwork = new TreeMap<>();
        if (current != null) {
            current.values().forEach((k, v) -> {
                if (k.startsWith("negative_") && v > 0) {
                    byNetwork.put(k.substring("negative_".length()), v);
                }
            });
        }
        return new Assessment(enough && (volume || mood), n, t, mean, sd, Math.max(threshold, s.minNegative()), share,
                baseShare, reason, byNetwork);
    }
}
