package io.cmautopilot.core.digest;

import java.time.Instant;

/**
 * The send record of one digest: one per {@code (subscription, period)}. {@code SENDING} with a lease while a run
 * builds and sends it; {@code SENT} for good; {@code FAILED} is picked up again by the next run.
 */
public record DigestRecord(String subscriptionId, String periodKey, String brandId, Status status, int attempts,
                           String leaseOwner, Instant leaseUntil, String messageId, String lastError, Instant updatedAt) {
    public enum Status { SENDING, SENT, FAILED }
}
