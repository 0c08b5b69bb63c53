package io.cmautopilot.intake.generic;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.intake.Incoming;
import io.cmautopilot.core.crypto.Hmac;
import io.cmautopilot.intake.WebhookSource;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The generic webhook of one brand (openapi.yaml, {@code /webhooks/generic/{brand}}): a relay we document signs
 * {@code <unix seconds>.<raw body>} with the brand's own secret ({@code X-CM-Timestamp}, {@code X-CM-Signature} =
 * "sha256=" + hex HMAC-SHA256), within {@link #TIMESTAMP_WINDOW_SECONDS} of our clock so a captured delivery cannot be
 * replayed later. A verified delivery only reaches that brand; {@link GenericPayloads} reads the body.
 */
public final class GenericSource implements WebhookSource {
    /** The replay window, in seconds either side of our clock. */
    public static final long TIMESTAMP_WINDOW_SECONDS = 300;

    private final BrandStore brands;
    private final Secrets secrets;
    private final Clock clock;

    public GenericSource(BrandStore brands, Secrets secrets, Clock clock) {
        this.brands = brands;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public String path() {
        return "generic/{brand}";
    }

    @Override
    public Scope verify(HttpRequest request) {
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
        WebhookSource.requireSignature(request.header("x-cm-signature"), "sha256=" + Hmac.hex(
                Hmac.sha256(secret, Hmac.utf8(timestamp.trim() + "."), request.body())),
                "X-CM-Signature");
        return Scope.brand(brandId);
    }

    @Override
    public List<Incoming> parse(JsonNode body) {
        return GenericPayloads.parse(body);
    }
}
