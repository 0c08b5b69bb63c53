package io.cmautopilot.core.post;

/**
 * A target's state machine (docs/PUBLISHING.md; docs/PLATFORMS.md, lesson 1):
 * SCHEDULED → PUBLISHING → PUBLISHED | RETRY (→ PUBLISHING) | FAILED | UNCONFIRMED | NEEDS_RECONNECT; CANCELLED from
 * SCHEDULED or RETRY only. UNCONFIRMED is never retried blindly: the request may have reached the network.
 */
public enum TargetStatus {
    SCHEDULED, PUBLISHING, RETRY, PUBLISHED, FAILED, UNCONFIRMED, NEEDS_RECONNECT, CANCELLED;

    /** States the publisher still has to act on (they stay on the due index). */
    public boolean pending() {
        return this == SCHEDULED || this == RETRY || this == PUBLISHING || this == NEEDS_RECONNECT;
    }
}
