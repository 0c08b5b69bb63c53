package io.cmautopilot.core.counter;

import io.cmautopilot.core.Network;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Response times (first reply minus receive time) read from the histogram counters the publisher and intake add
 * once per comment ({@link Counters#responseTime}): median and 90th percentile per network, interpolated inside the
 * bucket they fall in, so the figures come from O(buckets) reads and never from the comments themselves.
 */
public final class ResponseTimes {
    private ResponseTimes() {
    }

    /** One network's figures; {@code medianMinutes}/{@code p90Minutes} null without replies. */
    public record Figures(long replies, Double medianMinutes, Double p90Minutes, boolean p90AtLeast,
                          List<long[]> histogram) {
    }

    /** Sums the counters of {@code buckets} and computes the figures of every network with replies. */
    public static Map<Network, Figures> of(List<CounterBucket> buckets) {
        Map<Network, Figures> out = new EnumMap<>(Network.class);
        for (Network n : Network.values()) {
            long[] counts = new long[Counters.RESPONSE_BUCKETS_MINUTES.length + 1];
            for (CounterBucket b : buckets) {
                for (int i = 0; i < Counters.RESPONSE_BUCKETS_MINUTES.length; i++) {
                    counts[i] += b.get(Counters.responseBucket(n, Counters.RESPONSE_BUCKETS_MINUTES[i]));
                }
                counts[counts.length - 1] += b.get("rt_" + n.id() + "_over");
            }
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            if (total > 0) {
                out.put(n, figures(counts, total));
            }
        }
        return out;
    }

    /** All networks together. */
    public static Figures overall(List<CounterBucket> buckets) {
        long[] counts = new long[Counters.RESPONSE_BUCKETS_MINUTES.length + 1];
        for (Network n : Network.values()) {
            for (CounterBucket b : buckets) {
                for (int i = 0; i < Counters.RESPONSE_BUCKETS_MINUTES.length; i++) {
                    counts[i] += b.get(Counters.responseBucket(n, Counters.RESPONSE_BUCKETS_MINUTES[i]));
                }
                counts[counts.length - 1] += b.get("rt_" + n.id() + "_over");
            }
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total == 0 ? new Figures(0, null, null, false, histogram(counts)) : figures(counts, total);
    }

    static Figures figures(long[] counts, long total) {
        double[] median = quantile(counts, total, 0.5);
        double[] p90 = quantile(counts, total, 0.9);
        return new Figures(total, median[0], p90[0], p90[1] > 0, histogram(counts));
    }

    private static List<long[]> histogram(long[] counts) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            long upper = i < Counters.RESPONSE_BUCKETS_MINUTES.length ? Counters.RESPONSE_BUCKETS_MINUTES[i] : -1;
            out.add(new long[]{upper, counts[i]});
        }
        return out;
    }

    /**
     * The q-quantile in minutes, linear inside its bucket; {@code [value, 1]} when it falls in the open last bucket
     * (then the value is that bucket's lower bound: "at least").
     */
    static double[] quantile(long[] counts, long total, double q) {
        double rank = q * total;
        long seen = 0;
        int[] bounds = Counters.RESPONSE_BUCKETS_MINUTES;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (seen + counts[i] >= rank) {
                if (i == bounds.length) {
                    return new double[]{bounds[bounds.length - 1], 1};
                }
                double lower = i == 0 ? 0 : bounds[i - 1];
                double within = (rank - seen) / counts[i];
                return new double[]{Math.round((lower + within * (bounds[i] - lower)) * 10) / 10.0, 0};
            }
            seen += counts[i];
        }
        return new double[]{bounds[bounds.length - 1], 1};
    }
}
