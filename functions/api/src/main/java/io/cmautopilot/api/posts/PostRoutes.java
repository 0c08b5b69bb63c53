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
import io.cmautopilot.core.http.Inputs;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostStatus;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.CursorCodec;
import io.cmautopilot.core.store.Page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Scheduled posts (CONTRACT.md): create with validation per target network, list by time window and status, read
 * with per-target outcome, cancel while nothing is out.
 */
public final class PostRoutes implements ApiRoutes {
    static final int MAX_LIMIT = 200;
    static final int DEFAULT_LIMIT = 50;
    /** Posts read per request at most, whatever the filter drops; a page that reached it ends with a cursor. */
    static final int MAX_EXAMINED = 1000;
    private final BrandStore brands;
    private final PostStore posts;
    private final Clock clock;
    private final CursorCodec cursors;

    public PostRoutes(Services services) {
        this(new BrandStore(services.table()), new PostStore(services.table()), services.clock(),
                CursorCodec.forTable(services.table(), services.env()));
    }

    public PostRoutes(BrandStore brands, PostStore posts, Clock clock, CursorCodec cursors) {
        this.brands = brands;
        this.posts = posts;
        this.clock = clock;
        this.cursors = cursors;
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

    /**
     * {@code GET /v1/brands/{brand}/posts?from=&to=&status=&limit=&cursor=}: oldest first, the status filter applied
     * before the limit, paged by a cursor bound to the brand, window and status (docs/SECURITY.md, "Cursors").
     */
    APIGatewayV2HTTPResponse list(HttpRequest request) {
        Brand brand = brand(request);
        Instant now = clock.instant();
        Instant from = Inputs.instant(request, "from", now.minus(Duration.ofDays(30)));
        Instant to = Inputs.instant(request, "to", now.plus(Duration.ofDays(366)));
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
        int limit = limit(request);
        CursorCodec.Scope scope = CursorCodec.scope("posts", brand.id()).with("from", from).with("to", to)
                .with("status", status);
        PostStatus wanted = status;
        Page<Post> page;
        try {
            page = posts.page(brand.id(), from, to, p -> wanted == null || p.status() == wanted, limit,
                    cursors.open(scope, request.query("cursor")), MAX_EXAMINED);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("cursor is not one this API returned for this query", "cursor");
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(p -> items.add(PostJson.of(p)));
        ObjectNode answer = Json.object();
        answer.set("items", items);
        answer.put("cursor", cursors.seal(scope, page.cursor()));
        return HttpResponses.json(200, answer);
    }

    private static int limit(HttpRequest request) {
        String v = request.query("limit");
        if (v == null || v.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT, "limit");
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
