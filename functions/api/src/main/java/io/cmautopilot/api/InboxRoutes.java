package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentState;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.comment.Tracking;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.events.CommentStateChanged;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.reply.Reply;
import io.cmautopilot.core.reply.ReplyStore;
import io.cmautopilot.core.reply.ReplyText;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.reply.InboxActions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inbox routes (README.md, "Inbox"; docs/API.md): one comment with its inbox side and replies, a person's change
 * of state, assignee and notes with optimistic concurrency ({@code If-Match} on the comment's {@code version}), and
 * replies, accepted here (202) and published by the publish function like a post target.
 */
public final class InboxRoutes implements ApiRoutes {
    static final int MAX_NOTE = 4000;
    static final int MAX_ASSIGNEE = 200;
    static final int MAX_REPLY_INPUT = 100_000;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([mhd])");
    private static final Set<String> PATCH_FIELDS = Set.of("state", "assignee", "note");
    private static final Set<String> REPLY_FIELDS = Set.of("text", "savedReplyId");
    private final BrandStore brands;
    private final InboxStore inbox;
    private final ReplyStore replies;
    private final Bus bus;
    private final Clock clock;
    private final InboxActions actions;
    private final io.cmautopilot.core.reply.SavedReplyStore saved;
    private final CommentThread thread;

    public InboxRoutes(Services services) {
        this(new BrandStore(services.table()), new InboxStore(services.table()), new ReplyStore(services.table()),
                services.bus(), services.clock(), InboxActions.from(services));
    }

    public InboxRoutes(BrandStore brands, InboxStore inbox, ReplyStore replies, Bus bus, Clock clock) {
        this(brands, inbox, replies, bus, clock, new InboxActions(brands, null, List.of()));
    }

    public InboxRoutes(BrandStore brands, InboxStore inbox, ReplyStore replies, Bus bus, Clock clock,
                       InboxActions actions) {
        this.actions = actions;
        this.saved = new io.cmautopilot.core.reply.SavedReplyStore(inbox.table());
        this.thread = new CommentThread(new io.cmautopilot.core.comment.CommentStore(inbox.table()),
                new io.cmautopilot.core.post.PostStore(inbox.table()));
        this.brands = brands;
        this.inbox = inbox;
        this.replies = replies;
        this.bus = bus;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    @Override
    public void register(Router router) {
        router.on("GET /v1/brands/{brand}/comments/{id}", this::get);
        router.on("PATCH /v1/brands/{brand}/comments/{id}", this::patch);
        router.on("POST /v1/brands/{brand}/comments/{id}/replies", this::reply);
        router.on("DELETE /v1/brands/{brand}/comments/{id}/replies/{replyId}", this::deleteReply);
        router.on("POST /v1/brands/{brand}/comments/{id}/hide", r -> visibility(r, true));
        router.on("POST /v1/brands/{brand}/comments/{id}/unhide", r -> visibility(r, false));
    }

    /**
     * Hides a comment on its network, or shows it again: only where the network allows it (Facebook, Instagram, X
     * hidden replies; 422 naming the network elsewhere), recorded once the network confirmed it.
     */
    private APIGatewayV2HTTPResponse visibility(HttpRequest request, boolean hidden) {
        InboxStore.Tracked t = find(request);
        Comment c = t.comment();
        if (!actions.canHide(c.network())) {
            throw ApiError.invalid(c.network().id() + ": the network offers no way to hide a comment; remove it on "
                    + c.network().id() + " or reply", "id");
        }
        if (c.removed()) {
            throw ApiError.invalid(c.network().id() + ": the comment was removed on the network", "id");
        }
        if (c.accountId() == null) {
            throw ApiError.invalid("this comment did not arrive through a connected account", "id");
        }
        if (c.hidden() == hidden) {
            return withVersion(200, detail(t, replies.of(c.accountId(), t.tracking().replyIds())), t);
        }
        platform(c.network(), actions.hide(c, hidden));
        String by = by(request.header("x-cm-user"));
        InboxStore.Tracked updated = inbox.setHidden(c, hidden, hidden ? new Tracking.HiddenReason(
                by == null ? "person" : "person:" + by, null, null) : null, clock.instant()).orElse(t);
        return withVersion(200, detail(updated, replies.of(c.accountId(), updated.tracking().replyIds())), updated);
    }

    /**
     * Deletes a reply: a queued one is cancelled before it leaves; a published one is deleted on its network, where
     * the network allows it. 409 while it is being sent (its outcome is not known yet).
     */
    private APIGatewayV2HTTPResponse deleteReply(HttpRequest request) {
        InboxStore.Tracked t = find(request);
        Comment c = t.comment();
        String replyId = request.pathParam("replyId");
        Reply r = t.tracking().replyIds().contains(replyId) ? replies.get(replyId, c.accountId()).orElse(null) : null;
        if (r == null) {
            throw ApiError.notFound("no reply '" + (replyId.length() > 60 ? replyId.substring(0, 60) + "…" : replyId)
                    + "' on this comment");
        }
        if (r.deletedAt() != null) {
            return HttpResponses.json(200, reply(r));
        }
        switch (r.status()) {
            case SCHEDULED, RETRY, NEEDS_RECONNECT -> {
                if (replies.cancel(r, clock.instant())) {
                    return HttpResponses.json(200, reply(replies.get(r.id(), r.accountId()).orElse(r)));
                }
                throw ApiError.conflict("the reply is being sent right now; try again in a minute");
            }
            case PUBLISHING -> throw ApiError.conflict("the reply is being sent right now; try again in a minute");
            case PUBLISHED -> {
                platform(r.network(), actions.delete(c, r));
                replies.markDeleted(r, clock.instant());
                return HttpResponses.json(200, reply(replies.get(r.id(), r.accountId()).orElse(r)));
            }
            default -> throw ApiError.conflict("the reply is " + r.status().name().toLowerCase(Locale.ROOT)
                    + ": there is nothing on " + r.network().id() + " to delete");
        }
    }

    /** Maps a platform call's classified outcome to the HTTP answer; returns normally only when it succeeded. */
    private static void platform(Network network, PublishResult result) {
        switch (result) {
            case PublishResult.Published ok -> {
            }
            case PublishResult.Rejected r -> throw ApiError.invalid(network.id() + " refused: " + r.reason(), null);
            case PublishResult.NeedsReconnect n -> throw ApiError.invalid(network.id()
                    + ": the account needs to be reconnected (" + n.reason() + ")", null);
            case PublishResult.RetryLater r -> throw new ApiError(503, "unavailable", network.id()
                    + " is busy or limiting us (" + r.reason() + "); try again"
                    + (r.notBefore() == null ? " later" : " after " + r.notBefore()), null);
            case PublishResult.Unconfirmed u -> throw new ApiError(504, "unconfirmed", network.id()
                    + " did not answer (" + u.reason() + "); check on " + network.id() + " before trying again", null);
        }
    }

    private InboxStore.Tracked find(HttpRequest request) {
        String brandId = request.pathParam("brand");
        if (brands.get(brandId).isEmpty()) {
            throw ApiError.notFound("no brand '" + brandId + "'");
        }
        String id = request.pathParam("id");
        if (id.length() > 100) {
            throw ApiError.notFound("no comment '" + id.substring(0, 40) + "…' in brand '" + brandId + "'");
        }
        return inbox.get(brandId, id)
                .orElseThrow(() -> ApiError.notFound("no comment '" + id + "' in brand '" + brandId + "'"));
    }

    private APIGatewayV2HTTPResponse get(HttpRequest request) {
        InboxStore.Tracked t = find(request);
        ObjectNode body = detail(t, replies.of(t.comment().accountId(), t.tracking().replyIds()));
        body.set("thread", thread.of(t.comment()));
        return withVersion(200, body, t);
    }

    private static APIGatewayV2HTTPResponse withVersion(int status, ObjectNode body, InboxStore.Tracked t) {
        return HttpResponses.response(status, "application/json", Json.write(body),
                Map.of("etag", "\"" + t.tracking().version() + "\""));
    }

    private APIGatewayV2HTTPResponse patch(HttpRequest request) {
        InboxStore.Tracked seen = find(request);
        JsonNode body = request.jsonBody();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!PATCH_FIELDS.contains(name)) {
                throw ApiError.badRequest("unknown field '" + name + "'; a comment takes state, assignee, note", name);
            }
        }
        CommentState state = null;
        if (body.has("state")) {
            JsonNode v = body.get("state");
            if (!v.isTextual()) {
                throw ApiError.badRequest("state must be one of " + CommentState.ids(), "state");
            }
            state = CommentState.parse(v.asText())
                    .orElseThrow(() -> ApiError.badRequest("state must be one of " + CommentState.ids(), "state"));
        }
        boolean assigneeSet = body.has("assignee");
        String assignee = null;
        if (assigneeSet && !body.get("assignee").isNull()) {
            if (!body.get("assignee").isTextual()) {
                throw ApiError.badRequest("assignee must be a user id or e-mail, or null to unassign", "assignee");
            }
            assignee = body.get("assignee").asText().isBlank() ? null : assignee(body.get("assignee").asText(),
                    "assignee");
        }
        String note = null;
        if (body.has("note")) {
            JsonNode v = body.get("note");
            if (!v.isTextual() || v.asText().isBlank()) {
                throw ApiError.badRequest("note must be a non-empty text", "note");
            }
            note = v.asText().strip();
            if (note.codePointCount(0, note.length()) > MAX_NOTE) {
                throw ApiError.invalid("note is longer than " + MAX_NOTE + " characters", "note");
            }
        }
        InboxStore.Change change = new InboxStore.Change(state, assigneeSet, assignee, note,
                by(request.header("x-cm-user")));
        if (change.empty()) {
            throw ApiError.badRequest("nothing to change: send state, assignee or note", null);
        }
        Long expected = ifMatch(request.header("if-match"));
        InboxStore.Tracked updated;
        try {
            updated = inbox.change(seen, change, expected, clock.instant());
        } catch (InboxStore.Stale stale) {
            InboxStore.Tracked current = stale.current() != null ? stale.current()
                    : inbox.get(seen.comment().brandId(), seen.comment().id()).orElse(seen);
            ObjectNode error = Json.object().put("error", "conflict")
                    .put("message", "the comment changed since version " + expected + " was read; it is now at version "
                            + current.tracking().version() + ": read it again and reapply the change")
                    .put("field", "If-Match").put("version", current.tracking().version());
            return HttpResponses.response(409, "application/json", Json.write(error),
                    Map.of("etag", "\"" + current.tracking().version() + "\""));
        }
        if (state != null && state != seen.tracking().state()) {
            stateChanged(updated, seen.tracking().state(), updated.tracking().stateBy());
        }
        return withVersion(200, detail(updated, replies.of(updated.comment().accountId(),
                updated.tracking().replyIds())), updated);
    }

    private void stateChanged(InboxStore.Tracked t, CommentState from, String by) {
        Comment c = t.comment();
        var changed = new CommentStateChanged(c.brandId(), c.id(), c.network(), from, t.tracking().state(), by,
                t.tracking().version());
        try {
            List<DomainEvent> refused = bus.put(List.of(DomainEvent.of(changed)));
            if (!refused.isEmpty()) {
                Log.warn("CommentStateChanged refused by the bus", "commentId", c.id());
            }
        } catch (RuntimeException e) {
            // The change is stored; only its announcement is missing.
            Log.error("CommentStateChanged not delivered", e, "commentId", c.id());
        }
    }

    /** The version named by {@code If-Match}: {@code 3}, {@code "3"} or {@code W/"3"}; null when absent. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("If-Match must be the comment's version, as GET returned it in ETag", "If-Match");
    }

    private static String by(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        return assignee(header, "X-CM-User");
    }

    /** A user id or e-mail: printable, at most 200 characters. */
    static String assignee(String raw, String field) {
        String v = raw.strip();
        if (v.isEmpty() || v.length() > MAX_ASSIGNEE || v.chars().anyMatch(ch -> Character.isISOControl(ch))) {
            throw ApiError.badRequest(field + " must be a user id or e-mail of at most " + MAX_ASSIGNEE
                    + " printable characters", field);
        }
        return v;
    }

    /** {@code 30m}, {@code 4h}, {@code 2d} or an ISO-8601 duration ({@code PT4H}); null when absent. */
    static Duration duration(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        var m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        try {
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (!d.isNegative() && d.compareTo(Duration.ofDays(3650)) <= 0) {
                return d;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // answered below
        }
        throw ApiError.badRequest(field + " must be a duration like 30m, 4h, 2d or PT4H", field);
    }

    private APIGatewayV2HTTPResponse reply(HttpRequest request) {
        InboxStore.Tracked t = find(request);
        Comment c = t.comment();
        JsonNode body = request.jsonBody();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!REPLY_FIELDS.contains(name)) {
                throw ApiError.badRequest("unknown field '" + name + "'; a reply takes text, savedReplyId", name);
            }
        }
        String key = request.header("idempotency-key");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ApiError.badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces",
                    "Idempotency-Key");
        }
        String savedReplyId = null;
        String template = null;
        if (body.has("savedReplyId") && !body.get("savedReplyId").isNull()) {
            if (!body.get("savedReplyId").isTextual() || body.get("savedReplyId").asText().length() > 100) {
                throw ApiError.badRequest("savedReplyId must be the id of a saved reply", "savedReplyId");
            }
            savedReplyId = body.get("savedReplyId").asText();
            String wanted = savedReplyId;
            template = saved.get(c.brandId(), wanted).map(io.cmautopilot.core.reply.SavedReply::text)
                    .orElseThrow(() -> ApiError.invalid("no saved reply '" + wanted + "' in this brand", "savedReplyId"));
        }
        JsonNode textNode = body.get("text");
        if (textNode != null && !textNode.isNull() && (!textNode.isTextual() || textNode.asText().isBlank())) {
            throw ApiError.badRequest("text must be the reply to send", "text");
        }
        if ((textNode == null || textNode.isNull()) && template == null) {
            throw ApiError.badRequest("text is required: the reply to send (or a savedReplyId)", "text");
        }
        // the text sent wins over the saved reply it may have started from; placeholders are filled either way
        String raw = textNode != null && !textNode.isNull() ? textNode.asText() : template;
        if (raw.length() > MAX_REPLY_INPUT) {
            throw ApiError.invalid("text is longer than any network accepts", "text");
        }
        String brandName = brands.get(c.brandId()).map(io.cmautopilot.core.brand.Brand::name).orElse("");
        String text = io.cmautopilot.core.reply.Placeholders.fill(raw, c, brandName);
        if (text.isBlank()) {
            throw ApiError.invalid("the reply is empty once its placeholders are filled", "text");
        }
        if (text.length() > MAX_REPLY_INPUT) {
            throw ApiError.invalid("text is longer than any network accepts", "text");
        }
        if (c.accountId() == null) {
            throw ApiError.invalid("this comment did not arrive through a connected account, so there is no account "
                    + "to reply from", "id");
        }
        if (c.removed()) {
            throw ApiError.invalid(c.network().id() + ": the comment was removed on the network", "id");
        }
        if (c.network() == Network.INSTAGRAM && c.kind() == Comment.Kind.MENTION) {
            throw ApiError.invalid("instagram: a reply to an @mention goes through the mentions endpoint, which this "
                    + "version does not use; reply on Instagram", "id");
        }
        Account account = brands.getAccount(c.brandId(), c.accountId())
                .orElseThrow(() -> ApiError.invalid("the account that received this comment no longer exists", "id"));
        if (account.status() == Account.Status.DISABLED) {
            throw ApiError.invalid("the account that received this comment is disabled", "id");
        }
        String published = ReplyText.compose(c.network(), c.author(), text);
        ReplyText.check(c.network(), c.author(), text, account.settings()).ifPresent(v -> {
            throw ApiError.invalid(v.message() + (published.equals(text) ? ""
                    : " (with the @mention of the author, which " + c.network().id() + " needs)"), "text");
        });
        ReplyStore.Created created;
        try {
            created = replies.create(c, account.id(), text, savedReplyId, key, clock.instant());
        } catch (ReplyStore.KeyReused e) {
            throw ApiError.invalid(e.getMessage(), "Idempotency-Key");
        } catch (ReplyStore.TooManyReplies e) {
            throw ApiError.invalid(e.getMessage(), "id");
        }
        return HttpResponses.response(202, "application/json", Json.write(reply(created.reply())),
                created.replayed() ? Map.of("idempotent-replayed", "true") : Map.of());
    }

    static ObjectNode reply(Reply r) {
        ObjectNode n = Json.object().put("id", r.id()).put("commentId", r.commentId()).put("accountId", r.accountId())
                .put("network", r.network().id()).put("text", r.text())
                .put("status", r.deletedAt() != null ? "DELETED" : r.status().name()).put("attempts", r.attempts())
                .put("remoteId", r.remoteId()).put("remoteUrl", r.remoteUrl()).put("error", r.lastError())
                .put("createdAt", str(r.createdAt())).put("updatedAt", str(r.updatedAt()));
        if (r.savedReplyId() != null) {
            n.put("savedReplyId", r.savedReplyId());
        }
        if (r.deletedAt() != null) {
            n.put("deletedAt", r.deletedAt().toString());
        }
        return n;
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    /** A comment in a listing: what it is, and where it stands in the inbox. */
    static ObjectNode summary(InboxStore.Tracked t) {
        Comment c = t.comment();
        Tracking k = t.tracking();
        ObjectNode n = CommentRoutes.item(c);
        n.put("receivedAt", c.receivedAt().toString());
        n.put("state", k.state().id()).put("assignee", k.assignee()).put("version", k.version());
        n.put("editedAt", str(k.editedAt()));
        n.put("firstReplyAt", str(k.firstReplyAt()));
        return n;
    }

    /** One comment with its whole inbox side and its replies. */
    static ObjectNode detail(InboxStore.Tracked t, List<Reply> replies) {
        ObjectNode n = summary(t);
        Tracking k = t.tracking();
        Comment c = t.comment();
        n.put("accountId", c.accountId()).put("kind", c.kind().name().toLowerCase(Locale.ROOT))
                .put("stateBy", k.stateBy()).put("stateAt", str(k.stateAt()));
        n.put("hiddenAt", str(k.hiddenAt())).put("removedAt", str(k.removedAt()));
        n.set("hiddenReason", k.hiddenReason() == null ? null : Json.MAPPER.valueToTree(k.hiddenReason()));
        ArrayNode notes = n.putArray("notes");
        k.notes().forEach(note -> notes.addObject().put("at", str(note.at())).put("by", note.by())
                .put("text", note.text()));
        ArrayNode out = n.putArray("replies");
        replies.forEach(r -> out.add(reply(r)));
        return n;
    }
}
