package io.cmautopilot.publish;

import java.util.HashMap;
import java.util.Map;

/**
 * Publishes the parts of a post one after the other, each replying to the previous one, resuming after the parts an
 * earlier attempt already published (read from the checkpoint). A failure after the first part keeps the progress
 * when the outcome is a retry, so the thread continues instead of starting over; otherwise its message says how
 * much of the thread is out.
 */
public final class Threads {
    private Threads() {
    }

    /**
     * The checkpoint key under which a publisher records when part {@code index} was first sent without an answer,
     * for a network that deduplicates repeats (Mastodon). While any such key is in a retry's checkpoint the post may
     * exist, so a retry that runs out of attempts ends UNCONFIRMED, not FAILED.
     */
    public static String lostAtKey(int index) {
        return "part." + index + ".lostAt";
    }

    /** Whether a checkpoint says a part may have been published without an answer ({@link #lostAtKey}). */
    public static boolean mayExist(Map<String, String> checkpoint) {
        return checkpoint.keySet().stream().anyMatch(k -> k.startsWith("part.") && k.endsWith(".lostAt"));
    }

    /** A published part: its id, public URL, and for Bluesky its content id (replies reference uri + cid). */
    public record Ref(String id, String url, String cid) {
    }

    /** The outcome of one part: either a {@link Ref} or the publish result that stops the thread. */
    public record Part(Ref ref, PublishResult failure) {
        public static Part posted(Ref ref) {
            return new Part(ref, null);
        }

        public static Part failed(PublishResult failure) {
            return new Part(null, failure);
        }
    }

    @FunctionalInterface
    public interface PartPoster {
        /** Posts part {@code index}; {@code root} and {@code parent} are null for the first part. */
        Part post(int index, String text, Ref root, Ref parent);
    }

    public static PublishResult publish(PublishRequest request, PartPoster poster) {
        Map<String, String> progress = new HashMap<>(request.checkpoint());
        Ref root = null;
        Ref parent = null;
        for (int i = 0; i < request.parts().size(); i++) {
            Ref done = fromCheckpoint(progress, i);
            if (done == null) {
                Part part = poster.post(i, request.parts().get(i), root, parent);
                if (part.failure() != null) {
                    return i == 0 ? part.failure() : partial(part.failure(), i, request.parts().size(), root, progress);
                }
                done = part.ref();
                progress.remove(lostAtKey(i));
                progress.put("part." + i + ".id", done.id());
                if (done.url() != null) {
                    progress.put("part." + i + ".url", done.url());
                }
                if (done.cid() != null) {
                    progress.put("part." + i + ".cid", done.cid());
                }
            }
            if (root == null) {
                root = done;
            }
            parent = done;
        }
        return new PublishResult.Published(root.id(), root.url());
    }

    private static Ref fromCheckpoint(Map<String, String> progress, int i) {
        String id = progress.get("part." + i + ".id");
        return id == null ? null : new Ref(id, progress.get("part." + i + ".url"), progress.get("part." + i + ".cid"));
    }

    private static PublishResult partial(PublishResult failure, int index, int total, Ref root,
                                         Map<String, String> progress) {
        String done = index + " of " + total + " parts published (first: " + root.id() + "); part " + (index + 1) + ": ";
        return switch (failure) {
            case PublishResult.RetryLater r -> {
                Map<String, String> resume = new HashMap<>(progress);
                resume.putAll(r.checkpoint());
                yield new PublishResult.RetryLater(r.notBefore(), done + r.reason(), resume);
            }
            case PublishResult.Rejected r -> new PublishResult.Rejected(done + r.reason());
            case PublishResult.Unconfirmed u -> new PublishResult.Unconfirmed(done + u.reason());
            case PublishResult.NeedsReconnect n -> new PublishResult.NeedsReconnect(done + n.reason());
            case PublishResult.Published p -> p;
        };
    }
}
