package io.cmautopilot.core.events;

/**
 * The detail of one domain event on the bus, one record per {@code detail-type} (docs/EVENTS.md). Every record carries
 * {@code schemaVersion}: absent on events put before it existed, which are read as version 1; a version newer than
 * {@link BusEvents#SCHEMA_VERSION} is refused ({@link UnsupportedSchemaVersion}) rather than misread. Records are
 * written and read only through {@link BusEvents}, with the shared mapper ({@code core.json.Json}).
 */
public sealed interface BusEvent permits PostPublished, PostFailed, PostUnconfirmed, AccountNeedsReconnect,
        PublishingPaused, ReplyPublished, ReplyFailed, CommentStateChanged, CommentReceived, CommentScored,
        CommentFlagged, CrisisDetected, DigestSent {

    /** The {@code detail-type} this record is put under. */
    String detailType();

    Integer schemaVersion();

    String brandId();
}
