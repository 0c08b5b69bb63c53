package io.cmautopilot.core.mail;

/** The mail port: SES v2 in AWS, the outbox folder under the local runtime. */
public interface Mailer {
    /** Sends one e-mail and returns the message id the service gave it; throws {@link MailException} on failure. */
    String send(Email email);

    final class MailException extends RuntimeException {
        public MailException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
