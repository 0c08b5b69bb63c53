package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.api.brand.BrandRoutes;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.crisis.CrisisRecord;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /v1/brands/{brand}/crises?hours=24} (openapi.yaml): the crises raised in the last hours, newest first,
 * each with {@code open} while it is within the brand's crisis cool-down (at least an hour), the window in which
 * scoring would not raise a second alert for the same surge. The console shows its crisis banner from this; one
 * Query on {@code CRISIS#<brand>} (docs/DATA-MODEL.md).
 */
public final class CrisisRoutes implements ApiRoutes {
    static final int MAX_HOURS = 24 * 14;
    private final BrandStore brands;
    private final CrisisStore crises;
    private final Clock clock;

    public CrisisRoutes(Services services) {
        this(new BrandStore(services.table()), new CrisisStore(services.table()), services.clock());
    }

    public CrisisRoutes(BrandStore brands, CrisisStore crises, Clock clock) {
        this.brands = brands;
        this.crises = crises;
        this.clock = clock;
    }

    @Override
    public void register(Router router) {
        router.on("GET /v1/brands/{brand}/crises", this::list);
    }

    private APIGatewayV2HTTPResponse list(HttpRequest request) {
        Brand brand = BrandRoutes.existing(brands, request);
        int hours = hours(request.query("hours"));
        Instant now = clock.instant();
        Duration openFor = Duration.ofMinutes(Math.max(60, brand.settings().crisis().cooldownMinutes()));
        ArrayNode items = Json.MAPPER.createArrayNode();
        boolean anyOpen = false;
        var found = crises.list(brand.id(), now.minus(Duration.ofHours(hours)), now.plusMillis(1));
        for (int i = found.size() - 1; i >= 0; i--) {
            CrisisRecord c = found.get(i);
            boolean open = c.detectedAt().plus(openFor).isAfter(now);
            anyOpen |= open;
            ObjectNode n = Json.MAPPER.valueToTree(c);
            n.put("open", open).put("openUntil", c.detectedAt().plus(openFor).toString());
            items.add(n);
        }
        ObjectNode body = Json.object().put("open", anyOpen);
        body.set("items", items);
        return HttpResponses.json(200, body);
    }

    private static int hours(String v) {
        if (v == null || v.isBlank()) {
            return 24;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= MAX_HOURS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("hours must be a whole number from 1 to " + MAX_HOURS, "hours");
    }
}
