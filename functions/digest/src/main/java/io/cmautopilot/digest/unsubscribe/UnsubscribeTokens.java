package io.cmautopilot.digest.unsubscribe;

import io.cmautopilot.core.crypto.Hmac;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signed unsubscribe tokens: {@code base64url(brandId ":" subscriptionId) "." base64url(HMAC-SHA256(key, payload))}.
 * The link in every digest carries one, so unsubscribing needs no login and cannot be forged for someone else's
 * subscription. Verification recomputes the MAC over the received payload bytes and compares in constant time
 * before anything in the payload is trusted; every failure is the same empty answer (no hint of which part failed).
 */
public final class UnsubscribeTokens {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private static final int MAX_TOKEN = 512;
    private final Supplier<byte[]> key;

    /** {@code key} is read on first use (it may come from Secrets Manager) and must be at least 16 bytes. */
    public UnsubscribeTokens(Supplier<byte[]> key) {
        this.key = key;
    }

    /**
     * The tokens of a deployed function: the key from {@code CM_UNSUBSCRIBE_KEY} or the secret named by
     * {@code UNSUBSCRIBE_KEY_ARN} (template.yaml), read on first use.
     */
    public static UnsubscribeTokens from(io.cmautopilot.core.config.Services services) {
        return new UnsubscribeTokens(UnsubscribeKey.from(services.env(), services::secrets));
    }

    public record Target(String brandId, String subscriptionId) {
    }

    public String sign(String brandId, String subscriptionId) {
        if (brandId.contains(":")) {
            throw new IllegalArgumentException("brand ids never contain ':'");
        }
        byte[] payload = (brandId + ":" + subscriptionId).getBytes(StandardCharsets.UTF_8);
        return ENC.encodeToString(payload) + "." + ENC.encodeToString(mac(payload));
    }

    public Optional<Target> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] given;
        try {
            payload = DEC.decode(token.substring(0, dot));
            given = DEC.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!Hmac.verify(mac(payload), given)) {
            return Optional.empty();
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Target(text.substring(0, colon), text.substring(colon + 1)));
    }

    private byte[] mac(byte[] payload) {
        byte[] k = key.get();
        if (k == null || k.length < 16) {
            throw new IllegalStateException("the unsubscribe key must be at least 16 bytes");
        }
        return Hmac.sha256(k, payload);
    }
}
