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

    public static String posts(TargetStatus outcome) {
        return "posts_" + outcome.name().toLowerCase(Locale.ROOT);
    }
}
