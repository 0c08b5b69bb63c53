package io.cmautopilot.core.store;

/** A conditional write found the item in another state: the caller decides whether that is a 409 or a no-op. */
public class Conflict extends RuntimeException {
    public Conflict(String message) {
        super(message);
    }
}
