package io.cmautopilot.intake.x;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.intake.PlatformSecrets;
import io.cmautopilot.intake.PlatformSecrets.Name;
import io.cmautopilot.core.crypto.Hmac;
import io.cmautopilot.intake.WebhookSource;

import java.util.List;
import java.util.regex.Pattern;

/**
 * X's Account Activity webhooks (docs/PLATFORMS.md, "X"; docs.x.com/x-api/account-activity): the CRC check (GET with
 * {@code crc_token}, answered with "sha256=" + base64 HMAC-SHA256 of the token under the consumer secret), the same
 * HMAC of the raw body in {@code x-twitter-webhooks-signature}, and {@link XPayloads} for the body.
 */
public final class XSource implements WebhookSource {
    /**
     * What X sends as {@code crc_token}: an opaque base64 string (the documented example is the base64 of a UUID).
     * The CRC answer is the very HMAC that signs deliveries, so the token's alphabet must exclude everything a
     * delivery body starts with ({@code {} or white space): no token we answer can be a body we would accept.
     */
    public static final Pattern CRC_TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{8,128}={0,2}");

    private final PlatformSecrets platform;

    public XSource(PlatformSecrets platform) {
        this.platform = platform;
    }

    @Override
    public String path() {
        return "x";
    }

    @Override
    public boolean hasHandshake() {
        return true;
    }

    @Override
    public APIGatewayV2HTTPResponse handshake(HttpRequest request) {
        String crc = request.query("crc_token");
        if (crc == null || crc.isEmpty()) {
            throw ApiError.badRequest("crc_token is required", "crc_token");
        }
        if (!CRC_TOKEN.matcher(crc).matches()) {
            throw ApiError.badRequest("crc_token is not a token X sends (8 to 128 base64 characters)", "crc_token");
        }
        String token = "sha256=" + Hmac.base64(Hmac.sha256(platform.required(Name.X_CONSUMER_SECRET),
                Hmac.utf8(crc)));
        return HttpResponses.json(200, Json.object().put("response_token", token));
    }

    @Override
    public Scope verify(HttpRequest request) {
        String secret = platform.required(Name.X_CONSUMER_SECRET);
        WebhookSource.requireSignature(request.header("x-twitter-webhooks-signature"),
                "sha256=" + Hmac.base64(Hmac.sha256(secret, request.body())),
                "x-twitter-webhooks-signature");
        return Scope.ACCOUNTS;
    }

    @Override
    public List<Incoming> parse(JsonNode body) {
        return XPayloads.parse(body);
    }
}
