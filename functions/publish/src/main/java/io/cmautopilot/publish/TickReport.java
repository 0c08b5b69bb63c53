package io.cmautopilot.publish;

import java.util.Map;

/**
 * What one tick did. {@code outcomes} counts targets by recorded status (PUBLISHED, RETRY, FAILED, UNCONFIRMED,
 * NEEDS_RECONNECT); {@code lostClaims} were taken by a concurrent tick; {@code parked} waited on an account that
 * needs reconnecting; {@code leftDue} were seen but left for the next tick because the budget ran out.
 */
public record TickReport(int seen, Map<String, Integer> outcomes, int lostClaims, int parked, int leftDue,
                         int undeliveredEvents, long millis) {
    public int count(String outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }
}
