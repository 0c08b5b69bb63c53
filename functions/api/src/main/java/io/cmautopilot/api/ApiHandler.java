package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cmautopilot.api.brand.AccountRoutes;
import io.cmautopilot.api.posts.PostRoutes;
import io.cmautopilot.api.brand.BrandRoutes;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.store.CursorCodec;
import io.cmautopilot.core.config.Priming;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.http.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The management API (openapi.yaml): brands, accounts, posts, comments, subscriptions. Thin: the router parses and
 * maps errors, each {@link ApiRoutes} group calls its domain.
 *
 * <p>Lambda calls the stream method (the runtime prefers it over the typed one of the same name): the event is read
 * with the shared mapper instead of the runtime's own serialiser, which is most of a first call's cost
 * (docs/PERFORMANCE.md, "Cold start"). The typed method is the same dispatch, for tests and callers holding events.
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        RequestStreamHandler {
    /** Management bodies are small JSON documents; anything bigger is a mistake or an attack. */
    static final long MAX_BODY_BYTES = 256 * 1024;
    private final Router router;

    public ApiHandler() {
        this(AwsServices.fromEnvironment());
        // SnapStart: every GET route once before the snapshot, so a restored function's first request is warm
        Priming.add(router::primeGetRoutes);
    }

    public ApiHandler(Services services) {
        this(groups(services));
    }

    ApiHandler(List<ApiRoutes> groups) {
        this.router = new Router(MAX_BODY_BYTES);
        groups.forEach(g -> g.register(router));
    }

    static List<ApiRoutes> groups(Services services) {
        BrandStore brands = new BrandStore(services.table());
        boolean local = Boolean.parseBoolean(services.env().get("CM_LOCAL", "false"));
        return List.of(
                new BrandRoutes(brands, services.secrets(), services.clock(),
                        CursorCodec.forTable(services.table(), services.env())),
                new AccountRoutes(brands, new PostStore(services.table()), services.secrets(), services.clock(), local),
                new PostRoutes(services),
                new CommentRoutes(services),
                new StatsRoutes(services),
                new SavedReplyRoutes(services),
                new SubscriptionRoutes(services),
                new CrisisRoutes(services));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return router.handle(event);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        router.handle(event, response);
    }

    Router router() {
        return router;
    }
}
