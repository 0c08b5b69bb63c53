package io.cmautopilot.core.comment;

import java.time.Instant;
import java.util.List;

/**
 * The inbox side of a comment, kept on the comment item next to what intake and scoring wrote: its state and who
 * set it last, the assignee, internal notes, what the platform did to it (hidden, removed, edited) and when the
 * first reply went out. {@code version} grows with every change made here, for optimistic concurrency
 * ({@code If-Match}); it is not the text version that scoring keys on ({@link Comment#version()}).
 */
public record Tracking(CommentState state, String stateBy, Instant stateAt, String assignee, List<Note> notes,
                       long version, Instant editedAt, Instant hiddenAt, HiddenReason hiddenReason, Instant removedAt,
                       Instant firstReplyAt, List<String> replyIds) {

    /** Who set the state when no person did: intake (a new comment), scoring (its first verdict), a reply. */
    public static final String BY_INTAKE = "intake";
    public static final String BY_SCORING = "scoring";
    public static final String BY_REPLY = "reply";

    public enum Visibility {
        VISIBLE, HIDDEN, REMOVED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Note(Instant at, String by, String text) {
    }

    /** Why the suite hid a comment, so that a person can judge and undo it. */
    public record HiddenReason(String by, String rule, Double score) {
    }

    public Tracking {
        state = state == null ? CommentState.OPEN : state;
        notes = notes == null ? List.of() : List.copyOf(notes);
        replyIds = replyIds == null ? List.of() : List.copyOf(replyIds);
    }

    public Visibility visibility(Comment c) {
        if (c.removed()) {
            return Visibility.REMOVED;
        }
        return c.hidden() ? Visibility.HIDDEN : Visibility.VISIBLE;
    }

    /** True while automation (intake, scoring) owns the state: no person and no reply has set it. */
    public boolean automatic() {
        return stateBy == null || BY_INTAKE.equals(stateBy) || BY_SCORING.equals(stateBy);
    }
}
