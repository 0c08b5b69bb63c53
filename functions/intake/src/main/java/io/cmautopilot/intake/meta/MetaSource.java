package io.cmautopilot.intake.meta;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.intake.PlatformSecrets;
import io.cmautopilot.intake.PlatformSecrets.Name;
import io.cmautopilot.core.crypto.Hmac;
import io.cmautopilot.intake.WebhookSource;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Meta Webhooks for Facebook Pages and Instagram (docs/PLATFORMS.md, "Meta"; developers.facebook.com/docs/graph-api/
 * webhooks/getting-started): the {@code hub.*} verification request, {@code X-Hub-Signature-256} = "sha256=" + hex
 * HMAC-SHA256 of the raw body with the app secret, and {@link MetaPayloads} for the body.
 */
public final class MetaSource implements WebhookSource {
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final PlatformSecrets platform;

    public MetaSource(PlatformSecrets platform) {
        this.platform = platform;
    }

    @Override
    public String path() {
        return "meta";
    }

    @Override
    public boolean hasHandshake() {
        return true;
    }

    @Override
    public APIGatewayV2HTTPResponse handshake(HttpRequest request) {
        String token = platform.get(Name.META_VERIFY_TOKEN).orElse(null);
        if (!"subscribe".equals(request.query("hub.mode")) || request.query("hub.challenge") == null
                || token == null || !Hmac.matches(request.query("hub.verify_token"), token)) {
            throw ApiError.forbidden("verify token does not match");
        }
        String challenge = request.query("hub.challenge");
        // Meta sends a number; echoing anything else would turn the endpoint into a reflector.
        if (!CHALLENGE.matcher(challenge).matches()) {
            throw ApiError.badRequest("hub.challenge is not a challenge Meta sends", "hub.challenge");
        }
        return HttpResponses.text(200, challenge);
    }

    @Override
    public Scope verify(HttpRequest request) {
        String secret = platform.required(Name.META_APP_SECRET);
        WebhookSource.requireSignature(request.header("x-hub-signature-256"),
                "sha256=" + Hmac.hex(Hmac.sha256(secret, request.body())), "X-Hub-Signature-256");
        return Scope.ACCOUNTS;
    }

    @Override
    public List<Incoming> parse(JsonNode body) {
        return MetaPayloads.parse(body);
    }
}
