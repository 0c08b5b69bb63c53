package io.cmautopilot.api.posts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.Recurrence;

import java.util.Locale;

/** The API's view of a post: times with the offset of the post's zone, per-target status, no internal lease data. */
final class PostJson {
    private PostJson() {
    }

    static ObjectNode of(Post post) {
        ObjectNode n = Json.object().put("id", post.id()).put("brandId", post.brandId())
                .put("status", post.status().name())
                .put("publishAt", ScheduleTime.format(post.publishAt(), post.zone()))
                .put("timezone", post.zone() == null ? "UTC" : post.zone().getId())
                .put("text", post.text()).put("thread", post.thread());
        if (!post.variants().isEmpty()) {
            ObjectNode variants = n.putObject("variants");
            post.variants().forEach((net, text) -> variants.put(net.id(), text));
        }
        ArrayNode media = n.putArray("media");
        post.media().forEach(m -> media.addObject().put("url", m.url()).put("altText", m.altText()));
        if (post.recurrence() != null) {
            Recurrence r = post.recurrence();
            ObjectNode rec = n.putObject("recurrence")
                    .put("frequency", r.frequency().name().toLowerCase(Locale.ROOT)).put("interval", r.interval());
            ArrayNode days = rec.putArray("weekdays");
            r.weekdays().stream().sorted().forEach(d -> days.add(d.name().toLowerCase(Locale.ROOT)));
            if (r.until() != null) {
                rec.put("until", r.until().toString());
            }
            if (r.count() != null) {
                rec.put("count", r.count());
            }
            n.put("seriesId", post.seriesId()).put("occurrence", post.occurrence());
        }
        if (post.firstComment() != null) {
            ObjectNode fc = n.putObject("firstComment").put("text", post.firstComment().text());
            if (!post.firstComment().variants().isEmpty()) {
                ObjectNode v = fc.putObject("variants");
                post.firstComment().variants().forEach((net, text) -> v.put(net.id(), text));
            }
        }
        n.put("createdAt", post.createdAt().toString());
        ArrayNode targets = n.putArray("targets");
        for (PostTarget t : post.targets()) {
            ObjectNode tn = targets.addObject().put("accountId", t.accountId()).put("network", t.network().id())
                    .put("status", t.status().name()).put("attempts", t.attempts());
            if (t.remoteId() != null) {
                tn.put("remoteId", t.remoteId());
            }
            if (t.remoteUrl() != null) {
                tn.put("remoteUrl", t.remoteUrl());
            }
            if (t.lastError() != null) {
                tn.put("lastError", t.lastError());
            }
            if (t.comment() != null) {
                ObjectNode c = tn.putObject("firstComment").put("status", t.comment().status().name())
                        .put("attempts", t.comment().attempts());
                if (t.comment().remoteId() != null) {
                    c.put("remoteId", t.comment().remoteId());
                }
                if (t.comment().error() != null) {
                    c.put("lastError", t.comment().error());
                }
            } else if (post.firstComment() != null && t.status() != io.cmautopilot.core.post.TargetStatus.CANCELLED) {
                tn.putObject("firstComment").put("status", "WAITING_FOR_POST");
            }
        }
        return n;
    }

    /** The stored post as a create body without its time (an edit keeps the time unless it sends one). */
    static ObjectNode createBody(Post post) {
        ObjectNode n = Json.object().put("text", post.text()).put("thread", post.thread());
        if (!post.variants().isEmpty()) {
            ObjectNode variants = n.putObject("variants");
            post.variants().forEach((net, text) -> variants.put(net.id(), text));
        }
        ArrayNode ids = n.putArray("accountIds");
        post.targets().forEach(t -> ids.add(t.accountId()));
        if (!post.media().isEmpty()) {
            ArrayNode media = n.putArray("media");
            post.media().forEach(m -> media.addObject().put("url", m.url()).put("altText", m.altText()));
        }
        if (post.recurrence() != null) {
            Recurrence r = post.recurrence();
            ObjectNode rec = n.putObject("recurrence")
                    .put("frequency", r.frequency().name().toLowerCase(Locale.ROOT)).put("interval", r.interval());
            if (!r.weekdays().isEmpty()) {
                ArrayNode days = rec.putArray("weekdays");
                r.weekdays().stream().sorted().forEach(d -> days.add(d.name().toLowerCase(Locale.ROOT)));
            }
            if (r.until() != null) {
                rec.put("until", r.until().toString());
            }
            if (r.count() != null) {
                rec.put("count", r.count());
            }
        }
        if (post.firstComment() != null) {
            ObjectNode fc = n.putObject("firstComment").put("text", post.firstComment().text());
            if (!post.firstComment().variants().isEmpty()) {
                ObjectNode v = fc.putObject("variants");
                post.firstComment().variants().forEach((net, text) -> v.put(net.id(), text));
            }
        }
        return n;
    }
}
