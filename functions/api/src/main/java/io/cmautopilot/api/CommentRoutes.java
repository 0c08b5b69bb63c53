package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentState;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Inputs;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.CursorCodec;
import io.cmautopilot.core.store.Page;

import java.time.Instant;
import java.util.Locale;

/**
 * {@code GET /v1/brands/{brand}/comments} (openapi.yaml): a brand's comments newest first, filtered by time window
 * ({@code since} inclusive, {@code until} exclusive), network, sentiment label and flag type, paged by an opaque
 * cursor; served by one Query on the brand's comment listing (docs/DATA-MODEL.md #18), never a Scan.
 */
public final class CommentRoutes implements ApiRoutes {
    static final int MAX_LIMIT = 200;
    private final BrandStore brands;
    private final CommentStore comments;
    private final CursorCodec cursors;

    private final InboxRoutes inbox;

    public CommentRoutes(Services services) {
        this(new BrandStore(services.table()), new CommentStore(services.table()),
                new InboxRoutes(services), CursorCodec.forTable(services.table(), services.env()));
    }

    /** The listing only, with a cursor codec (tests). */
    public CommentRoutes(BrandStore brands, CommentStore comments, CursorCodec cursors) {
        this(brands, comments, null, cursors);
    }

    /** Listing and inbox routes, cursors sealed with a key of this instance only (tests). */
    public CommentRoutes(BrandStore brands, CommentStore comments, InboxRoutes inbox) {
        this(brands, comments, inbox, CursorCodec.ephemeral());
    }

    public CommentRoutes(BrandStore brands, CommentStore comments, InboxRoutes inbox, CursorCodec cursors) {
        this.brands = brands;
        this.comments = comments;
        this.inbox = inbox;
        this.cursors = cursors;
    }

    @Override
    public void register(Router router) {
        router.on("GET /v1/brands/{brand}/comments", this::list);
        if (inbox != null) {
            inbox.register(router);
        }
    }

    private APIGatewayV2HTTPResponse list(HttpRequest request) {
        String brandId = request.pathParam("brand");
        if (brands.get(brandId).isEmpty()) {
            throw ApiError.notFound("no brand '" + brandId + "'");
        }
        Instant since = Inputs.instant(request, "since", null);
        Instant until = Inputs.instant(request, "until", null);
        if (since != null && until != null && !since.isBefore(until)) {
            throw ApiError.badRequest("since must be before until", "since");
        }
        Network network = request.query("network") == null ? null : Network.parse(request.query("network"))
                .orElseThrow(() -> ApiError.badRequest("network must be one of " + Network.publicIds(), "network"));
        Sentiment.Label sentiment = option(request, "sentiment", Sentiment.Label.class);
        Flag.Type flag = option(request, "flag", Flag.Type.class);
        int limit = limit(request);
        CommentState state = request.query("state") == null || request.query("state").isBlank() ? null
                : CommentState.parse(request.query("state"))
                .orElseThrow(() -> ApiError.badRequest("state must be one of " + CommentState.ids(), "state"));
        String assignee = request.query("assignee") == null || request.query("assignee").isBlank() ? null
                : InboxRoutes.assignee(request.query("assignee"), "assignee");
        Boolean needsReply = bool(request, "needsReply");
        java.time.Duration olderThan = InboxRoutes.duration(request.query("olderThan"), "olderThan");
        Instant receivedBefore = olderThan == null ? null : clockNow().minus(olderThan);
        // The cursor is bound to this brand and these filters (not to the page size): docs/SECURITY.md, "Cursors".
        // olderThan is bound as given, since the instant it yields moves on between pages.
        CursorCodec.Scope scope = CursorCodec.scope("comments", brandId).with("since", since).with("until", until)
                .with("network", network == null ? null : network.id()).with("sentiment", sentiment)
                .with("flag", flag).with("state", state).with("assignee", assignee).with("needsReply", needsReply)
                .with("olderThan", olderThan);
        Page<InboxStore.Tracked> page;
        try {
            page = comments.listTracked(brandId, new CommentStore.Query(since, until, network, sentiment, flag, limit,
                    cursors.open(scope, request.query("cursor")), state, assignee, needsReply, receivedBefore));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("cursor is not one this API returned for this query", "cursor");
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(t -> items.add(InboxRoutes.summary(t)));
        ObjectNode body = Json.object();
        body.set("items", items);
        body.put("cursor", cursors.seal(scope, page.cursor()));
        return HttpResponses.json(200, body);
    }

    private Instant clockNow() {
        return inbox == null ? Instant.now() : inbox.now();
    }

    private static Boolean bool(HttpRequest request, String name) {
        String v = request.query(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiError.badRequest(name + " must be true or false", name);
        };
    }

    static ObjectNode item(Comment c) {
        ObjectNode n = Json.object().put("id", c.id()).put("network", c.network().id())
                .put("externalId", c.externalId());
        n.set("author", Json.MAPPER.valueToTree(c.author()));
        n.put("text", c.text()).put("createdAt", c.createdAt().toString());
        n.put("sentiment", c.sentiment() == null ? null : c.sentiment().label().name());
        n.set("scores", c.sentiment() == null ? null : Json.MAPPER.valueToTree(c.sentiment().scores()));
        n.set("flags", Json.MAPPER.valueToTree(c.flags()));
        n.put("permalink", c.permalink());
        n.put("visibility", c.removed() ? "removed" : c.hidden() ? "hidden" : "visible");
        return n;
    }

    private static <E extends Enum<E>> E option(HttpRequest request, String name, Class<E> type) {
        String v = request.query(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E option : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(option.name().toLowerCase(Locale.ROOT));
            }
            throw ApiError.badRequest(name + " must be one of " + allowed, name);
        }
    }

    private static int limit(HttpRequest request) {
        String v = request.query("limit");
        if (v == null || v.isBlank()) {
            return 50;
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
}
