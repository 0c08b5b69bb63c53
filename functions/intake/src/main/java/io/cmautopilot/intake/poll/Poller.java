package io.cmautopilot.intake.poll;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.intake.CommentIntake;

/**
 * A network read by polling instead of webhooks (docs/PLATFORMS.md: Mastodon and Bluesky): one run reads what is new
 * for an account since its cursor ({@link PollCursorStore}), stores it through {@link CommentIntake} and moves the cursor
 * only past what was stored. A run that cannot finish throws {@link PollFailed} and leaves the cursor.
 */
public interface Poller {
    Network network();

    CommentIntake.Result poll(Account account);
}
