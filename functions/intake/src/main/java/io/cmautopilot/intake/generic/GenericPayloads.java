package io.cmautopilot.intake.generic;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.intake.Nodes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * The generic webhook's body (openapi.yaml, GenericComment): {@code {network, externalId, accountExternalId?, author:{id, handle,
 * name}, text, createdAt, inReplyTo?, permalink?}}, plus the optional {@code language} and {@code kind}
 * (comment, reply, mention, quote; default reply when {@code inReplyTo} is given, else comment). The sender is a
 * relay we document, not a platform that retries for days, so a missing or wrong field is a 422 naming it.
 */
public final class GenericPayloads {
    private GenericPayloads() {
    }

    public static List<Incoming> parse(JsonNode root) {
        if (!root.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object", null);
        }
        String networkId = required(root, "network");
        Network network = Network.parse(networkId)
                .orElseThrow(() -> ApiError.invalid("network must be one of " + Network.publicIds(), "network"));
        String externalId = required(root, "externalId");
        String text = Nodes.text(root, "text");
        if (text == null && !(root.get("text") != null && root.get("text").isTextual())) {
            throw ApiError.invalid("text is required", "text");
        }
        JsonNode author = root.get("author");
        if (author != null && !author.isObject()) {
            throw ApiError.invalid("author must be an object {id, handle, name}", "author");
        }
        Instant createdAt = instant(required(root, "createdAt"));
        String inReplyTo = Nodes.text(root, "inReplyTo");
        Comment.Kind kind = inReplyTo == null ? Comment.Kind.COMMENT : Comment.Kind.REPLY;
        String kindText = Nodes.text(root, "kind");
        if (kindText != null) {
            try {
                kind = Comment.Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("kind must be comment, reply, mention or quote", "kind");
            }
        }
        Incoming in = new Incoming(Incoming.Op.ADD, network, Nodes.text(root, "accountExternalId"), externalId,
                inReplyTo, inReplyTo, new Comment.Author(Nodes.text(author, "id"), Nodes.text(author, "handle"),
                Nodes.text(author, "name")), text == null ? "" : text, Nodes.text(root, "language"), createdAt,
                Nodes.text(root, "permalink"), kind);
        String over = in.overLimit();
        if (over != null) {
            throw ApiError.invalid(over + " is longer than allowed or contains control characters (ids "
                    + Incoming.MAX_ID + ", text " + Incoming.MAX_TEXT + ", names " + Incoming.MAX_NAME + ", URLs "
                    + Incoming.MAX_URL + " characters)", over);
        }
        return List.of(in);
    }

    private static String required(JsonNode root, String field) {
        String v = Nodes.text(root, field);
        if (v == null) {
            throw ApiError.invalid(field + " is required", field);
        }
        return v;
    }

    private static Instant instant(String value) {
        try {
            Instant t = Nodes.plausible(OffsetDateTime.parse(value).toInstant());
            if (t == null) {
                throw ApiError.invalid("createdAt must be between 2000-01-01 and 2200-01-01", "createdAt");
            }
            return t;
        } catch (java.time.DateTimeException e) {
            throw ApiError.invalid("createdAt must be an ISO-8601 instant with offset", "createdAt");
        }
    }
}
