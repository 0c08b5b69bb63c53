package io.cmautopilot.intake;

import io.cmautopilot.core.crypto.Hmac;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;

import java.util.List;

/**
 * One platform's webhook (openapi.yaml, tag webhooks; docs/PLATFORMS.md): the handshake the platform runs before it
 * delivers, the signature check over the raw body, and the normalisation of a verified body into {@link Incoming}
 * changes. Each platform is a package beside the others ({@code intake.meta}, {@code intake.x},
 * {@code intake.linkedin}, {@code intake.generic}); {@link WebhookHandler} only routes to them and runs the shared
 * steps in the same order for all: size check, {@link #verify}, JSON parse, {@link #parse}, store once.
 */
public interface WebhookSource {
    /** The route below {@code /webhooks/}, e.g. {@code meta} or {@code generic/{brand}}. */
    String path();

    /** True when the platform runs a GET handshake on the same path (Meta, X and LinkedIn do; the relay does not). */
    default boolean hasHandshake() {
        return false;
    }

    /** Answers the GET handshake; only called when {@link #hasHandshake()}. */
    default APIGatewayV2HTTPResponse handshake(HttpRequest request) {
        throw ApiError.notFound("no handshake on this webhook");
    }

    /**
     * Checks the delivery's signature over the raw body before anything is parsed; throws {@link ApiError} 401 when
     * it does not match, or when the webhook is not configured. Says which brands the delivery may reach.
     */
    Scope verify(HttpRequest request);

    /** Normalises a verified JSON body; what is not a comment is left out. Bad input is an {@link ApiError}. */
    List<Incoming> parse(JsonNode body);

    /**
     * Which brands a verified delivery may reach: {@link #ACCOUNTS} for an app-level webhook (each change is routed by
     * the account it names), or one brand for a per-brand webhook signed with that brand's own secret.
     */
    record Scope(String brandId) {
        public static final Scope ACCOUNTS = new Scope(null);

        public static Scope brand(String brandId) {
            if (brandId == null) {
                throw new IllegalArgumentException("brandId is required");
            }
            return new Scope(brandId);
        }
    }

    /** The signature check every source ends with: a constant-time comparison, 401 naming the header otherwise. */
    static void requireSignature(String claimed, String expected, String header) {
        if (!Hmac.matches(claimed, expected)) {
            throw ApiError.unauthorized(header + " does not match the body");
        }
    }
}
