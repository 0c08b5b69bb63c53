package io.cmautopilot.digest;

import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.digest.render.DigestRenderer;
import io.cmautopilot.digest.unsubscribe.UnsubscribeKey;
import io.cmautopilot.digest.unsubscribe.UnsubscribeTokens;

/**
 * Builds the digest's collaborators from {@link Services}, for both handlers. Environment (set by template.yaml):
 * {@code SENDER_EMAIL}, {@code PUBLIC_BASE_URL} (the HTTP API's URL, for unsubscribe links),
 * {@code CM_UNSUBSCRIBE_KEY} or {@code UNSUBSCRIBE_KEY_ARN}.
 */
final class DigestWiring {
    private DigestWiring() {
    }

    static UnsubscribeTokens tokens(Services services) {
        return new UnsubscribeTokens(UnsubscribeKey.from(services.env(), services::secrets));
    }

    /** {@code baseUrl} null: the caller must supply one before rendering for a subscriber. */
    static DigestComposer composer(Services services, UnsubscribeTokens tokens, String baseUrl) {
        var table = services.table();
        var builder = new DigestBuilder(new BrandStore(table), new CounterStore(table), new HighlightStore(table),
                new CrisisStore(table), new io.cmautopilot.core.comment.InboxStore(table));
        return new DigestComposer(builder, new DigestRenderer(io.cmautopilot.core.console.ConsoleLinks.of(
                services.env().optional(io.cmautopilot.core.console.ConsoleLinks.ENV).orElse(null))), tokens,
                services.env().optional("PUBLIC_BASE_URL").orElse(baseUrl),
                services.env().get("SENDER_EMAIL", "digest@example.com"));
    }
}
