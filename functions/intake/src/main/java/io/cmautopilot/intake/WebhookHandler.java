package io.cmautopilot.intake;

import io.cmautopilot.core.crypto.Hmac;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.intake.generic.GenericSource;
import io.cmautopilot.intake.linkedin.LinkedInSource;
import io.cmautopilot.intake.meta.MetaPayloads;
import io.cmautopilot.intake.meta.MetaSource;
import io.cmautopilot.intake.x.XSource;
import org.crac.Core;
import org.crac.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;

/**
 * The public webhook routes (openapi.yaml, tag webhooks): platform handshakes, then for every POST the same order:
 * size check (the router, 413), signature over the raw bytes in constant time (401, nothing parsed or stored), JSON
 * parse (400 naming the problem), normalise, store once and announce ({@link CommentIntake}). A delivery is
 * acknowledged with 200 as soon as it is stored, whatever it contained (unknown accounts, duplicates, event types we
 * ignore), because every platform retries non-2xx answers for hours.
 */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        RequestStreamHandler,
        Resource {
    /**
     * 1 MiB. Meta's largest batches (up to 1000 changes) stay well below it; X and LinkedIn send a few KB; API
     * Gateway itself refuses more than 10 MB. Bigger bodies get 413 before they are decoded or verified.
     */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private final Router router;
    private final BrandStore brands;
    private final CommentIntake intake;

    public WebhookHandler() {
        this(AwsServices.fromEnvironment());
        Core.getGlobalContext().register(this);
    }

    public WebhookHandler(Services s) {
        this(CommentIntake.from(s), new BrandStore(s.table()), sources(s));
    }

    public WebhookHandler(CommentIntake intake, BrandStore brands, List<WebhookSource> sources) {
        this.intake = intake;
        this.brands = brands;
        this.router = new Router(MAX_BODY_BYTES);
        for (WebhookSource source : sources) {
            if (source.hasHandshake()) {
                router.on("GET /webhooks/" + source.path(), source::handshake);
            }
            router.on("POST /webhooks/" + source.path(), request -> deliver(source, request));
        }
    }

    /** Every webhook the function answers, one per platform package, in the order of openapi.yaml. */
    public static List<WebhookSource> sources(Services s) {
        return sources(PlatformSecrets.from(s.env(), s.secrets()), new BrandStore(s.table()), s.secrets(), s.clock());
    }

    public static List<WebhookSource> sources(PlatformSecrets platform, BrandStore brands, Secrets secrets,
                                              Clock clock) {
        return List.of(new MetaSource(platform), new XSource(platform), new LinkedInSource(platform),
                new GenericSource(brands, secrets, clock));
    }

    /**
     * SnapStart priming (docs/PERFORMANCE.md, "Cold start"): before the snapshot, run the request path once without effect (a
     * handshake refused before any secret is read, an HMAC and a JSON parse of a dummy body, a read of a brand that
     * cannot exist), so the snapshot holds loaded classes, a warm JSON mapper and HMAC provider and an initialised
     * DynamoDB client, but no secret value. Errors are irrelevant here and swallowed.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            // the stream path Lambda calls: event read with the shared mapper, response written back
            router.handle(new java.io.ByteArrayInputStream(Hmac.utf8(
                    "{\"version\":\"2.0\",\"routeKey\":\"GET /webhooks/x\",\"rawPath\":\"/webhooks/x\"}")),
                    OutputStream.nullOutputStream());
            byte[] body = Hmac.utf8("{\"object\":\"page\",\"entry\":[]}");
            Hmac.matches("sha256=00", Hmac.hex(Hmac.sha256("priming", body)));
            MetaPayloads.parse(Json.tree(body));
            brands.get("cm-priming-never-a-brand");
        } catch (RuntimeException | IOException ignored) {
            // priming only
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to re-open: the SDK client reconnects on first use
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return router.handle(event);
    }

    /**
     * What Lambda calls (the runtime prefers the stream method of the same name): the event is read with the shared
     * mapper, not the runtime's own serialiser (docs/PERFORMANCE.md, "Cold start"); same dispatch as the typed one.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        router.handle(event, response);
    }

    // ---- the shared steps, in the same order for every source

    private APIGatewayV2HTTPResponse deliver(WebhookSource source, HttpRequest request) {
        WebhookSource.Scope scope = source.verify(request);
        List<Incoming> changes = source.parse(json(request));
        CommentIntake.Result r = scope.brandId() == null ? intake.accept(changes)
                : intake.acceptForBrand(scope.brandId(), changes);
        return HttpResponses.json(200, Json.object().put("stored", r.stored()).put("duplicates", r.duplicates())
                .put("edited", r.edited()).put("removed", r.removed()).put("unknownAccount", r.unknownAccount()));
    }

    private static JsonNode json(HttpRequest request) {
        if (request.body().length == 0) {
            throw ApiError.badRequest("the request needs a JSON body", null);
        }
        try {
            JsonNode node = Json.tree(request.body());
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("the body must be a JSON object", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr()), null);
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable body", null);
        }
    }
}
