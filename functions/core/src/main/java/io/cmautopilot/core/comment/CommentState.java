package io.cmautopilot.core.comment;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a comment stands in the inbox: OPEN (someone should look at it), ANSWERED (a reply went out or the brand's own
 * reply was seen), RESOLVED (nothing to do: decided by scoring or by a person), IGNORED (a person chose not to act).
 */
public enum CommentState {
    OPEN, ANSWERED, RESOLVED, IGNORED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state scoring gives a comment it has just scored (docs/ARCHITECTURE.md, "Inbox"): a comment that needs a
     * reply, or carries any other flag (negative, toxic, watch-list), stays OPEN for a person; anything else is
     * RESOLVED, so the open list is the work, not the history. Applied only while automation owns the state.
     */
    public static CommentState afterScoring(java.util.List<Flag> flags) {
        return flags == null || flags.isEmpty() ? RESOLVED : OPEN;
    }

    public static Optional<CommentState> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id().equals(wanted)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(CommentState::id).collect(Collectors.joining(", "));
    }
}
