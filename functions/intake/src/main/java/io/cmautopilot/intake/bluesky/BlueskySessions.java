package io.cmautopilot.intake.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.intake.Nodes;
import io.cmautopilot.intake.poll.PollFailed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bluesky sessions, one per account, kept for the life of the function instance. {@code createSession} is limited
 * to 30 per 5 minutes and 300 per day per account (docs/PLATFORMS.md; Postiz avoids it for that reason), so a poll every
 * 2 minutes must not log in each time: it reuses the access token, trades the refresh token for a new pair with
 * {@code com.atproto.server.refreshSession} when the access token expired, and logs in again only when that fails.
 */
public final class BlueskySessions {
    /** The tokens of one login; never logged. */
    public record Session(String accessJwt, String refreshJwt, String did) {
    }

    private final HttpClient http;
    private final Secrets secrets;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> logins = new ConcurrentHashMap<>();

    public BlueskySessions(HttpClient http, Secrets secrets) {
        this.http = http;
        this.secrets = secrets;
    }

    /** The cached session, or a new login. */
    public Session current(Account account) {
        Session s = sessions.get(account.id());
        return s != null ? s : login(account);
    }

    /** After an expired access token: refresh, or log in again when the refresh token is refused too. */
    public Session renew(Account account, Session expired) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base(account)
                        + "/xrpc/com.atproto.server.refreshSession")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + expired.refreshJwt())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (r.statusCode() == 200) {
            Session s = parse(r.body());
            sessions.put(account.id(), s);
            return s;
        }
        sessions.remove(account.id());
        return login(account);
    }

    /** How many times this instance logged in for an account (operators, tests). */
    public int logins(Account account) {
        return logins.getOrDefault(account.id(), 0);
    }

    private Session login(Account account) {
        Map<String, String> credentials = secrets.getMap(account.secretRef());
        String identifier = credentials.get("identifier");
        String password = credentials.get("appPassword");
        if (identifier == null || password == null) {
            throw new PollFailed("bluesky account " + account.id() + " needs identifier and appPassword");
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base(account)
                        + "/xrpc/com.atproto.server.createSession")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("identifier", identifier,
                        "password", password)))).build());
        logins.merge(account.id(), 1, Integer::sum);
        if (r.statusCode() != 200) {
            throw new PollFailed("bluesky createSession answered " + r.statusCode());
        }
        Session s = parse(r.body());
        sessions.put(account.id(), s);
        return s;
    }

    private static Session parse(String body) {
        JsonNode n = Json.tree(body);
        String access = Nodes.text(n, "accessJwt");
        String refresh = Nodes.text(n, "refreshJwt");
        if (access == null || refresh == null) {
            throw new PollFailed("bluesky session answer without tokens");
        }
        return new Session(access, refresh, Nodes.text(n, "did"));
    }

    static String base(Account account) {
        return Nodes.trimSlash(account.baseUrl() == null ? "https://bsky.social" : account.baseUrl());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PollFailed("bluesky unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailed("interrupted", e);
        }
    }
}
