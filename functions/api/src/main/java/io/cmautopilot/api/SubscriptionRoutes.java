package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Digest subscriptions (openapi.yaml): create, list, and delete, which deactivates (the send records keep pointing at
 * a subscription that still exists, and an unsubscribe link of an old digest still answers). Time zone and language
 * default to the brand's.
 */
public final class SubscriptionRoutes implements ApiRoutes {
    /** A pragmatic address check: one @, a dotted domain, no spaces, controls or header-breaking characters. */
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>()\\[\\],;:\"\\\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+");
    private final BrandStore brands;
    private final Clock clock;

    public SubscriptionRoutes(Services services) {
        this(new BrandStore(services.table()), services.clock());
    }

    public SubscriptionRoutes(BrandStore brands, Clock clock) {
        this.brands = brands;
        this.clock = clock;
    }

    @Override
    public void register(Router router) {
        router.on("POST /v1/brands/{brand}/subscriptions", this::create)
                .on("GET /v1/brands/{brand}/subscriptions", this::list)
                .on("DELETE /v1/brands/{brand}/subscriptions/{id}", this::delete);
    }

    private Brand brand(HttpRequest request) {
        String id = request.pathParam("brand");
        return brands.get(id).orElseThrow(() -> ApiError.notFound("no brand '" + id + "'"));
    }

    private APIGatewayV2HTTPResponse create(HttpRequest request) {
        Brand brand = brand(request);
        JsonNode body = request.jsonBody();

        String email = text(body, "email");
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw ApiError.invalid("email must be an e-mail address", "email");
        }
        String cadenceText = text(body, "cadence");
        if (!"daily".equals(cadenceText) && !"weekly".equals(cadenceText)) {
            throw ApiError.invalid("cadence must be daily or weekly", "cadence");
        }
        Subscription.Cadence cadence = Subscription.Cadence.valueOf(cadenceText.toUpperCase(Locale.ROOT));
        JsonNode hourNode = body.get("hour");
        if (hourNode == null || !hourNode.isIntegralNumber() || hourNode.asInt() < 0 || hourNode.asInt() > 23) {
            throw ApiError.invalid("hour must be a whole hour from 0 to 23", "hour");
        }
        ZoneId zone = brand.timezone();
        if (body.hasNonNull("timezone")) {
            String tz = text(body, "timezone");
            if (tz == null || !ZoneId.getAvailableZoneIds().contains(tz)) {
                throw ApiError.invalid("timezone must be an IANA zone such as Europe/Paris", "timezone");
            }
            zone = ZoneId.of(tz);
        }
        String language = brand.language();
        if (body.hasNonNull("language")) {
            language = text(body, "language");
            if (!"en".equals(language) && !"fr".equals(language)) {
                throw ApiError.invalid("language must be en or fr", "language");
            }
        }
        DayOfWeek weekday = null;
        if (cadence == Subscription.Cadence.WEEKLY) {
            weekday = weekday(body.get("weekday"));
        } else if (body.hasNonNull("weekday")) {
            throw ApiError.invalid("weekday applies to weekly subscriptions only", "weekday");
        }
        Subscription s = new Subscription(Ids.next(), brand.id(), email, cadence, hourNode.asInt(), weekday, zone,
                language, true, clock.instant());
        brands.putSubscription(s);
        return HttpResponses.json(201, view(s));
    }

    private APIGatewayV2HTTPResponse list(HttpRequest request) {
        Brand brand = brand(request);
        ObjectNode out = Json.object();
        var items = out.putArray("items");
        brands.listSubscriptions(brand.id()).forEach(s -> items.add(view(s)));
        return HttpResponses.json(200, out);
    }

    private APIGatewayV2HTTPResponse delete(HttpRequest request) {
        Brand brand = brand(request);
        String id = request.pathParam("id");
        Subscription s = brands.getSubscription(brand.id(), id)
                .orElseThrow(() -> ApiError.notFound("no subscription '" + id + "'"));
        Subscription inactive = s.withActive(false);
        if (s.active()) {
            brands.putSubscription(inactive);
        }
        return HttpResponses.json(200, view(inactive));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    /** Accepts "monday", "Mon" or ISO numbers 1 (Monday) to 7 (Sunday). */
    private static DayOfWeek weekday(JsonNode node) {
        if (node != null && node.isIntegralNumber() && node.asInt() >= 1 && node.asInt() <= 7) {
            return DayOfWeek.of(node.asInt());
        }
        if (node != null && node.isTextual()) {
            String v = node.asText().trim().toUpperCase(Locale.ROOT);
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().equals(v) || (v.length() == 3 && d.name().startsWith(v))) {
                    return d;
                }
            }
        }
        throw ApiError.invalid("weekly subscriptions need a weekday, monday to sunday", "weekday");
    }

    static ObjectNode view(Subscription s) {
        ObjectNode n = Json.object().put("id", s.id()).put("brandId", s.brandId()).put("email", s.email())
                .put("cadence", s.cadence().name().toLowerCase(Locale.ROOT)).put("hour", s.hour());
        if (s.weekday() != null) {
            n.put("weekday", s.weekday().name().toLowerCase(Locale.ROOT));
        }
        return n.put("timezone", s.timezone().getId()).put("language", s.language()).put("active", s.active())
                .put("createdAt", s.createdAt().toString());
    }
}
