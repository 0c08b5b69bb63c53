package io.cmautopilot.digest;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.comment.Highlight;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.crisis.CrisisRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one digest says, read from counters and bounded lists only (see {@link DigestBuilder}); the renderer
 * turns it into HTML, text and a chart without reading anything else.
 */
public record DigestData(Brand brand, DigestPeriod period, long comments, long previousComments,
                         Map<Network, Long> byNetwork, Map<Sentiment.Label, Long> sentiment,
                         Map<Sentiment.Label, Long> previousSentiment, List<TrendPoint> trend,
                         List<Highlight> needsReply, List<Highlight> negative, List<Highlight> positive,
                         List<Highlight> toxic, List<CrisisRecord> crises, Posts posts, List<Account> reconnect,
                         Replies replies) {

    /**
     * Replies of the period and response times (first reply minus receive time, from the histogram counters), and
     * the comments still open when the digest is built (null where the inbox is not read).
     */
    public record Replies(long sent, io.cmautopilot.core.counter.ResponseTimes.Figures overall,
                          Map<Network, io.cmautopilot.core.counter.ResponseTimes.Figures> byNetwork, Long open,
                          Long openOverADay) {
        public Replies {
            byNetwork = Map.copyOf(byNetwork);
        }

        public static final Replies NONE = new Replies(0, null, Map.of(), null, null);

        public boolean empty() {
            return sent == 0 && (overall == null || overall.replies() == 0) && (open == null || open == 0);
        }
    }

    /** One bar of the trend chart: an hour (daily) or a local day (weekly) starting at {@code start}. */
    public record TrendPoint(Instant start, long positive, long negative, long neutral, long mixed) {
        public long total() {
            return positive + negative + neutral + mixed;
        }
    }

    /** Post targets that reached an outcome in the period. */
    public record Posts(long published, long failed, long unconfirmed) {
        public long total() {
            return published + failed + unconfirmed;
        }
    }

    public DigestData {
        byNetwork = Map.copyOf(byNetwork);
        sentiment = Map.copyOf(sentiment);
        previousSentiment = Map.copyOf(previousSentiment);
        trend = List.copyOf(trend);
        needsReply = List.copyOf(needsReply);
        negative = List.copyOf(negative);
        positive = List.copyOf(positive);
        toxic = List.copyOf(toxic);
        crises = List.copyOf(crises);
        reconnect = List.copyOf(reconnect);
        replies = replies == null ? Replies.NONE : replies;
    }

    /** Nothing happened and nothing needs a human: the digest says so in a line. */
    public boolean quiet() {
        return comments == 0 && crises.isEmpty() && posts.total() == 0 && reconnect.isEmpty()
                && needsReply.isEmpty() && toxic.isEmpty();
    }
}
