package io.cmautopilot.intake.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.intake.Nodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Normalises a Meta Webhooks delivery. One POST carries many entries (one per page or Instagram account) and each
 * entry many changes (Meta batches up to 1000 updates); what is not a comment (reactions, posts, messaging, story
 * insights) is acknowledged and ignored.
 * <ul>
 *   <li>{@code object: page}, field {@code feed}, {@code value.item: comment}, {@code verb} add / edited / remove
 *       (developers.facebook.com/docs/graph-api/webhooks/reference/page, "feed");</li>
 *   <li>{@code object: instagram}, field {@code comments} (id, from, text, media, parent_id) and {@code mentions}
 *       (media_id, comment_id only: Meta sends no text with a mention; docs/instagram-platform/webhooks/examples
 *       and .../instagram-api-with-facebook-login/mentions).</li>
 * </ul>
 * Comments written by the page or account itself (our own replies) are passed on: intake recognises them
 * ({@code OwnReplies}), stores none of them and marks the comment they answer answered.
 */
public final class MetaPayloads {
    private MetaPayloads() {
    }

    public static List<Incoming> parse(JsonNode root) {
        String object = Nodes.text(root, "object");
        List<Incoming> out = new ArrayList<>();
        for (JsonNode entry : Nodes.array(root, "entry")) {
            String owner = Nodes.text(entry, "id");
            for (JsonNode change : Nodes.array(entry, "changes")) {
                String field = Nodes.text(change, "field");
                JsonNode value = change.get("value");
                if (value == null || !value.isObject()) {
                    continue;
                }
                Incoming in = switch (Objects.toString(object, "") + "/" + Objects.toString(field, "")) {
                    case "page/feed" -> pageFeed(owner, value);
                    case "instagram/comments" -> instagramComment(owner, entry, value);
                    case "instagram/mentions" -> instagramMention(owner, entry, value);
                    default -> null;
                };
                if (in != null) {
                    out.add(in);
                }
            }
        }
        return out;
    }

    private static Incoming pageFeed(String pageId, JsonNode v) {
        String commentId = Nodes.text(v, "comment_id");
        if (!"comment".equals(Nodes.text(v, "item")) || commentId == null) {
            return null;
        }
        String verb = Objects.toString(Nodes.text(v, "verb"), "");
        if (verb.equals("remove")) {
            return Incoming.removal(Network.FACEBOOK, pageId, commentId);
        }
        String authorId = Nodes.at(v, "/from/id");
        String text = Nodes.text(v, "message");
        if (text == null) {
            return null;
        }
        Incoming.Op op = switch (verb) {
            case "add" -> Incoming.Op.ADD;
            case "edited" -> Incoming.Op.EDIT;
            default -> null;
        };
        if (op == null) {
            return null;
        }
        String postId = Nodes.text(v, "post_id");
        String parentId = Nodes.text(v, "parent_id");
        // A top-level comment's parent is the post itself; anything else answers another comment.
        Comment.Kind kind = parentId == null || parentId.equals(postId) ? Comment.Kind.COMMENT : Comment.Kind.REPLY;
        return new Incoming(op, Network.FACEBOOK, pageId, commentId, parentId == null ? postId : parentId, postId,
                new Comment.Author(authorId, null, Nodes.at(v, "/from/name")), text, null,
                Nodes.epoch(v, "created_time"), "https://www.facebook.com/" + commentId, kind);
    }

    private static Incoming instagramComment(String igUserId, JsonNode entry, JsonNode v) {
        String id = Nodes.text(v, "id");
        String text = Nodes.text(v, "text");
        String authorId = Nodes.at(v, "/from/id");
        if (id == null || text == null) {
            return null;
        }
        String mediaId = Nodes.at(v, "/media/id");
        String parentId = Nodes.text(v, "parent_id");
        return new Incoming(Incoming.Op.ADD, Network.INSTAGRAM, igUserId, id, parentId == null ? mediaId : parentId,
                mediaId, new Comment.Author(authorId, Nodes.at(v, "/from/username"), null), text, null,
                Nodes.epoch(entry, "time"), null, parentId == null ? Comment.Kind.COMMENT : Comment.Kind.REPLY);
    }

    private static Incoming instagramMention(String igUserId, JsonNode entry, JsonNode v) {
        String commentId = Nodes.text(v, "comment_id");
        String mediaId = Nodes.text(v, "media_id");
        // A mention in a caption has no comment id: the media is what mentions us.
        String id = commentId != null ? commentId : mediaId;
        if (id == null) {
            return null;
        }
        return new Incoming(Incoming.Op.ADD, Network.INSTAGRAM, igUserId, id, mediaId, null,
                new Comment.Author(null, null, null), "", null, Nodes.epoch(entry, "time"), null,
                Comment.Kind.MENTION);
    }
}
