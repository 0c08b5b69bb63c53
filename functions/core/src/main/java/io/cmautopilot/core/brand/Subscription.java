package io.cmautopilot.core.brand;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/** A digest subscription: who receives which cadence, at which local hour, in which zone and language. */
public record Subscription(String id, String brandId, String email, Cadence cadence, int hour, DayOfWeek weekday,
                           ZoneId timezone, String language, boolean active, Instant createdAt) {

    public enum Cadence { DAILY, WEEKLY }

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(createdAt, "createdAt");
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0-23");
        }
        if (cadence == Cadence.WEEKLY && weekday == null) {
            throw new IllegalArgumentException("weekly subscriptions need a weekday");
        }
    }

    public Subscription withActive(boolean value) {
        return new Subscription(id, brandId, email, cadence, hour, weekday, timezone, language, value, createdAt);
    }
}
