package io.cmautopilot.core.events;

/**
 * An event whose {@code schemaVersion} this code does not know (a newer emitter was deployed first, or the detail is
 * not one of ours): refused with the reason rather than read with the wrong meaning.
 */
public final class UnsupportedSchemaVersion extends IllegalArgumentException {
    private final String detailType;
    private final int version;

    public UnsupportedSchemaVersion(String detailType, int version) {
        super(detailType + " has schemaVersion " + version + ", this reader knows versions 1 to "
                + BusEvents.SCHEMA_VERSION + ": deploy the consumer before the emitter of a new version");
        this.detailType = detailType;
        this.version = version;
    }

    public String detailType() {
        return detailType;
    }

    public int version() {
        return version;
    }
}
