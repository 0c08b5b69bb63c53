package io.cmautopilot.scoring;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.events.CommentReceived;
import io.cmautopilot.core.events.Envelope;

/**
 * One SQS message: the EventBridge envelope of a {@code CommentReceived} event, as the bus rule delivered it to the
 * scoring queue ({@code detail}: schemaVersion, brandId, commentId, network, externalId, accountId, version).
 */
public record ScoreRequest(String messageId, String brandId, String commentId, Network network, String externalId,
                           int version) {

    /**
     * Parses a message body into its {@link CommentReceived} record; {@link IllegalArgumentException} (with the
     * reason) when it is not a CommentReceived envelope, misses a field the record needs, or has a schema version
     * this code does not know ({@code core.events.UnsupportedSchemaVersion}).
     */
    public static ScoreRequest parse(String messageId, String body) {
        CommentReceived d = Envelope.parse(body).event(CommentReceived.class);
        // The comment is addressed by (brandId, commentId), its key inside the brand (docs/DATA-MODEL.md).
        return new ScoreRequest(messageId, d.brandId(), d.commentId(), d.network(), d.externalId(),
                Math.max(d.version(), 1));
    }
}
