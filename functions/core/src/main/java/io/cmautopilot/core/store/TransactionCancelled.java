package io.cmautopilot.core.store;

import java.util.Map;

/**
 * A {@link Transaction} that DynamoDB cancelled, with the reason of each write, keyed by the {@link Transaction.Write}
 * handle its caller got when adding it: a store asks "did my condition fail?" ({@link #conditionFailed(Transaction.Write)})
 * instead of counting positions in a request. Reasons are DynamoDB's codes ({@code ConditionalCheckFailed},
 * {@code TransactionConflict}, ...); a write that did not cause the cancellation has none.
 */
public final class TransactionCancelled extends RuntimeException {
    public static final String CONDITION_FAILED = "ConditionalCheckFailed";
    public static final String CONFLICT = "TransactionConflict";
    private final transient Map<Transaction.Write, String> reasons;

    TransactionCancelled(String message, Map<Transaction.Write, String> reasons, Throwable cause) {
        super(message, cause);
        this.reasons = Map.copyOf(reasons);
    }

    /** The reason code of a write, or null when that write did not cause the cancellation. */
    public String reason(Transaction.Write write) {
        return reasons.get(write);
    }

    /** Whether the write's own condition failed. */
    public boolean conditionFailed(Transaction.Write write) {
        return CONDITION_FAILED.equals(reasons.get(write));
    }

    /** Whether any write's condition failed. */
    public boolean anyConditionFailed() {
        return reasons.containsValue(CONDITION_FAILED);
    }

    /** Whether a concurrent transaction on one of the items cancelled it (trying again may succeed). */
    public boolean conflict() {
        return reasons.containsValue(CONFLICT);
    }
}
