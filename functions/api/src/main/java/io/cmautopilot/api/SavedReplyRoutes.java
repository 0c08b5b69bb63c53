package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.reply.Placeholders;
import io.cmautopilot.core.reply.SavedReply;
import io.cmautopilot.core.reply.SavedReplyStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Saved replies per brand and language (docs/API.md, "Saved replies"): {@code {name, language, text}}, the text with
 * placeholders ({@code {author}}, {@code {author.name}}, {@code {author.handle}}, {@code {brand}},
 * {@code {network}}) filled when a reply is sent.
 */
public final class SavedReplyRoutes implements ApiRoutes {
    static final int MAX_TEXT = 5000;
    static final int MAX_NAME = 100;
    private static final Set<String> FIELDS = Set.of("name", "language", "text");
    private final BrandStore brands;
    private final SavedReplyStore saved;
    private final Clock clock;

    public SavedReplyRoutes(Services services) {
        this(new BrandStore(services.table()), new SavedReplyStore(services.table()), services.clock());
    }

    public SavedReplyRoutes(BrandStore brands, SavedReplyStore saved, Clock clock) {
        this.brands = brands;
        this.saved = saved;
        this.clock = clock;
    }

    @Override
    public void register(Router router) {
        router.on("POST /v1/brands/{brand}/saved-replies", this::create);
        router.on("GET /v1/brands/{brand}/saved-replies", this::list);
        router.on("PUT /v1/brands/{brand}/saved-replies/{id}", this::replace);
        router.on("DELETE /v1/brands/{brand}/saved-replies/{id}", this::delete);
    }

    private String brand(HttpRequest request) {
        String brandId = request.pathParam("brand");
        if (brands.get(brandId).isEmpty()) {
            throw ApiError.notFound("no brand '" + brandId + "'");
        }
        return brandId;
    }

    private record Fields(String name, String language, String text) {
    }

    private static Fields fields(JsonNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw ApiError.badRequest("unknown field '" + name + "'; a saved reply takes name, language, text", name);
            }
        }
        String name = text(body, "name", MAX_NAME);
        String language = text(body, "language", 5);
        if (!language.equals("en") && !language.equals("fr")) {
            throw ApiError.invalid("language must be en or fr", "language");
        }
        String text = text(body, "text", MAX_TEXT);
        List<String> unknown = Placeholders.unknown(text);
        if (!unknown.isEmpty()) {
            throw ApiError.invalid("unknown placeholder {" + String.join("}, {", unknown) + "}; use "
                    + "{" + String.join("}, {", Placeholders.NAMES) + "}", "text");
        }
        return new Fields(name, language, text);
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ApiError.badRequest(field + " is required", field);
        }
        String s = v.asText().strip();
        if (s.codePointCount(0, s.length()) > max) {
            throw ApiError.invalid(field + " is longer than " + max + " characters", field);
        }
        return s;
    }

    private APIGatewayV2HTTPResponse create(HttpRequest request) {
        String brandId = brand(request);
        Fields f = fields(request.jsonBody());
        if (saved.list(brandId, null).size() >= SavedReplyStore.MAX_PER_BRAND) {
            throw ApiError.invalid("a brand keeps at most " + SavedReplyStore.MAX_PER_BRAND + " saved replies", null);
        }
        Instant now = clock.instant();
        SavedReply r = new SavedReply(Ids.next(), brandId, f.name(), f.language(), f.text(), now, now);
        saved.put(r, true);
        return HttpResponses.json(201, json(r));
    }

    private APIGatewayV2HTTPResponse list(HttpRequest request) {
        String brandId = brand(request);
        String language = request.query("language");
        if (language != null && !language.isBlank() && !language.equals("en") && !language.equals("fr")) {
            throw ApiError.badRequest("language must be en or fr", "language");
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        saved.list(brandId, language == null || language.isBlank() ? null : language).forEach(r -> items.add(json(r)));
        ObjectNode body = Json.object();
        body.set("items", items);
        return HttpResponses.json(200, body);
    }

    private APIGatewayV2HTTPResponse replace(HttpRequest request) {
        String brandId = brand(request);
        String id = request.pathParam("id");
        SavedReply old = saved.get(brandId, id).orElseThrow(() -> ApiError.notFound("no saved reply '" + id + "'"));
        Fields f = fields(request.jsonBody());
        SavedReply r = new SavedReply(id, brandId, f.name(), f.language(), f.text(), old.createdAt(), clock.instant());
        if (!saved.replace(r)) {
            throw ApiError.notFound("no saved reply '" + id + "'");
        }
        return HttpResponses.json(200, json(r));
    }

    private APIGatewayV2HTTPResponse delete(HttpRequest request) {
        String brandId = brand(request);
        String id = request.pathParam("id");
        if (!saved.delete(brandId, id)) {
            throw ApiError.notFound("no saved reply '" + id + "'");
        }
        return HttpResponses.json(200, Json.object().put("id", id).put("deleted", true));
    }

    static ObjectNode json(SavedReply r) {
        return Json.object().put("id", r.id()).put("name", r.name()).put("language", r.language())
                .put("text", r.text()).put("createdAt", r.createdAt().toString())
                .put("updatedAt", r.updatedAt().toString());
    }
}
