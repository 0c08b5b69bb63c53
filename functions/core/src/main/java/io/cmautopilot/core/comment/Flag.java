package io.cmautopilot.core.comment;

import java.util.List;
import java.util.Objects;

/** A moderation flag with what triggered it (toxicity labels, watch-list terms, the question cue...). */
public record Flag(Type type, Severity severity, List<String> labels) {
    public enum Type { NEGATIVE, TOXIC, NEEDS_REPLY, WATCHLIST }

    public enum Severity { LOW, MEDIUM, HIGH }

    public Flag {
        Objects.requireNonNull(type, "type");
        severity = severity == null ? Severity.LOW : severity;
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
