package io.cmautopilot.publish.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishResult;

import java.util.Set;

/**
 * The Graph API's error shape, shared by Facebook Pages and Instagram:
 * {@code {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}}. Code 190 (OAuthException: the token
 * expired or was revoked) needs a reconnect; throttling codes 4, 17, 32, 613 and 80001-80014 (application, user,
 * page and business-use-case limits) retry later; 1 and 2 are Meta's transient errors; anything else is a rejection
 * that keeps Meta's message.
 */
public final class Graph {
    private static final Set<Integer> THROTTLED = Set.of(4, 17, 32, 613);

    private Graph() {
    }

    public static PublishResult classify(PlatformHttp http, PlatformHttp.Exchange exchange) {
        if (!(exchange instanceof Answered a)) {
            return http.classify(exchange, x -> "");
        }
        JsonNode error = a.json().path("error");
        int code = error.path("code").asInt(-1);
        String text = "HTTP " + a.status() + ": " + message(a);
        if (code == 190) {
            return new PublishResult.NeedsReconnect(text);
        }
        if (THROTTLED.contains(code) || (code >= 80001 && code <= 80014) || code == 1 || code == 2) {
            return PublishResult.RetryLater.of(http.retryAt(a.headers()).orElse(null), text);
        }
        return http.classifyAnswer(a, message(a));
    }

    /**
     * {@link #classify} for a call that must happen at most once (a comment): throttling codes and 190 mean nothing
     * was created; Meta's transient codes 1 and 2, a 5xx or no answer may hide a success, so they are unconfirmed.
     */
    public static PublishResult classifyOnce(PlatformHttp http, PlatformHttp.Exchange exchange) {
        if (exchange instanceof Answered a) {
            int code = a.json().path("error").path("code").asInt(-1);
            if (code == 190 || THROTTLED.contains(code) || (code >= 80001 && code <= 80014)) {
                return classify(http, exchange);
            }
        }
        return http.classifyOnce(exchange, Graph::message);
    }

    /** A comment under a Graph object (a page post or an Instagram media): {@code POST /{object-id}/comments}. */
    static PublishResult comment(PlatformHttp http, String graphUrl, String objectId, String message, String token) {
        var exchange = http.send(http.request(java.net.URI.create(graphUrl + "/" + PlatformHttp.enc(objectId) + "/comments"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(PlatformHttp.form(java.util.Map.of("message", message))).build());
        if (exchange instanceof Answered a && a.ok()) {
            String id = a.json().path("id").asText();
            return new PublishResult.Published(id, null);
        }
        return classifyOnce(http, exchange);
    }

    static String message(Answered a) {
        JsonNode error = a.json().path("error");
        if (error.isMissingNode()) {
            return a.body();
        }
        String subcode = error.hasNonNull("error_subcode") ? "/" + error.get("error_subcode").asText() : "";
        return error.path("message").asText("") + " (code " + error.path("code").asText("?") + subcode + ")";
    }
}
