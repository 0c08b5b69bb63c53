package io.cmautopilot.publish;

import java.time.Instant;
import java.util.Map;

/** What a network publisher learned (docs/ARCHITECTURE.md, "Publishing": errors are values at the edges). */
public sealed interface PublishResult {

    /** The network accepted the post; for a thread, the ids are those of the first part. */
    record Published(String remoteId, String remoteUrl) implements PublishResult {
    }

    /**
     * Nothing was published, or a thread was published in part: try again later, not before {@code notBefore} when
     * the platform said so (Retry-After, rate-limit reset). {@code checkpoint} is the progress to resume from (parts
     * already published, an Instagram container in processing).
     */
    record RetryLater(Instant notBefore, String reason, Map<String, String> checkpoint) implements PublishResult {
        public RetryLater {
            checkpoint = checkpoint == null ? Map.of() : Map.copyOf(checkpoint);
        }

        public static RetryLater of(Instant notBefore, String reason) {
            return new RetryLater(notBefore, reason, Map.of());
        }
    }

    /** The account's token is expired or revoked: a person must reconnect it. */
    record NeedsReconnect(String reason) implements PublishResult {
    }

    /** The network refused this post for good; {@code reason} keeps the platform's own message. */
    record Rejected(String reason) implements PublishResult {
    }

    /** The request may have reached the network but no answer came back: never retried blindly. */
    record Unconfirmed(String reason) implements PublishResult {
    }
}
