package io.cmautopilot.intake.x;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.intake.Nodes;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Normalises an X Account Activity delivery (docs.x.com/x-api/account-activity): {@code for_user_id} is the
 * subscribed account, {@code tweet_create_events} the posts that concern it and {@code tweet_delete_events} the
 * deletions. A post becomes a REPLY when it answers the account, a QUOTE when it quotes one of its posts, a MENTION
 * when it names it; the account's own replies to others are passed on for intake to recognise as ours
 * ({@code OwnReplies}: not stored, the comment they answer becomes answered); its other posts and plain reposts are
 * skipped, as are the other event types (likes, follows, direct messages).
 */
public final class XPayloads {
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);

    private XPayloads() {
    }

    public static List<Incoming> parse(JsonNode root) {
        String forUser = Nodes.text(root, "for_user_id");
        List<Incoming> out = new ArrayList<>();
        for (JsonNode tweet : Nodes.array(root, "tweet_create_events")) {
            Incoming in = tweet(forUser, tweet);
            if (in != null) {
                out.add(in);
            }
        }
        for (JsonNode deletion : Nodes.array(root, "tweet_delete_events")) {
            String id = Nodes.at(deletion, "/status/id");
            if (id != null) {
                out.add(Incoming.removal(Network.X, forUser, id));
            }
        }
        return out;
    }

    private static Incoming tweet(String forUser, JsonNode t) {
        String id = Nodes.text(t, "id_str");
        String authorId = Nodes.at(t, "/user/id_str");
        if (id == null || forUser == null || t.hasNonNull("retweeted_status")) {
            return null;
        }
        Comment.Kind kind;
        String parent;
        if (forUser.equals(authorId)) {
            // the account's own post: only a reply matters (intake's OwnReplies marks what it answers answered)
            parent = Nodes.text(t, "in_reply_to_status_id_str");
            if (parent == null || forUser.equals(Nodes.text(t, "in_reply_to_user_id_str"))) {
                return null;
            }
            kind = Comment.Kind.REPLY;
        } else if (forUser.equals(Nodes.text(t, "in_reply_to_user_id_str"))) {
            kind = Comment.Kind.REPLY;
            parent = Nodes.text(t, "in_reply_to_status_id_str");
        } else if (forUser.equals(Nodes.at(t, "/quoted_status/user/id_str"))) {
            kind = Comment.Kind.QUOTE;
            parent = Nodes.text(t, "quoted_status_id_str");
        } else if (mentions(t, forUser)) {
            kind = Comment.Kind.MENTION;
            parent = Nodes.text(t, "in_reply_to_status_id_str");
        } else {
            return null;
        }
        // Posts over 140 characters carry their full text in extended_tweet (compatibility mode).
        String text = Objects.requireNonNullElse(Nodes.at(t, "/extended_tweet/full_text"),
                Objects.requireNonNullElse(Nodes.text(t, "full_text"), Objects.toString(Nodes.text(t, "text"), "")));
        String lang = Nodes.text(t, "lang");
        String handle = Nodes.at(t, "/user/screen_name");
        return new Incoming(Incoming.Op.ADD, Network.X, forUser, id, parent, parent,
                new Comment.Author(authorId, handle, Nodes.at(t, "/user/name")), text,
                lang == null || lang.equals("und") ? null : lang, createdAt(t),
                "https://x.com/" + (handle == null ? "i/web" : handle) + "/status/" + id, kind);
    }

    private static boolean mentions(JsonNode t, String userId) {
        for (JsonNode m : Nodes.array(t.path("entities"), "user_mentions")) {
            if (userId.equals(Nodes.text(m, "id_str"))) {
                return true;
            }
        }
        for (JsonNode m : Nodes.array(t.path("extended_tweet").path("entities"), "user_mentions")) {
            if (userId.equals(Nodes.text(m, "id_str"))) {
                return true;
            }
        }
        return false;
    }

    private static Instant createdAt(JsonNode t) {
        Instant ms = Nodes.epoch(t, "timestamp_ms");
        if (ms != null) {
            return ms;
        }
        String c = Nodes.text(t, "created_at");
        try {
            return c == null ? null : ZonedDateTime.parse(c, CREATED_AT).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
