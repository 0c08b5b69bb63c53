package io.cmautopilot.api.brand;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.api.ApiRoutes;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Inputs;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Conflict;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A brand's network accounts. Credentials are checked for the keys each network needs (openapi.yaml, Credentials), stored as one
 * secret, and never returned; the account keeps only the secret's reference.
 */
public final class AccountRoutes implements ApiRoutes {
    /** Required and optional credential keys per network (openapi.yaml, Credentials). */
    static final Map<Network, List<String>> REQUIRED = Map.of(
            Network.MASTODON, List.of("accessToken"),
            Network.BLUESKY, List.of("identifier", "appPassword"),
            Network.X, List.of("accessToken"),
            Network.LINKEDIN, List.of("accessToken"),
            Network.FACEBOOK, List.of("pageAccessToken"),
            Network.INSTAGRAM, List.of("accessToken"),
            Network.LOCAL, List.of());
    static final Map<Network, Set<String>> OPTIONAL = Map.of(
            Network.X, Set.of("refreshToken", "clientId", "clientSecret"),
            Network.LINKEDIN, Set.of("refreshToken"));
    private static final String BLUESKY_DEFAULT_PDS = "https://bsky.social";

    private final BrandStore brands;
    private final PostStore posts;
    private final Secrets secrets;
    private final Clock clock;
    private final boolean localNetworkEnabled;

    /** {@code localNetworkEnabled}: accept the {@code local} sink network (the local runtime sets CM_LOCAL=true). */
    public AccountRoutes(BrandStore brands, PostStore posts, Secrets secrets, Clock clock, boolean localNetworkEnabled) {
        this.brands = brands;
        this.posts = posts;
        this.secrets = secrets;
        this.clock = clock;
        this.localNetworkEnabled = localNetworkEnabled;
    }

    @Override
    public void register(Router router) {
        router.on("POST /v1/brands/{brand}/accounts", this::create)
                .on("GET /v1/brands/{brand}/accounts", this::list)
                .on("PUT /v1/brands/{brand}/accounts/{id}/credentials", this::reconnect);
    }

    /**
     * Reconnects an account (new token after an expiry or a revocation): the given credential keys replace the stored
     * ones, keys not given are kept (a refresh token or client id is never erased by omission), the account is ACTIVE
     * again, and every target parked while it needed reconnecting goes back on schedule for the next publish tick.
     */
    private APIGatewayV2HTTPResponse reconnect(HttpRequest r) {
        Brand brand = BrandRoutes.existing(brands, r);
        String id = r.pathParam("id");
        Account account = brands.getAccount(brand.id(), id)
                .orElseThrow(() -> ApiError.notFound("account '" + id + "' does not exist"));
        Map<String, String> given = credentials(account.network(), r.jsonBody().get("credentials"));
        Account updated = account.withStatus(Account.Status.ACTIVE);
        if (account.secretRef() == null) {
            if (!given.isEmpty()) {
                String ref = secrets.createMap("brand/" + brand.id() + "/account/" + id, given);
                updated = new Account(id, brand.id(), account.network(), account.handle(), account.externalId(),
                        account.baseUrl(), ref, Account.Status.ACTIVE, account.settings(), account.createdAt());
            }
        } else {
            Map<String, String> merged = new LinkedHashMap<>(secrets.getMap(account.secretRef()));
            merged.putAll(given);
            secrets.updateMap(account.secretRef(), merged);
        }
        brands.updateAccount(updated);
        int rescheduled = 0;
        for (PostTarget parked : posts.parkedTargets(id)) {
            if (posts.setWaitingStatus(parked.postId(), id, TargetStatus.SCHEDULED, clock.instant(), null, clock.instant())) {
                rescheduled++;
            }
        }
        return HttpResponses.json(200, view(updated).put("rescheduledTargets", rescheduled));
    }

    private APIGatewayV2HTTPResponse create(HttpRequest r) {
        Brand brand = BrandRoutes.existing(brands, r);
        JsonNode body = r.jsonBody();
        String networkId = Validation.requiredText(body, "network", 20);
        Network network = Network.parse(networkId).filter(n -> n != Network.LOCAL || localNetworkEnabled)
                .orElseThrow(() -> ApiError.invalid("network must be one of " + Network.publicIds(), "network"));
        String handle = Validation.requiredText(body, "handle", 200);
        String externalId = Inputs.bodyId(Validation.optionalText(body, "externalId", 200), "externalId");
        String baseUrl = Validation.optionalText(body, "baseUrl", 500);
        if ((network == Network.FACEBOOK || network == Network.INSTAGRAM) && externalId == null) {
            throw ApiError.invalid(network.id() + " accounts need externalId (the "
                    + (network == Network.FACEBOOK ? "page id" : "Instagram user id") + ")", "externalId");
        }
        if (network == Network.MASTODON && baseUrl == null) {
            throw ApiError.invalid("mastodon accounts need baseUrl (the instance, e.g. https://mastodon.social)", "baseUrl");
        }
        if (network == Network.BLUESKY && baseUrl == null) {
            baseUrl = BLUESKY_DEFAULT_PDS;
        }
        if (baseUrl != null) {
            baseUrl = Validation.url(baseUrl, "baseUrl").replaceAll("/+$", "");
        }
        Map<String, String> credentials = credentials(network, body.get("credentials"));
        Map<String, String> settings = settings(body.get("settings"));

        String id = Ids.next();
        String ref = credentials.isEmpty() ? null
                : secrets.createMap("brand/" + brand.id() + "/account/" + id, credentials);
        Account account = new Account(id, brand.id(), network, handle, externalId, baseUrl, ref, Account.Status.ACTIVE,
                settings, clock.instant());
        try {
            brands.createAccount(account);
        } catch (Conflict e) {
            throw ApiError.conflict(e.getMessage());
        }
        return HttpResponses.json(201, view(account));
    }

    private APIGatewayV2HTTPResponse list(HttpRequest r) {
        Brand brand = BrandRoutes.existing(brands, r);
        ArrayNode items = Json.MAPPER.createArrayNode();
        brands.listAccounts(brand.id()).forEach(a -> items.add(view(a)));
        return HttpResponses.json(200, Json.object().set("items", items));
    }

    private static Map<String, String> credentials(Network network, JsonNode node) {
        List<String> required = REQUIRED.get(network);
        if (node == null || node.isNull()) {
            if (required.isEmpty()) {
                return Map.of();
            }
            throw ApiError.invalid("credentials are required: " + String.join(", ", required), "credentials");
        }
        if (!node.isObject()) {
            throw ApiError.invalid("credentials must be an object", "credentials");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : required) {
            JsonNode v = node.get(key);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw ApiError.invalid(network.id() + " credentials need " + key, "credentials." + key);
            }
            out.put(key, v.asText());
        }
        Set<String> optional = OPTIONAL.getOrDefault(network, Set.of());
        var names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (out.containsKey(key)) {
                continue;
            }
            if (!optional.contains(key)) {
                throw ApiError.invalid(network.id() + " credentials do not take " + key, "credentials." + key);
            }
            JsonNode v = node.get(key);
            if (!v.isTextual()) {
                throw ApiError.invalid("credentials." + key + " must be a string", "credentials." + key);
            }
            out.put(key, v.asText());
        }
        return out;
    }

    private static Map<String, String> settings(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject() || node.size() > 50) {
            throw ApiError.invalid("settings must be an object of at most 50 string or number values", "settings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().length() > 500) {
                throw ApiError.invalid("settings." + e.getKey() + " must be a string, number or boolean",
                        "settings." + e.getKey());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    static ObjectNode view(Account a) {
        ObjectNode node = Json.object().put("id", a.id()).put("network", a.network().id()).put("handle", a.handle())
                .put("status", a.status().name()).put("createdAt", a.createdAt().toString());
        if (a.externalId() != null) {
            node.put("externalId", a.externalId());
        }
        if (a.baseUrl() != null) {
            node.put("baseUrl", a.baseUrl());
        }
        node.set("settings", Json.MAPPER.valueToTree(a.settings()));
        return node;
    }
}
