package io.cmautopilot.core.brand;

import io.cmautopilot.core.Network;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A brand's account on one network. Credentials never live here: {@code secretRef} names them in the secrets store
 * (Secrets Manager in AWS, a local file under the local runtime).
 */
public record Account(String id, String brandId, Network network, String handle, String externalId, String baseUrl,
                      String secretRef, Status status, Map<String, String> settings, Instant createdAt) {

    public enum Status { ACTIVE, NEEDS_RECONNECT, DISABLED }

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public Account withStatus(Status newStatus) {
        return new Account(id, brandId, network, handle, externalId, baseUrl, secretRef, newStatus, settings, createdAt);
    }
}
