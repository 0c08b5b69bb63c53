package io.cmautopilot.intake.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.intake.CommentIntake;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.intake.Nodes;
import io.cmautopilot.intake.poll.PollCursorStore;
import io.cmautopilot.intake.poll.PollFailed;
import io.cmautopilot.intake.poll.Poller;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Bluesky account's replies, mentions and quotes ({@code app.bsky.notification.listNotifications}, newest
 * first, {@code cursor} paging towards the past). The API cursor walks backwards, so the stored cursor is instead
 * the {@code indexedAt} of the newest notification stored: a poll pages back until it meets it, storing each page,
 * and moves it forward only once everything newer is stored. A poll that fails midway keeps the old one and the
 * next poll reads the same span again (idempotent stores).
 * <p>
 * The first poll of an account reads its backlog in full within {@link #BACKLOG_WINDOW} (the last 7 days of replies,
 * mentions and quotes), paging back until the notifications are older than the window or the list ends, up to
 * {@link #FIRST_POLL_MAX_PAGES} pages (5,000 notifications; Bluesky allows 3,000 requests per 5 minutes per IP). An
 * account with more than that in a week has its oldest ones skipped, with a warning; every later poll then reads
 * everything since the newest one stored (up to {@link #MAX_PAGES} pages a poll, the watermark kept otherwise).
 */
public final class BlueskyPoller implements Poller {
    static final int PAGE = 50;
    static final int MAX_PAGES = 40;
    /** How far back the first poll of an account reads. */
    public static final Duration BACKLOG_WINDOW = Duration.ofDays(7);
    static final int FIRST_POLL_MAX_PAGES = 100;
    private static final Set<String> REASONS = Set.of("reply", "mention", "quote");
    private final BlueskySessions sessions;
    private final PollCursorStore cursors;
    private final CommentIntake intake;
    private final java.time.Clock clock;

    public BlueskyPoller(BlueskySessions sessions, PollCursorStore cursors, CommentIntake intake) {
        this(sessions, cursors, intake, java.time.Clock.systemUTC());
    }

    public BlueskyPoller(BlueskySessions sessions, PollCursorStore cursors, CommentIntake intake, java.time.Clock clock) {
        this.sessions = sessions;
        this.cursors = cursors;
        this.intake = intake;
        this.clock = clock;
    }

    @Override
    public Network network() {
        return Network.BLUESKY;
    }

    @Override
    public CommentIntake.Result poll(Account account) {
        Optional<Instant> stored = cursors.get(account).map(Instant::parse);
        boolean first = stored.isEmpty();
        // The first poll reads back to the start of the window as if it were the watermark.
        Optional<Instant> watermark = first ? Optional.of(clock.instant().minus(BACKLOG_WINDOW)) : stored;
        int maxPages = first ? FIRST_POLL_MAX_PAGES : MAX_PAGES;
        CommentIntake.Result total = CommentIntake.Result.NONE;
        Instant newest = stored.orElse(null);
        String apiCursor = null;
        boolean complete = false;
        for (int page = 0; page < maxPages && !complete; page++) {
            JsonNode body = list(account, apiCursor);
            List<Incoming> incoming = new ArrayList<>();
            boolean reachedWatermark = false;
            for (JsonNode n : Nodes.array(body, "notifications")) {
                Instant indexed = Nodes.iso(Nodes.text(n, "indexedAt"));
                if (indexed == null) {
                    continue;
                }
                // Equal times are read again (several notifications can share a millisecond); storing is idempotent.
                if (watermark.isPresent() && indexed.isBefore(watermark.get())) {
                    reachedWatermark = true;
                    continue;
                }
                if (newest == null || indexed.isAfter(newest)) {
                    newest = indexed;
                }
                Incoming in = incoming(account, n);
                if (in != null) {
                    incoming.add(in);
                }
            }
            total = total.plus(intake.accept(account, incoming));
            apiCursor = Nodes.text(body, "cursor");
            complete = reachedWatermark || apiCursor == null;
        }
        if (!complete && first) {
            Log.warn("bluesky backlog of the first poll is larger than " + FIRST_POLL_MAX_PAGES * PAGE
                    + " notifications in " + BACKLOG_WINDOW.toDays() + " days; the oldest are skipped",
                    "accountId", account.id());
            complete = true;
        }
        if (!complete) {
            // More than MAX_PAGES pages since the last poll: what was read is stored, but moving the watermark now
            // would skip the unread span between it and the old one. It stays; an operator sees the warning.
            Log.warn("bluesky backlog larger than one poll reads; watermark kept", "accountId", account.id());
            return total;
        }
        if (newest != null && (watermark.isEmpty() || newest.isAfter(watermark.get()))) {
            cursors.put(account, newest.toString());
        }
        return total;
    }

    private JsonNode list(Account account, String cursor) {
        String url = BlueskySessions.base(account) + "/xrpc/app.bsky.notification.listNotifications?limit=" + PAGE
                + "&reasons=reply&reasons=mention&reasons=quote"
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        BlueskySessions.Session session = sessions.current(account);
        HttpResponse<String> r = get(url, session);
        if (expired(r)) {
            r = get(url, sessions.renew(account, session));
        }
        if (r.statusCode() != 200) {
            throw new PollFailed("bluesky listNotifications answered " + r.statusCode());
        }
        return Json.tree(r.body());
    }

    /** The PDS answers 400 {@code ExpiredToken} (or 401) when the access token is too old. */
    private static boolean expired(HttpResponse<String> r) {
        if (r.statusCode() == 401) {
            return true;
        }
        return r.statusCode() == 400 && r.body() != null
                && (r.body().contains("ExpiredToken") || r.body().contains("InvalidToken"));
    }

    private HttpResponse<String> get(String url, BlueskySessions.Session session) {
        return sessions.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + session.accessJwt()).header("Accept", "application/json")
                .GET().build());
    }

    static Incoming incoming(Account account, JsonNode n) {
        String reason = Nodes.text(n, "reason");
        String uri = Nodes.text(n, "uri");
        JsonNode record = n.get("record");
        if (!REASONS.contains(reason) || uri == null || record == null) {
            return null;
        }
        JsonNode author = n.get("author");
        String did = Nodes.text(author, "did");
        if (did != null && did.equals(account.externalId())) {
            return null;
        }
        String parent = Nodes.at(record, "/reply/parent/uri");
        String post = switch (reason) {
            case "quote" -> Optional.ofNullable(Nodes.at(record, "/embed/record/uri"))
                    .orElse(Nodes.at(record, "/embed/record/record/uri"));
            default -> parent;
        };
        Comment.Kind kind = switch (reason) {
            case "reply" -> Comment.Kind.REPLY;
            case "quote" -> Comment.Kind.QUOTE;
            default -> Comment.Kind.MENTION;
        };
        JsonNode langs = record.get("langs");
        String language = langs != null && langs.isArray() && !langs.isEmpty() ? langs.get(0).asText() : null;
        String handle = Nodes.text(author, "handle");
        String rkey = uri.substring(uri.lastIndexOf('/') + 1);
        return Incoming.builder(Incoming.Op.ADD, Network.BLUESKY).accountExternalId(account.externalId())
                .externalId(uri).parentExternalId(parent == null ? post : parent).postExternalId(post)
                .author(new Comment.Author(did, handle, Nodes.text(author, "displayName")))
                .text(java.util.Objects.toString(Nodes.text(record, "text"), "")).language(language)
                .createdAt(Nodes.iso(Nodes.text(record, "createdAt")))
                .permalink("https://bsky.app/profile/" + (handle != null ? handle : did) + "/post/" + rkey).kind(kind)
                .build();
    }
}
