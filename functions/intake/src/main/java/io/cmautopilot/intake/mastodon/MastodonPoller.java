package io.cmautopilot.intake.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.intake.CommentIntake;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.intake.Nodes;
import io.cmautopilot.intake.poll.PollCursorStore;
import io.cmautopilot.intake.poll.PollFailed;
import io.cmautopilot.intake.poll.Poller;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Mastodon account's mentions ({@code GET /api/v1/notifications?types[]=mention}, docs.joinmastodon.org
 * methods/notifications): a reply to one of our statuses mentions us, so it arrives here too. With a cursor the poll
 * asks for {@code min_id=<cursor>}, the page immediately newer than what was read, and walks towards the present by
 * the {@code Link: rel="prev"} header, storing each page and only then moving the cursor to its newest id. The first
 * poll of an account reads only the newest page: the suite listens from the moment an account is connected, it does
 * not import history.
 */
public final class MastodonPoller implements Poller {
    static final int PAGE = 40;
    static final int MAX_PAGES = 50;
    private static final Pattern PREV = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"prev\"");
    private final HttpClient http;
    private final Secrets secrets;
    private final PollCursorStore cursors;
    private final CommentIntake intake;

    public MastodonPoller(HttpClient http, Secrets secrets, PollCursorStore cursors, CommentIntake intake) {
        this.http = http;
        this.secrets = secrets;
        this.cursors = cursors;
        this.intake = intake;
    }

    @Override
    public Network network() {
        return Network.MASTODON;
    }

    @Override
    public CommentIntake.Result poll(Account account) {
        String base = Nodes.trimSlash(Objects.requireNonNull(account.baseUrl(), "mastodon account needs its instance URL"));
        String token = secrets.getMap(account.secretRef()).get("accessToken");
        if (token == null) {
            throw new PollFailed("mastodon account " + account.id() + " has no accessToken");
        }
        Optional<String> cursor = cursors.get(account);
        String url = base + "/api/v1/notifications?types%5B%5D=mention&limit=" + PAGE
                + cursor.map(c -> "&min_id=" + c).orElse("");
        CommentIntake.Result total = CommentIntake.Result.NONE;
        for (int page = 0; page < MAX_PAGES && url != null; page++) {
            HttpResponse<String> response = get(url, token);
            JsonNode items = Json.tree(response.body());
            if (!items.isArray()) {
                throw new PollFailed("mastodon answered something else than a list of notifications");
            }
            if (items.isEmpty()) {
                break;
            }
            List<Incoming> incoming = new ArrayList<>();
            String newest = null;
            for (JsonNode n : items) {
                String id = Nodes.text(n, "id");
                if (id != null && (newest == null || newer(id, newest))) {
                    newest = id;
                }
                Incoming in = incoming(account, n);
                if (in != null) {
                    incoming.add(in);
                }
            }
            total = total.plus(intake.accept(account, incoming));
            if (newest != null) {
                cursors.put(account, newest);
            }
            if (cursor.isEmpty()) {
                break;
            }
            url = prev(response, base);
        }
        return total;
    }

    private HttpResponse<String> get(String url, String token) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new PollFailed("mastodon notifications answered " + r.statusCode());
            }
            return r;
        } catch (IOException e) {
            throw new PollFailed("mastodon notifications unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailed("interrupted", e);
        }
    }

    /** The next newer page, only on the same instance: a Link header must not send our token elsewhere. */
    private static String prev(HttpResponse<String> response, String base) {
        for (String link : response.headers().allValues("link")) {
            Matcher m = PREV.matcher(link);
            if (m.find() && m.group(1).startsWith(base + "/")) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Mastodon ids are numeric strings that sort by time; compare them as numbers of any length. */
    static boolean newer(String a, String b) {
        return a.length() != b.length() ? a.length() > b.length() : a.compareTo(b) > 0;
    }

    static Incoming incoming(Account account, JsonNode n) {
        JsonNode status = n.get("status");
        if (!"mention".equals(Nodes.text(n, "type")) || status == null || !status.isObject()) {
            return null;
        }
        String id = Nodes.text(status, "id");
        JsonNode author = status.has("account") ? status.get("account") : n.get("account");
        if (id == null || Objects.equals(Nodes.text(author, "id"), account.externalId())) {
            return null;
        }
        String inReplyTo = Nodes.text(status, "in_reply_to_id");
        boolean replyToUs = account.externalId() != null
                && account.externalId().equals(Nodes.text(status, "in_reply_to_account_id"));
        return Incoming.builder(Incoming.Op.ADD, Network.MASTODON).accountExternalId(account.externalId())
                .externalId(id).parentExternalId(inReplyTo).postExternalId(inReplyTo)
                .author(new Comment.Author(Nodes.text(author, "id"), Nodes.text(author, "acct"),
                        Nodes.text(author, "display_name")))
                .text(Html.text(Nodes.text(status, "content"))).language(Nodes.text(status, "language"))
                .createdAt(Nodes.iso(Nodes.text(status, "created_at"))).permalink(Nodes.text(status, "url"))
                .kind(replyToUs ? Comment.Kind.REPLY : Comment.Kind.MENTION).build();
    }

}
