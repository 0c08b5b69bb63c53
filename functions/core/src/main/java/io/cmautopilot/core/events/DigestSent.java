package io.cmautopilot.core.events;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.bus.DomainEvent;

/** {@code DigestSent}: SES accepted a digest and its send record is SENT; docs/EVENTS.md, "Digest". */
public record DigestSent(Integer schemaVersion, String brandId, String subscriptionId, String periodKey,
                         String messageId) implements BusEvent {
    public static final String TYPE = DomainEvent.DIGEST_SENT;

    public DigestSent {
        schemaVersion = BusEvents.version(TYPE, schemaVersion);
        BusEvents.required(TYPE, "brandId", brandId);
        BusEvents.required(TYPE, "subscriptionId", subscriptionId);
        BusEvents.required(TYPE, "periodKey", periodKey);
    }

    /** At the current {@link BusEvents#SCHEMA_VERSION}. */
    public DigestSent(String brandId, String subscriptionId, String periodKey, String messageId) {
        this(BusEvents.SCHEMA_VERSION, brandId, subscriptionId, periodKey, messageId);
    }

    @Override
    public String detailType() {
        return TYPE;
    }
}
