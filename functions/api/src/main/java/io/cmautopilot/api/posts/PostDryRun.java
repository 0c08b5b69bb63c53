package io.cmautopilot.api.posts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.TextRules;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/brands/{brand}/posts?dryRun=true} (openapi.yaml): runs the create validation without storing
 * anything and answers 200 {@code {valid, checks, error?, post?}}. {@code checks} measures the text each target
 * network would publish, the way that network counts ({@link TextRules}), even when the body is not valid yet, so
 * an editor (the console's composer and reply box) shows live counts from the server's own rules instead of a copy
 * of them. {@code error} is exactly the error the real create would answer.
 */
final class PostDryRun {
    private PostDryRun() {
    }

    static ObjectNode run(JsonNode body, Brand brand, List<Account> brandAccounts, Instant now) {
        ObjectNode answer = Json.object();
        answer.set("checks", checks(body, brandAccounts));
        try {
            PostRequest.Parsed parsed = PostRequest.parse(body, brand, brandAccounts, now);
            answer.put("valid", true);
            ObjectNode post = PostJson.of(parsed.post());
            post.remove("id");
            answer.set("post", post);
            if (parsed.timeResolution() != null) {
                answer.set("timeResolution", parsed.timeResolution());
            }
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e; // malformed input stays a 400, as on the real route
            }
            answer.put("valid", false);
            answer.putObject("error").put("error", e.code()).put("message", e.getMessage()).put("field", e.field());
        }
        return answer;
    }

    /**
     * One entry per distinct network among the named accounts (or the networks listed in {@code networks}, for a
     * reply box that has no account in hand): the length of the text that network would get, its limit and unit.
     * Unknown accounts and wrong types are skipped here: the validation proper reports them.
     */
    static ArrayNode checks(JsonNode body, List<Account> brandAccounts) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (body == null || !body.isObject() || !body.path("text").isTextual()) {
            return out;
        }
        String text = body.get("text").asText();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode id : body.path("accountIds")) {
            brandAccounts.stream().filter(a -> a.id().equals(id.asText())).findFirst().ifPresent(a -> {
                if (seen.add(a.network().id())) {
                    out.add(check(a.network(), text, body.path("variants"), a));
                }
            });
        }
        for (JsonNode n : body.path("networks")) {
            Network.parse(n.asText()).ifPresent(network -> {
                if (seen.add(network.id())) {
                    Account account = brandAccounts.stream().filter(a -> a.network() == network).findFirst()
                            .orElse(null);
                    out.add(check(network, text, body.path("variants"), account));
                }
            });
        }
        return out;
    }

    private static ObjectNode check(Network network, String text, JsonNode variants, Account account) {
        JsonNode variant = variants.path(network.id());
        String published = variant.isTextual() ? variant.asText() : text;
        var settings = account == null ? java.util.Map.<String, String>of() : account.settings();
        int limit = TextRules.limit(network, settings);
        int length = TextRules.length(network, published);
        ObjectNode c = Json.object().put("network", network.id())
                .put("field", variant.isTextual() ? "variants." + network.id() : "text")
                .put("length", length).put("limit", limit).put("unit", TextRules.unit(network));
        var violation = TextRules.check(network, published, settings);
        c.put("ok", violation.isEmpty());
        violation.ifPresent(v -> c.put("message", v.message()));
        return c;
    }
}
