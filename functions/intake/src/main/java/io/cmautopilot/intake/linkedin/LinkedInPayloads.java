package io.cmautopilot.intake.linkedin;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.intake.Nodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Normalises a LinkedIn Organization Social Action Notifications delivery
 * (learn.microsoft.com/linkedin/marketing/community-management/organizations/organization-social-action-notifications):
 * {@code {type: ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS, notifications: [...]}}, up to 10 per POST. COMMENT,
 * COMMENT_EDIT and COMMENT_DELETE act on the comment named by its URN (the natural key: LinkedIn re-delivers every
 * 5 minutes for 8 hours); SHARE_MENTION is a post naming the organisation. ADMIN_COMMENT is the page answering as
 * itself, and likes and shares carry no text: all are skipped.
 */
public final class LinkedInPayloads {
    private LinkedInPayloads() {
    }

    public static List<Incoming> parse(JsonNode root) {
        List<Incoming> out = new ArrayList<>();
        for (JsonNode n : Nodes.array(root, "notifications")) {
            Incoming in = notification(n);
            if (in != null) {
                out.add(in);
            }
        }
        return out;
    }

    private static Incoming notification(JsonNode n) {
        String action = Objects.toString(Nodes.text(n, "action"), "");
        String org = Nodes.text(n, "organizationalEntity");
        String post = Objects.requireNonNullElse(Nodes.at(n, "/decoratedSourcePost/entity"),
                Objects.toString(Nodes.text(n, "sourcePost"), ""));
        String sourcePost = Nodes.text(n, "sourcePost");
        String permalink = sourcePost == null ? null : "https://www.linkedin.com/feed/update/" + sourcePost;
        JsonNode comment = n.path("decoratedGeneratedActivity").path("comment");
        String commentId = Objects.requireNonNullElse(Nodes.text(comment, "entity"),
                Objects.toString(Nodes.text(n, "generatedActivity"), ""));
        switch (action) {
            case "COMMENT", "COMMENT_EDIT" -> {
                String text = commentText(comment);
                if (commentId.isEmpty() || text == null) {
                    return null;
                }
                return new Incoming(action.equals("COMMENT") ? Incoming.Op.ADD : Incoming.Op.EDIT, Network.LINKEDIN,
                        org, commentId, emptyToNull(post), emptyToNull(post),
                        new Comment.Author(Nodes.text(comment, "owner"), null, null), text, null,
                        Nodes.epoch(n, "lastModifiedAt"), permalink, Comment.Kind.COMMENT);
            }
            case "COMMENT_DELETE" -> {
                return commentId.isEmpty() ? null : Incoming.removal(Network.LINKEDIN, org, commentId);
            }
            case "SHARE_MENTION" -> {
                JsonNode share = n.path("decoratedGeneratedActivity").path("share");
                String id = Objects.requireNonNullElse(Nodes.text(share, "entity"),
                        Objects.toString(Nodes.text(n, "generatedActivity"), ""));
                String text = Nodes.text(share, "text");
                if (id.isEmpty() || text == null) {
                    return null;
                }
                return new Incoming(Incoming.Op.ADD, Network.LINKEDIN, org, id, null, null,
                        new Comment.Author(Nodes.text(share, "owner"), null, null), text, null,
                        Nodes.epoch(n, "lastModifiedAt"), "https://www.linkedin.com/feed/update/" + id,
                        Comment.Kind.MENTION);
            }
            default -> {
                return null;
            }
        }
    }

    /** The text is {@code comment.text} in LinkedIn's examples and {@code comment.message.text} in newer versions. */
    private static String commentText(JsonNode comment) {
        String t = Nodes.text(comment, "text");
        return t != null ? t : Nodes.at(comment, "/message/text");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
