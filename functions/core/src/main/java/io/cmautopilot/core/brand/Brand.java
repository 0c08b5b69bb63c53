package io.cmautopilot.core.brand;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A brand: the unit every account, post, comment, counter and subscription belongs to. Its IANA zone decides the
 * local days of its counters and digests; its language the default of its texts.
 */
public record Brand(String id, String name, ZoneId timezone, String language, BrandSettings settings,
                    String webhookSecretRef, Instant createdAt) {

    public static final Pattern ID = Pattern.compile("[a-z0-9-]{2,40}");

    public Brand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(createdAt, "createdAt");
        settings = settings == null ? BrandSettings.defaults() : settings;
    }

    public Brand withSettings(BrandSettings newSettings) {
        return new Brand(id, name, timezone, language, newSettings, webhookSecretRef, createdAt);
    }

    public Brand withWebhookSecretRef(String ref) {
        return new Brand(id, name, timezone, language, settings, ref, createdAt);
    }
}
