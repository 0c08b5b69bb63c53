package io.cmautopilot.scoring.alert;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.reply.InboxActions;

import java.time.Clock;

/**
 * Hides a toxic comment on its network for brands that opted in ({@code BrandSettings.autoHideToxic}), through the
 * very path of the API's manual hide ({@link InboxActions}: Facebook {@code is_hidden}, Instagram {@code hide}, X
 * {@code PUT /2/tweets/:id/hidden}, the local sink; docs/ARCHITECTURE.md, Inbox), and marks the comment hidden.
 * Any refusal or failure is logged and leaves the comment visible: hiding is a convenience, the TOXIC flag and the
 * alert already went out. The caller records why (rule and score) on the comment's tracking.
 */
public final class AutoHider {
    private final InboxActions actions;
    private final CommentStore comments;
    private final Clock clock;

    public AutoHider(InboxActions actions, CommentStore comments, Clock clock) {
        this.actions = actions;
        this.comments = comments;
        this.clock = clock;
    }

    public boolean supports(Network network) {
        return actions.canHide(network);
    }

    /** True when the network accepted the hide and the comment was marked hidden. */
    public boolean hide(Comment c) {
        if (!supports(c.network()) || c.hidden() || c.accountId() == null) {
            return false;
        }
        try {
            PublishResult r = actions.hide(c, true);
            if (!(r instanceof PublishResult.Published)) {
                Log.warn("auto-hide refused", "brandId", c.brandId(), "commentId", c.id(), "network",
                        c.network().id(), "outcome", r.toString());
                return false;
            }
            return comments.markHidden(c, clock.instant());
        } catch (RuntimeException e) {
            Log.error("auto-hide failed", e, "brandId", c.brandId(), "commentId", c.id());
            return false;
        }
    }
}
