package io.cmautopilot.core.post;

import java.util.Collection;

/** A post's status, summarised from its targets so that a partial success is visible as such. */
public enum PostStatus {
    SCHEDULED, PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED, UNCONFIRMED, FAILED, CANCELLED;

    static PostStatus summarise(boolean cancelled, Collection<TargetStatus> targets) {
        if (targets.isEmpty()) {
            return cancelled ? CANCELLED : SCHEDULED;
        }
        long published = targets.stream().filter(s -> s == TargetStatus.PUBLISHED).count();
        boolean anyPending = targets.stream().anyMatch(TargetStatus::pending);
        boolean anyUnconfirmed = targets.contains(TargetStatus.UNCONFIRMED);
        if (cancelled && published == 0) {
            return CANCELLED;
        }
        if (published == targets.size()) {
            return PUBLISHED;
        }
        if (anyPending) {
            boolean started = published > 0 || targets.contains(TargetStatus.PUBLISHING)
                    || targets.stream().anyMatch(s -> !s.pending());
            return started ? PUBLISHING : SCHEDULED;
        }
        if (published > 0) {
            return PARTIALLY_PUBLISHED;
        }
        return anyUnconfirmed ? UNCONFIRMED : FAILED;
    }
}
