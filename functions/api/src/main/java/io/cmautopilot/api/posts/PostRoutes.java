package io.cmautopilot.api.posts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.api.ApiRoutes;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostStatus;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.store.Conflict;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * Scheduled posts (openapi.yaml): create with validation per target network, list by time window and status, read
 * with per-target outcome, cancel while nothing is out.
 */
public final class PostRoutes implements ApiRoutes {
    static final int LIST_LIMIT = 200;
    private final BrandStore brands;
    private final PostStore posts;
    private final Clock clock;

    public PostRoutes(Services services) {
        this(new BrandStore(services.table()), new PostStore(services.table()), services.clock());
    }

    public PostRoutes(BrandStore brands, PostStore posts, Clock clock) {
        this.brands = brands;
        this.posts = posts;
        this.clock = clock;
    }

    @Override
    public void register(Router router) {
        router.on("POST /v1/brands/{brand}/posts", this::create)
                .on("GET /v1/brands/{brand}/posts", this::list)
                .on("GET /v1/brands/{brand}/posts/{id}", this::get)
                .on("DELETE /v1/brands/{brand}/posts/{id}", this::cancel);
    }

    private Brand brand(HttpRequest request) {
        String id = request.pathParam("brand");
        return brands.get(id).orElseThrow(() -> ApiError.notFound("no brand '" + id + "'"));
    }

    private Post post(HttpRequest request, Brand brand) {
        String id = request.pathParam("id");
        return posts.get(id).filter(p -> p.brandId().equals(brand.id()))
                .orElseThrow(() -> ApiError.notFound("no post '" + id + "' for brand '" + brand.id() + "'"));
    }

    APIGatewayV2HTTPResponse create(HttpRequest request) {
        Brand brand = brand(request);
        var body = request.jsonBody();
        Instant now = clock.instant();
        PostRequest.Parsed parsed = PostRequest.parse(body, brand, brands.listAccounts(brand.id()), now);
        posts.create(parsed.post());
        ObjectNode answer = PostJson.of(parsed.post());
        if (parsed.timeResolution() != null) {
            answer.set("timeResolution", parsed.timeResolution());
        }
        return HttpResponses.json(201, answer);
    }

    APIGatewayV2HTTPResponse list(HttpRequest request) {
        Brand brand = brand(request);
        Instant now = clock.instant();
        Instant from = instant(request, "from", now.minus(Duration.ofDays(30)));
        Instant to = instant(request, "to", now.plus(Duration.ofDays(366)));
        if (!to.isAfter(from)) {
            throw ApiError.badRequest("to must be after from", "to");
        }
        PostStatus status = null;
        String s = request.query("status");
        if (s != null && !s.isBlank()) {
            try {
                status = PostStatus.valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("status must be one of " + java.util.Arrays.toString(PostStatus.values()),
                        "status");
            }
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (Post p : posts.listByBrand(brand.id(), from, to, LIST_LIMIT)) {
            if (status == null || p.status() == status) {
                items.add(PostJson.of(p));
            }
        }
        ObjectNode answer = Json.object();
        answer.set("items", items);
        return HttpResponses.json(200, answer);
    }

    private static Instant instant(HttpRequest request, String name, Instant otherwise) {
        String v = request.query(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeException e) {
            throw ApiError.badRequest(name + " must be an ISO-8601 time with offset", name);
        }
    }

    APIGatewayV2HTTPResponse get(HttpRequest request) {
        return HttpResponses.json(200, PostJson.of(post(request, brand(request))));
    }

    APIGatewayV2HTTPResponse cancel(HttpRequest request) {
        Post post = post(request, brand(request));
        if (post.targets().stream().anyMatch(t -> t.status() == TargetStatus.PUBLISHED
                || t.status() == TargetStatus.PUBLISHING)) {
            throw ApiError.conflict("post '" + post.id() + "' is already (being) published on at least one account; "
                    + "it cannot be cancelled");
        }
        try {
            return HttpResponses.json(200, PostJson.of(posts.cancel(post.id(), clock.instant())));
        } catch (Conflict e) {
            throw ApiError.conflict(e.getMessage());
        }
    }
}
