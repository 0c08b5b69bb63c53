package io.cmautopilot.core;

import com.github.f4b6a3.ulid.UlidCreator;

/** Sortable unique ids (ULID, monotonic within a millisecond), so ids sort by creation time. */
public final class Ids {
    private Ids() {
    }

    public static String next() {
        return UlidCreator.getMonotonicUlid().toString();
    }
}
