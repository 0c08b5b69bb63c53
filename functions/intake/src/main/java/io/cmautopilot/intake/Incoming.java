package io.cmautopilot.intake;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;

import java.time.Instant;
import java.util.Objects;

/**
 * One change a platform told us about, already normalised but not yet routed to a brand: a new comment, an edit or a
 * removal, on the account the platform names by its own id ({@code accountExternalId}: page id, Instagram user id, X
 * user id, LinkedIn organisation URN). {@code parentExternalId} is what the comment answers (a post or another
 * comment); {@code postExternalId} the post its thread hangs on, which links it to our post when we published it.
 */
public record Incoming(Op op, Network network, String accountExternalId, String externalId, String parentExternalId,
                       String postExternalId, Comment.Author author, String text, String language, Instant createdAt, String permalink,
                       Comment.Kind kind) {

    public enum Op { ADD, EDIT, REMOVE }

    public Incoming {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(externalId, "externalId");
        if (op != Op.REMOVE) {
            Objects.requireNonNull(text, "text");
        }
    }

    public static Incoming removal(Network network, String accountExternalId, String externalId) {
        return new Incoming(Op.REMOVE, network, accountExternalId, externalId, null, null, null, null, null, null,
                null, null);
    }
}
