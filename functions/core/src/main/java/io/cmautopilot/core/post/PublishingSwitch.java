package io.cmautopilot.core.post;

import io.cmautopilot.core.bus.Bus;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.bus.PendingEvents;
import io.cmautopilot.core.events.PublishingPaused;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.store.Transaction;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Pauses and resumes a brand's publishing (docs/PUBLISHING.md, "Pause"). A pause is one conditional write that every
 * later claim checks; the publisher then moves the brand's due targets onto its held list as it meets them, so they
 * neither block other brands' targets nor get lost. Resuming clears the flag first, then puts every held target back
 * on the due index at its own due time: the next tick publishes them. Pausing announces {@code PublishingPaused},
 * with a pending mark written in the pause's own transaction, so a refused announcement is swept, never lost.
 */
public final class PublishingSwitch {
    /** The held list is read from an index that may lag a write by a moment: how often resume re-reads it. */
    static final int RELEASE_PASSES = 5;
    private final PublishingStore publishing;
    private final PostStore posts;
    private final Bus bus;
    private final Clock clock;
    private final PendingEvents pending;

    public PublishingSwitch(PublishingStore publishing, PostStore posts, Bus bus, Clock clock) {
        this.publishing = publishing;
        this.posts = posts;
        this.bus = bus;
        this.clock = clock;
        this.pending = new PendingEvents(publishing.table(), clock);
    }

    /** The state after the call, and whether the call changed it. */
    public record Result(PublishingStore.State state, boolean changed, int released) {
    }

    public Result pause(String brandId, String reason, String source) {
        Instant now = clock.instant();
        // The announcement is stored with the pause (a pending mark): put on the bus now, or by the sweeper.
        var event = new PendingEvents.Pending("PUBLISHING#" + brandId + "#" + now.toEpochMilli(),
                DomainEvent.of(new PublishingPaused(brandId, source, reason, now)));
        Transaction tx = new Transaction();
        pending.mark(tx, event);
        boolean changed = publishing.set(brandId, true, reason, source, now, tx).isPresent();
        if (changed) {
            pending.announce(bus, List.of(event));
            Log.info("publishing paused", "brandId", brandId, "source", source);
        }
        return new Result(publishing.get(brandId), changed, 0);
    }

    public Result resume(String brandId) {
        boolean changed = publishing.set(brandId, false, null, null, clock.instant()).isPresent();
        int released = release(brandId);
        return new Result(publishing.get(brandId), changed, released);
    }

    /** Puts the brand's held targets back on schedule; also used when a resume was interrupted (held above 0). */
    public int release(String brandId) {
        int released = 0;
        for (int pass = 0; pass < RELEASE_PASSES; pass++) {
            PublishingStore.State state = publishing.get(brandId);
            if (state.paused() || state.held() <= 0) {
                break;
            }
            List<PostTarget> held = posts.heldTargets(brandId);
            if (held.isEmpty() && pass > 0) {
                // Twice nothing on the list although the count says otherwise: held targets that left it another
                // way (edited, cancelled while paused). The count is corrected so it never asks for work again.
                publishing.resetHeld(brandId);
                break;
            }
            for (PostTarget t : held) {
                if (posts.release(t, clock.instant())) {
                    released++;
                }
            }
            if (publishing.get(brandId).held() > 0) {
                try {
                    Thread.sleep(100L * (pass + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (released > 0) {
            Log.info("publishing resumed", "brandId", brandId, "released", released);
        }
        return released;
    }
}
