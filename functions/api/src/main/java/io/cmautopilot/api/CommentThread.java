package io.cmautopilot.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;

import java.util.Optional;

/**
 * The thread a comment belongs to (docs/API.md, "thread"): the post of ours it is on and the comment it answers.
 * Bounded reads inside the comment's own brand only: the post by id (its own partition, docs/DATA-MODEL.md) kept only
 * when it is the brand's; the parent through the claim of the origin that stored the comment (patterns 53 and 39),
 * whose keys carry the brand. Never a Query over the brand, never a Scan. Fields are absent when unknown.
 */
final class CommentThread {
    static final int MAX_TEXT = 2000;
    private final CommentStore comments;
    private final PostStore posts;

    CommentThread(CommentStore comments, PostStore posts) {
        this.comments = comments;
        this.posts = posts;
    }

    /** {@code {post?: {id, text, url}, parent?: {id, author, text, receivedAt}}}; empty object when nothing is known. */
    ObjectNode of(Comment c) {
        ObjectNode thread = Json.object();
        post(c).ifPresent(p -> thread.set("post", p));
        parent(c).ifPresent(p -> thread.set("parent", p));
        return thread;
    }

    private Optional<ObjectNode> post(Comment c) {
        if (c.postId() == null || c.postId().isBlank() || c.postId().length() > 100) {
            return Optional.empty();
        }
        Optional<Post> found = posts.get(c.postId()).filter(p -> c.brandId().equals(p.brandId()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Post p = found.get();
        String text = p.variants().getOrDefault(c.network(), p.text());
        String url = p.targets().stream()
                .filter(t -> t.network() == c.network() && c.brandId().equals(t.brandId()) && t.remoteUrl() != null)
                .sorted((a, b) -> Boolean.compare(!same(a, c), !same(b, c)))
                .map(PostTarget::remoteUrl).findFirst().orElse(null);
        ObjectNode n = Json.object().put("id", p.id());
        if (text != null) {
            n.put("text", clip(text));
        }
        if (url != null) {
            n.put("url", url);
        }
        return Optional.of(n);
    }

    private static boolean same(PostTarget t, Comment c) {
        return c.accountId() != null && c.accountId().equals(t.accountId());
    }

    private Optional<ObjectNode> parent(Comment c) {
        String parentId = c.parentExternalId();
        if (parentId == null || parentId.isBlank() || parentId.equals(c.externalId())) {
            return Optional.empty();
        }
        return comments.origin(c.brandId(), c.id())
                .flatMap(origin -> comments.find(origin, c.network(), parentId))
                .filter(p -> c.brandId().equals(p.brandId()) && !p.id().equals(c.id()))
                .map(p -> {
                    ObjectNode n = Json.object().put("id", p.id());
                    Comment.Author a = p.author();
                    ObjectNode author = n.putObject("author");
                    if (a.id() != null) {
                        author.put("id", a.id());
                    }
                    if (a.handle() != null) {
                        author.put("handle", a.handle());
                    }
                    if (a.name() != null) {
                        author.put("name", a.name());
                    }
                    n.put("text", clip(p.text()));
                    n.put("receivedAt", p.receivedAt().toString());
                    if (p.removed()) {
                        n.put("removed", true);
                    }
                    return n;
                });
    }

    private static String clip(String text) {
        return text.codePointCount(0, text.length()) <= MAX_TEXT ? text
                : text.substring(0, text.offsetByCodePoints(0, MAX_TEXT)) + "…";
    }
}
