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

    /** Longest id we store (platform ids are under 100 characters; LinkedIn comment URNs the longest). */
    public static final int MAX_ID = 512;
    /** Longest comment text stored: above every platform's limit, and 4 bytes a character still fit an item. */
    public static final int MAX_TEXT = 50_000;
    public static final int MAX_NAME = 512;
    public static final int MAX_URL = 2048;
    public static final int MAX_LANGUAGE = 35;

    /**
     * The first field beyond its bound (docs/SECURITY.md, "Input limits"), or null when every field fits. Ids must
     * also be free of control characters.
     */
    public String overLimit() {
        if (tooLong(externalId, MAX_ID, true)) {
            return "externalId";
        }
        if (tooLong(accountExternalId, MAX_ID, true)) {
            return "accountExternalId";
        }
        if (tooLong(parentExternalId, MAX_ID, true) || tooLong(postExternalId, MAX_ID, true)) {
            return "inReplyTo";
        }
        if (tooLong(text, MAX_TEXT, false)) {
            return "text";
        }
        if (author != null && (tooLong(author.id(), MAX_ID, true) || tooLong(author.handle(), MAX_NAME, false)
                || tooLong(author.name(), MAX_NAME, false))) {
            return "author";
        }
        if (tooLong(language, MAX_LANGUAGE, true)) {
            return "language";
        }
        if (tooLong(permalink, MAX_URL, true)) {
            return "permalink";
        }
        return null;
    }

    private static boolean tooLong(String value, int max, boolean noControl) {
        if (value == null) {
            return false;
        }
        if (value.length() > max) {
            return true;
        }
        if (noControl) {
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    public static Incoming removal(Network network, String accountExternalId, String externalId) {
        return builder(Op.REMOVE, network).accountExternalId(accountExternalId).externalId(externalId).build();
    }

    /** A builder for a change of the given kind on a network; {@link Builder#build()} checks it. */
    public static Builder builder(Op op, Network network) {
        return new Builder(op, network);
    }

    /**
     * Makes an {@link Incoming} by field name. {@link Builder#build()} checks it: an op, a network and the external
     * id always; the text of an addition or an edit; nothing but ids on a removal. Bounds are {@link #overLimit()}'s,
     * checked where the edge can answer with the field at fault.
     */
    public static final class Builder {
        private final Op op;
        private final Network network;
        private String accountExternalId;
        private String externalId;
        private String parentExternalId;
        private String postExternalId;
        private Comment.Author author;
        private String text;
        private String language;
        private Instant createdAt;
        private String permalink;
        private Comment.Kind kind;

        private Builder(Op op, Network network) {
            this.op = op;
            this.network = network;
        }

        /** The account as the platform names it (page id, Instagram user id, X user id, LinkedIn organisation). */
        public Builder accountExternalId(String accountExternalId) {
            this.accountExternalId = accountExternalId;
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        /** What the comment answers: a post or another comment. */
        public Builder parentExternalId(String parentExternalId) {
            this.parentExternalId = parentExternalId;
            return this;
        }

        /** The post the thread hangs on. */
        public Builder postExternalId(String postExternalId) {
            this.postExternalId = postExternalId;
            return this;
        }

        public Builder author(Comment.Author author) {
            this.author = author;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder language(String language) {
            this.language = language;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder permalink(String permalink) {
            this.permalink = permalink;
            return this;
        }

        public Builder kind(Comment.Kind kind) {
            this.kind = kind;
            return this;
        }

        /** The change; {@link IllegalStateException} naming what is missing or does not belong. */
        public Incoming build() {
            if (op == null || network == null || externalId == null) {
                throw new IllegalStateException("an incoming change needs an op, a network and an externalId (got "
                        + op + ", " + network + ", " + externalId + ")");
            }
            if (op == Op.REMOVE) {
                if (text != null || author != null || parentExternalId != null || postExternalId != null) {
                    throw new IllegalStateException("the removal of " + externalId
                            + " carries only ids: no text, author or parent");
                }
            } else if (text == null) {
                throw new IllegalStateException("the " + op.name().toLowerCase(java.util.Locale.ROOT) + " of "
                        + externalId + " needs a text (empty when the platform sends none)");
            }
            return new Incoming(op, network, accountExternalId, externalId, parentExternalId, postExternalId, author,
                    text, language, createdAt, permalink, kind);
        }
    }
}
