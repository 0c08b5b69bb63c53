package io.cmautopilot.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;

/**
 * One SQS message: the EventBridge envelope of a {@code CommentReceived} event, as the bus rule delivered it to the
 * scoring queue ({@code detail}: schemaVersion, brandId, commentId, network, externalId, accountId, version).
 */
public record ScoreRequest(String messageId, String brandId, String commentId, Network network, String externalId,
                           int version) {

    /** Parses a message body; {@link IllegalArgumentException} when it is not a CommentReceived envelope. */
    public static ScoreRequest parse(String messageId, String body) {
        JsonNode envelope;
        try {
            envelope = Json.tree(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("body is not JSON");
        }
        if (!"CommentReceived".equals(envelope.path("detail-type").asText())) {
            throw new IllegalArgumentException("not a CommentReceived event: " + envelope.path("detail-type").asText());
        }
        JsonNode d = envelope.path("detail");
        String network = d.path("network").asText(null);
        String externalId = d.path("externalId").asText(null);
        String brandId = d.path("brandId").asText(null);
        String commentId = d.path("commentId").asText(null);
        // The comment is addressed by (brandId, commentId), its key inside the brand (docs/DATA-MODEL.md).
        if (network == null || externalId == null || brandId == null || commentId == null) {
            throw new IllegalArgumentException("detail needs brandId, commentId, network and externalId");
        }
        return new ScoreRequest(messageId, brandId, commentId, Network.of(network), externalId,
                d.path("version").asInt(1));
    }
}
