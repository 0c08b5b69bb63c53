package io.cmautopilot.api.brand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.api.ApiRoutes;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.CursorCodec;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Brands: create (with the brand's generic-webhook secret, shown once), read, settings, secret rotation. The secret
 * lives in the secrets store; the brand item keeps only its reference.
 */
public final class BrandRoutes implements ApiRoutes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final BrandStore brands;
    private final Secrets secrets;
    private final Clock clock;
    private final CursorCodec cursors;

    public BrandRoutes(BrandStore brands, Secrets secrets, Clock clock, CursorCodec cursors) {
        this.brands = brands;
        this.secrets = secrets;
        this.clock = clock;
        this.cursors = cursors;
    }

    @Override
    public void register(Router router) {
        router.on("POST /v1/brands", this::create)
                .on("GET /v1/brands", this::list)
                .on("GET /v1/brands/{brand}", r -> HttpResponses.json(200, view(existing(brands, r))))
                .on("PUT /v1/brands/{brand}/settings", this::updateSettings)
                .on("POST /v1/brands/{brand}/webhook-secret", this::rotateSecret);
    }

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /** Every brand, by id, a page at a time ({@code ?limit=&cursor=}, answer {@code {items, cursor}}). */
    private com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse list(HttpRequest r) {
        int limit = DEFAULT_LIMIT;
        String l = r.query("limit");
        if (l != null && !l.isBlank()) {
            try {
                limit = Integer.parseInt(l.trim());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT, "limit");
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiError.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT, "limit");
            }
        }
        // The listing is above brands, so its cursor is sealed to the listing alone (docs/SECURITY.md, "Cursors").
        CursorCodec.Scope scope = CursorCodec.scope("brands", "*");
        io.cmautopilot.core.store.Page<Brand> page;
        try {
            page = brands.list(limit, cursors.open(scope, r.query("cursor")));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("cursor is not one this API returned", "cursor");
        }
        var items = Json.MAPPER.createArrayNode();
        page.items().forEach(b -> items.add(view(b)));
        ObjectNode body = Json.object();
        body.set("items", items);
        body.put("cursor", cursors.seal(scope, page.cursor()));
        return HttpResponses.json(200, body);
    }

    /** The brand named by the path, or 404. */
    public static Brand existing(BrandStore brands, HttpRequest r) {
        String id = r.pathParam("brand");
        return brands.get(id).orElseThrow(() -> ApiError.notFound("brand '" + id + "' does not exist"));
    }

    private com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse create(HttpRequest r) {
        JsonNode body = r.jsonBody();
        String id = Validation.requiredText(body, "id", 40);
        if (!Brand.ID.matcher(id).matches()) {
            throw ApiError.invalid("id must match [a-z0-9-]{2,40}", "id");
        }
        String name = Validation.requiredText(body, "name", 200);
        var zone = Validation.zone(Validation.requiredText(body, "timezone", 64), "timezone");
        String language = Validation.language(Validation.requiredText(body, "language", 2), "language");
        if (brands.get(id).isPresent()) {
            throw ApiError.conflict("brand '" + id + "' already exists");
        }
        String secret = newSecret();
        String ref = secrets.create("brand/" + id + "/webhook", secret);
        Brand brand = new Brand(id, name, zone, language, BrandSettings.defaults(), ref, clock.instant());
        try {
            brands.create(brand);
        } catch (Conflict e) {
            throw ApiError.conflict(e.getMessage());
        }
        return HttpResponses.json(201, view(brand).put("webhookSecret", secret));
    }

    private com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse rotateSecret(HttpRequest r) {
        Brand brand = existing(brands, r);
        String secret = newSecret();
        if (brand.webhookSecretRef() == null) {
            brands.update(brand.withWebhookSecretRef(secrets.create("brand/" + brand.id() + "/webhook", secret)));
        } else {
            secrets.update(brand.webhookSecretRef(), secret);
        }
        return HttpResponses.json(200, Json.object().put("webhookSecret", secret));
    }

    private com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse updateSettings(HttpRequest r) {
        Brand brand = existing(brands, r);
        JsonNode body = r.jsonBody();
        BrandSettings current = brand.settings();
        List<String> watchlist = body.has("watchlist") ? strings(body.get("watchlist"), "watchlist", 200, 100)
                : current.watchlist();
        List<String> alertEmails = current.alertEmails();
        if (body.has("alertEmails")) {
            alertEmails = strings(body.get("alertEmails"), "alertEmails", 20, 254);
            for (int i = 0; i < alertEmails.size(); i++) {
                Validation.email(alertEmails.get(i), "alertEmails[" + i + "]");
            }
        }
        String webhook = current.alertWebhookUrl();
        if (body.has("alertWebhookUrl")) {
            webhook = body.get("alertWebhookUrl").isNull() ? null
                    : Validation.url(Validation.requiredText(body, "alertWebhookUrl", 2000), "alertWebhookUrl");
        }
        boolean autoHide = current.autoHideToxic();
        if (body.has("autoHideToxic")) {
            if (!body.get("autoHideToxic").isBoolean()) {
                throw ApiError.invalid("autoHideToxic must be true or false", "autoHideToxic");
            }
            autoHide = body.get("autoHideToxic").asBoolean();
        }
        BrandSettings.CrisisSettings crisis = current.crisis();
        if (body.has("crisis")) {
            crisis = crisis(body.get("crisis"), crisis);
        }
        boolean pauseOnCrisis = current.pauseOnCrisis();
        if (body.has("pauseOnCrisis")) {
            if (!body.get("pauseOnCrisis").isBoolean()) {
                throw ApiError.invalid("pauseOnCrisis must be true or false", "pauseOnCrisis");
            }
            pauseOnCrisis = body.get("pauseOnCrisis").asBoolean();
        }
        Brand updated = brand.withSettings(new BrandSettings(watchlist, alertEmails, webhook, autoHide, crisis,
                pauseOnCrisis));
        brands.update(updated);
        return HttpResponses.json(200, view(updated));
    }

    private static BrandSettings.CrisisSettings crisis(JsonNode node, BrandSettings.CrisisSettings current) {
        if (!node.isObject()) {
            throw ApiError.invalid("crisis must be an object", "crisis");
        }
        int minNegative = intIn(node, "minNegative", current.minNegative(), 1, 100_000);
        double k = doubleIn(node, "k", current.k(), 0.5, 20);
        int baselineHours = intIn(node, "baselineHours", current.baselineHours(), 6, 24 * 28);
        double minShare = doubleIn(node, "minShare", current.minShare(), 0.05, 1.0);
        int cooldown = intIn(node, "cooldownMinutes", current.cooldownMinutes(), 0, 7 * 24 * 60);
        return new BrandSettings.CrisisSettings(minNegative, k, baselineHours, minShare, cooldown);
    }

    private static int intIn(JsonNode node, String field, int otherwise, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null) {
            return otherwise;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw ApiError.invalid("crisis." + field + " must be an integer from " + min + " to " + max, "crisis." + field);
        }
        return v.asInt();
    }

    private static double doubleIn(JsonNode node, String field, double otherwise, double min, double max) {
        JsonNode v = node.get(field);
        if (v == null) {
            return otherwise;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw ApiError.invalid("crisis." + field + " must be a number from " + min + " to " + max, "crisis." + field);
        }
        return v.asDouble();
    }

    private static List<String> strings(JsonNode node, String field, int maxItems, int maxLength) {
        if (node == null || !node.isArray()) {
            throw ApiError.invalid(field + " must be an array of strings", field);
        }
        if (node.size() > maxItems) {
            throw ApiError.invalid(field + " has more than " + maxItems + " entries", field);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > maxLength) {
                throw ApiError.invalid(field + "[" + i + "] must be a non-empty string of at most " + maxLength
                        + " characters", field + "[" + i + "]");
            }
            out.add(v.asText().trim());
        }
        return out;
    }

    static ObjectNode view(Brand b) {
        ObjectNode node = Json.object().put("id", b.id()).put("name", b.name()).put("timezone", b.timezone().getId())
                .put("language", b.language()).put("createdAt", b.createdAt().toString());
        node.set("settings", b.settings().toJson());
        return node;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
