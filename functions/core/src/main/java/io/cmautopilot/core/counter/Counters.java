package io.cmautopilot.core.counter;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.post.TargetStatus;

import java.util.Locale;

/** Counter names shared by the writers (scoring, publish) and the readers (crisis detector, digest). */
public final class Counters {
    public static final String COMMENTS = "comments";

    private Counters() {
    }

    public static String sentiment(Sentiment.Label label) {
        return "sentiment_" + label.name().toLowerCase(Locale.ROOT);
    }

    public static String network(Network network) {
        return "network_" + network.id();
    }

    public static String negativeOn(Network network) {
        return "negative_" + network.id();
    }

    public static String flag(Flag.Type type) {
        return "flag_" + type.name().toLowerCase(Locale.ROOT);
    }

    public static String replies(TargetStatus outcome) {
        return "replies_" + outcome.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Upper bounds (minutes) of the response-time histogram: the first reply to a comment minus its receive time
     * lands in the first bucket it fits, or in {@code rt_<network>_over}. Median and 90th percentile are read from
     * these counters (core.counter.ResponseTimes), so the stats never read comments.
     */
    public static final int[] RESPONSE_BUCKETS_MINUTES = {5, 15, 30, 60, 120, 240, 480, 1440, 2880, 10080};

    public static String responseTime(Network network, java.time.Duration elapsed) {
        long minutes = Math.max(0, (elapsed.toSeconds() + 59) / 60);
        for (int b : RESPONSE_BUCKETS_MINUTES) {
            if (minutes <= b) {
                return responseBucket(network, b);
            }
        }
        return "rt_" + network.id() + "_over";
    }

    public static String responseBucket(Network network, int upperMinutes) {
        return "rt_" + network.id() + "_le" + upperMinutes;
    }

    public static String firstReplies(Network network) {
        return "first_replies_" + network.id();
    }

    public static String posts(TargetStatus outcome) {
        return "posts_" + outcome.name().toLowerCase(Locale.ROOT);
    }
}
