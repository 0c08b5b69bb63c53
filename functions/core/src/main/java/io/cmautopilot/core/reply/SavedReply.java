package io.cmautopilot.core.reply;

import java.time.Instant;

/** A brand's ready-made answer in one language, with placeholders filled when a reply is sent (core.reply.Placeholders). */
public record SavedReply(String id, String brandId, String name, String language, String text, Instant createdAt,
                         Instant updatedAt) {
}
