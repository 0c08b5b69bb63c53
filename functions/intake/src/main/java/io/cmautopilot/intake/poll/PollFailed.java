package io.cmautopilot.intake.poll;

/** A poll that could not finish (network error, refused credentials, unexpected answer); its cursor stays put. */
public final class PollFailed extends RuntimeException {
    public PollFailed(String message) {
        super(message);
    }

    public PollFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
