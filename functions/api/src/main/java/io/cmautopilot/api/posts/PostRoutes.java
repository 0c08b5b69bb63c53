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
import io.cmautopilot.core.post.PublishingStore;
import io.cmautopilot.core.post.PublishingSwitch;
import io.cmautopilot.core.bus.Bus;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.post.TargetStatus;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.CursorCodec;
import io.cmautopilot.core.store.Page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Scheduled posts (openapi.yaml): create with validation per target network, list by time window and status, read
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

    private final PublishingStore publishing;
    private final PublishingSwitch publishingSwitch;

    public PostRoutes(Services services) {
        this(new BrandStore(services.table()), new PostStore(services.table()), services.clock(),
                CursorCodec.forTable(services.table(), services.env()), services.bus());
    }

    public PostRoutes(BrandStore brands, PostStore posts, Clock clock, CursorCodec cursors, Bus bus) {
        this.brands = brands;
        this.posts = posts;
        this.clock = clock;
        this.cursors = cursors;
        this.publishing = posts.publishing();
        this.publishingSwitch = new PublishingSwitch(publishing, posts, bus, clock);
    }

    @Override
    public void register(Router router) {
        router.on("POST /v1/brands/{brand}/posts", this::create)
                .on("GET /v1/brands/{brand}/posts", this::list)
                .on("GET /v1/brands/{brand}/posts/{id}", this::get)
                .on("PATCH /v1/brands/{brand}/posts/{id}", this::edit)
                .on("DELETE /v1/brands/{brand}/posts/{id}", this::cancel)
                .on("PUT /v1/brands/{brand}/publishing", this::setPublishing)
                .on("GET /v1/brands/{brand}/publishing", r -> HttpResponses.json(200,
                        publishingView(publishing.get(brand(r).id()))));
    }

    /** The fields of a create body; an edit may send any of them and nothing else. */
    static final java.util.Set<String> POST_FIELDS = java.util.Set.of("text", "variants", "accountIds", "publishAt",
            "local", "recurrence", "media", "thread", "firstComment");

    /**
     * Edits a post while none of its targets has been claimed: the stored post's fields with the patch laid over
     * them go through the create validation; a field sent as null is removed. 409 names the targets already claimed,
     * retried or published; a claim that wins the race against the edit makes the edit's conditional writes fail (409
     * too), never both.
     */
    APIGatewayV2HTTPResponse edit(HttpRequest request) {
        Brand brand = brand(request);
        Post post = post(request, brand);
        var patch = request.jsonBody();
        if (!patch.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object of post fields", null);
        }
        patch.fieldNames().forEachRemaining(f -> {
            if (!POST_FIELDS.contains(f)) {
                throw ApiError.badRequest("'" + f + "' cannot be edited; editable fields: " + new java.util.TreeSet<>(POST_FIELDS), f);
            }
        });
        if (post.cancelled()) {
            throw ApiError.conflict("post '" + post.id() + "' is cancelled");
        }
        conflictIfClaimed(post);
        ObjectNode merged = PostJson.createBody(post);
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        if (patch.has("publishAt") && !patch.get("publishAt").isNull()) {
            merged.remove("local");
        } else if (patch.has("local") && !patch.get("local").isNull()) {
            merged.remove("publishAt");
        }
        Instant now = clock.instant();
        PostRequest.Parsed parsed = PostRequest.parse(merged, brand, brands.listAccounts(brand.id()), now, post);
        Post saved;
        try {
            saved = posts.replace(post, parsed.post(), now);
        } catch (Conflict e) {
            Post fresh = posts.get(post.id()).orElse(post);
            conflictIfClaimed(fresh);
            throw ApiError.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage(), "accountIds");
        }
        ObjectNode answer = PostJson.of(saved);
        if (parsed.timeResolution() != null) {
            answer.set("timeResolution", parsed.timeResolution());
        }
        return HttpResponses.json(200, answer);
    }

    private static void conflictIfClaimed(Post post) {
        var blocking = PostStore.blockingEdit(post);
        if (!blocking.isEmpty()) {
            throw ApiError.conflict("post '" + post.id() + "' can no longer be edited: " + blocking.stream()
                    .map(t -> t.accountId() + " (" + t.network().id() + ") is " + t.status().name())
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
    }

    /** {@code {paused, reason?}}: pauses or resumes every publication of the brand. */
    APIGatewayV2HTTPResponse setPublishing(HttpRequest request) {
        Brand brand = brand(request);
        var body = request.jsonBody();
        JsonNode paused = body.get("paused");
        if (paused == null || paused.isNull()) {
            throw ApiError.invalid("paused is required (true or false)", "paused");
        }
        if (!paused.isBoolean()) {
            throw ApiError.badRequest("paused must be true or false", "paused");
        }
        String reason = null;
        JsonNode r = body.get("reason");
        if (r != null && !r.isNull()) {
            if (!r.isTextual()) {
                throw ApiError.badRequest("reason must be a string", "reason");
            }
            if (r.asText().length() > 500) {
                throw ApiError.invalid("reason is longer than 500 characters", "reason");
            }
            reason = r.asText().isBlank() ? null : r.asText().trim();
        }
        PublishingSwitch.Result result = paused.asBoolean() ? publishingSwitch.pause(brand.id(), reason, "api")
                : publishingSwitch.resume(brand.id());
        ObjectNode answer = publishingView(result.state()).put("changed", result.changed());
        if (!paused.asBoolean()) {
            answer.put("released", result.released());
        }
        return HttpResponses.json(200, answer);
    }

    static ObjectNode publishingView(PublishingStore.State s) {
        ObjectNode n = Json.object().put("brandId", s.brandId()).put("paused", s.paused()).put("held", s.held());
        if (s.paused()) {
            n.put("reason", s.reason()).put("source", s.source())
                    .put("pausedAt", s.pausedAt() == null ? null : s.pausedAt().toString());
        }
        return n;
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
        if (dryRun(request)) {
            return HttpResponses.json(200, PostDryRun.run(body, brand, brands.listAccounts(brand.id()), now));
        }
        PostRequest.Parsed parsed = PostRequest.parse(body, brand, brands.listAccounts(brand.id()), now);
        posts.create(parsed.post());
        ObjectNode answer = PostJson.of(parsed.post());
        if (parsed.timeResolution() != null) {
            answer.set("timeResolution", parsed.timeResolution());
        }
        return HttpResponses.json(201, answer);
    }

    /** {@code ?dryRun=true}: validate and measure only (see {@link PostDryRun}). */
    static boolean dryRun(HttpRequest request) {
        String v = request.query("dryRun");
        if (v == null || v.isBlank() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw ApiError.badRequest("dryRun must be true or false", "dryRun");
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
