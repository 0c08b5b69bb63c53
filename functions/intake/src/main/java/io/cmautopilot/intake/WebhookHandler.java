package io.cmautopilot.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.intake.PlatformSecrets.Name;
import org.crac.Core;
import org.crac.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

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
    /** The generic webhook's replay window, in seconds either side of our clock. */
    public static final long TIMESTAMP_WINDOW_SECONDS = 300;
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /**
     * What X sends as {@code crc_token}: an opaque base64 string (the documented example is the base64 of a UUID).
     * The CRC answer is the very HMAC that signs deliveries, so the token's alphabet must exclude everything a
     * delivery body starts with ({@code {} or white space): no token we answer can be a body we would accept.
     */
    static final Pattern X_CRC_TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{8,128}={0,2}");
    /**
     * LinkedIn's {@code challengeCode}: "a randomly generated type-4 UUID" (learn.microsoft.com/linkedin/shared/
     * api-guide/webhook-validation). Only that shape is answered, so the answer cannot sign a body.
     */
    static final Pattern LINKEDIN_CHALLENGE = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private final Router router;
    private final CommentIntake intake;
    private final BrandStore brands;
    private final Secrets secrets;
    private final PlatformSecrets platform;
    private final Clock clock;

    public WebhookHandler() {
        this(AwsServices.fromEnvironment());
        Core.getGlobalContext().register(this);
    }

    public WebhookHandler(Services s) {
        this(new CommentIntake(new BrandStore(s.table()), new CommentStore(s.table()), new PostStore(s.table()),
                        new UnknownAccounts(s.table(), s.clock()), s.bus(), s.clock(), OwnReplies.of(s.table())),
                new BrandStore(s.table()), s.secrets(), PlatformSecrets.from(s.env(), s.secrets()), s.clock());
    }

    public WebhookHandler(CommentIntake intake, BrandStore brands, Secrets secrets, PlatformSecrets platform,
                          Clock clock) {
        this.intake = intake;
        this.brands = brands;
        this.secrets = secrets;
        this.platform = platform;
        this.clock = clock;
        this.router = new Router(MAX_BODY_BYTES)
                .on("GET /webhooks/meta", this::metaHandshake)
                .on("POST /webhooks/meta", this::meta)
                .on("GET /webhooks/x", this::xCrc)
                .on("POST /webhooks/x", this::x)
                .on("GET /webhooks/linkedin", this::linkedInChallenge)
                .on("POST /webhooks/linkedin", this::linkedIn)
                .on("POST /webhooks/generic/{brand}", this::generic);
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
            router.handle(new java.io.ByteArrayInputStream(Signatures.utf8(
                    "{\"version\":\"2.0\",\"routeKey\":\"GET /webhooks/x\",\"rawPath\":\"/webhooks/x\"}")),
                    OutputStream.nullOutputStream());
            byte[] body = Signatures.utf8("{\"object\":\"page\",\"entry\":[]}");
            Signatures.matches("sha256=00", Signatures.hex(Signatures.hmacSha256("priming", body)));
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

    // ---- Meta (developers.facebook.com/docs/graph-api/webhooks/getting-started)

    private APIGatewayV2HTTPResponse metaHandshake(HttpRequest request) {
        String token = platform.get(Name.META_VERIFY_TOKEN).orElse(null);
        if (!"subscribe".equals(request.query("hub.mode")) || request.query("hub.challenge") == null
                || token == null || !Signatures.matches(request.query("hub.verify_token"), token)) {
            throw ApiError.forbidden("verify token does not match");
        }
        String challenge = request.query("hub.challenge");
        // Meta sends a number; echoing anything else would turn the endpoint into a reflector.
        if (!CHALLENGE.matcher(challenge).matches()) {
            throw ApiError.badRequest("hub.challenge is not a challenge Meta sends", "hub.challenge");
        }
        return HttpResponses.text(200, challenge);
    }

    private APIGatewayV2HTTPResponse meta(HttpRequest request) {
        String secret = configured(Name.META_APP_SECRET);
        verify(request.header("x-hub-signature-256"),
                "sha256=" + Signatures.hex(Signatures.hmacSha256(secret, request.body())), "X-Hub-Signature-256");
        return store(MetaPayloads.parse(json(request)));
    }

    // ---- X (docs.x.com/x-api/account-activity: CRC and x-twitter-webhooks-signature)

    private APIGatewayV2HTTPResponse xCrc(HttpRequest request) {
        String crc = request.query("crc_token");
        if (crc == null || crc.isEmpty()) {
            throw ApiError.badRequest("crc_token is required", "crc_token");
        }
        if (!X_CRC_TOKEN.matcher(crc).matches()) {
            throw ApiError.badRequest("crc_token is not a token X sends (8 to 128 base64 characters)", "crc_token");
        }
        String token = "sha256=" + Signatures.base64(Signatures.hmacSha256(configured(Name.X_CONSUMER_SECRET),
                Signatures.utf8(crc)));
        return HttpResponses.json(200, Json.object().put("response_token", token));
    }

    private APIGatewayV2HTTPResponse x(HttpRequest request) {
        String secret = configured(Name.X_CONSUMER_SECRET);
        verify(request.header("x-twitter-webhooks-signature"),
                "sha256=" + Signatures.base64(Signatures.hmacSha256(secret, request.body())),
                "x-twitter-webhooks-signature");
        return store(XPayloads.parse(json(request)));
    }

    // ---- LinkedIn (learn.microsoft.com/linkedin/shared/api-guide/webhook-validation)

    private APIGatewayV2HTTPResponse linkedInChallenge(HttpRequest request) {
        String code = request.query("challengeCode");
        if (code == null || code.isEmpty()) {
            throw ApiError.badRequest("challengeCode is required", "challengeCode");
        }
        if (!LINKEDIN_CHALLENGE.matcher(code).matches()) {
            throw ApiError.badRequest("challengeCode is not a LinkedIn challenge (a lower-case type-4 UUID)",
                    "challengeCode");
        }
        String response = Signatures.hex(Signatures.hmacSha256(configured(Name.LINKEDIN_CLIENT_SECRET),
                Signatures.utf8(code)));
        return HttpResponses.json(200, Json.object().put("challengeCode", code).put("challengeResponse", response));
    }

    private APIGatewayV2HTTPResponse linkedIn(HttpRequest request) {
        String secret = configured(Name.LINKEDIN_CLIENT_SECRET);
        // Only the form LinkedIn documents: hex HMAC-SHA256 of "hmacsha256=" + the raw body. The HMAC of the body
        // alone is what the challenge answer computes, so accepting it too would let a challenge answer sign a body.
        verify(request.header("x-li-signature"), Signatures.hex(Signatures.hmacSha256(secret,
                Signatures.utf8("hmacsha256="), request.body())), "X-LI-Signature");
        return store(LinkedInPayloads.parse(json(request)));
    }

    // ---- generic (openapi.yaml, /webhooks/generic/{brand})

    private APIGatewayV2HTTPResponse generic(HttpRequest request) {
        String brandId = request.pathParam("brand");
        Optional<Brand> brand = Brand.ID.matcher(brandId).matches() ? brands.get(brandId) : Optional.empty();
        // An unknown brand answers exactly like a bad signature, so the route does not reveal which brands exist.
        if (brand.isEmpty() || brand.get().webhookSecretRef() == null) {
            throw ApiError.unauthorized("X-CM-Signature does not match");
        }
        String timestamp = request.header("x-cm-timestamp");
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw ApiError.unauthorized("X-CM-Timestamp must be unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > TIMESTAMP_WINDOW_SECONDS) {
            throw ApiError.unauthorized("X-CM-Timestamp is outside the " + TIMESTAMP_WINDOW_SECONDS + " s window");
        }
        String secret;
        try {
            secret = secrets.get(brand.get().webhookSecretRef());
        } catch (RuntimeException e) {
            Log.error("generic webhook secret unreadable", e, "brandId", brandId);
            throw ApiError.unauthorized("X-CM-Signature does not match");
        }
        verify(request.header("x-cm-signature"), "sha256=" + Signatures.hex(Signatures.hmacSha256(secret,
                Signatures.utf8(timestamp.trim() + "."), request.body())), "X-CM-Signature");
        CommentIntake.Result r = intake.acceptForBrand(brandId, GenericPayloads.parse(json(request)));
        return answer(r);
    }

    // ---- shared steps

    private String configured(Name name) {
        return platform.get(name).orElseThrow(() -> {
            Log.warn("webhook refused: platform secret not configured", "secret", name.name());
            return ApiError.unauthorized("this webhook is not configured");
        });
    }

    private static void verify(String claimed, String expected, String header) {
        if (!Signatures.matches(claimed, expected)) {
            throw ApiError.unauthorized(header + " does not match the body");
        }
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

    private APIGatewayV2HTTPResponse store(List<Incoming> changes) {
        return answer(intake.accept(changes));
    }

    private static APIGatewayV2HTTPResponse answer(CommentIntake.Result r) {
        return HttpResponses.json(200, Json.object().put("stored", r.stored()).put("duplicates", r.duplicates())
                .put("edited", r.edited()).put("removed", r.removed()).put("unknownAccount", r.unknownAccount()));
    }
}
