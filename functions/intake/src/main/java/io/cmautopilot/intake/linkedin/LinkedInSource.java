package io.cmautopilot.intake.linkedin;

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
 * LinkedIn's webhooks (docs/PLATFORMS.md, "LinkedIn"; learn.microsoft.com/linkedin/shared/api-guide/
 * webhook-validation): the {@code challengeCode} validation answered with the hex HMAC-SHA256 of the code under the
 * client secret, {@code X-LI-Signature} over "hmacsha256=" + the raw body, and {@link LinkedInPayloads} for the body.
 */
public final class LinkedInSource implements WebhookSource {
    /**
     * LinkedIn's {@code challengeCode}: "a randomly generated type-4 UUID" (learn.microsoft.com/linkedin/shared/
     * api-guide/webhook-validation). Only that shape is answered, so the answer cannot sign a body.
     */
    public static final Pattern CHALLENGE = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private final PlatformSecrets platform;

    public LinkedInSource(PlatformSecrets platform) {
        this.platform = platform;
    }

    @Override
    public String path() {
        return "linkedin";
    }

    @Override
    public boolean hasHandshake() {
        return true;
    }

    @Override
    public APIGatewayV2HTTPResponse handshake(HttpRequest request) {
        String code = request.query("challengeCode");
        if (code == null || code.isEmpty()) {
            throw ApiError.badRequest("challengeCode is required", "challengeCode");
        }
        if (!CHALLENGE.matcher(code).matches()) {
            throw ApiError.badRequest("challengeCode is not a LinkedIn challenge (a lower-case type-4 UUID)",
                    "challengeCode");
        }
        String response = Hmac.hex(Hmac.sha256(platform.required(Name.LINKEDIN_CLIENT_SECRET),
                Hmac.utf8(code)));
        return HttpResponses.json(200, Json.object().put("challengeCode", code).put("challengeResponse", response));
    }

    @Override
    public Scope verify(HttpRequest request) {
        String secret = platform.required(Name.LINKEDIN_CLIENT_SECRET);
        // Only the form LinkedIn documents: hex HMAC-SHA256 of "hmacsha256=" + the raw body. The HMAC of the body
        // alone is what the challenge answer computes, so accepting it too would let a challenge answer sign a body.
        WebhookSource.requireSignature(request.header("x-li-signature"), Hmac.hex(Hmac.sha256(secret,
                Hmac.utf8("hmacsha256="), request.body())), "X-LI-Signature");
        return Scope.ACCOUNTS;
    }

    @Override
    public List<Incoming> parse(JsonNode body) {
        return LinkedInPayloads.parse(body);
    }
}
