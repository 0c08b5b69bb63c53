package io.cmautopilot.digest;

import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.console.ConsoleLinks;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.digest.render.DigestRenderer;
import io.cmautopilot.digest.render.Messages;
import io.cmautopilot.digest.render.RenderedDigest;
import io.cmautopilot.digest.unsubscribe.UnsubscribeTokens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds and renders one digest, for sending or for the preview route: both go through {@link #render}, so the
 * preview is the sent HTML byte for byte. Adds what makes it a proper bulk mail: the signed one-click unsubscribe
 * link in the footer and in {@code List-Unsubscribe} with {@code List-Unsubscribe-Post} (RFC 8058, which Gmail and
 * Yahoo require of bulk senders since 2024).
 */
public final class DigestComposer {
    private final DigestBuilder builder;
    private final DigestRenderer renderer;
    private final UnsubscribeTokens tokens;
    private final String baseUrl;
    private final String sender;

    public DigestComposer(DigestBuilder builder, DigestRenderer renderer, UnsubscribeTokens tokens, String baseUrl,
                          String sender) {
        this.builder = builder;
        this.renderer = renderer;
        this.tokens = tokens;
        this.baseUrl = baseUrl == null || !baseUrl.endsWith("/") ? baseUrl : baseUrl.substring(0, baseUrl.length() - 1);
        this.sender = sender;
    }

    /**
     * The composer of a deployed function, from its environment (template.yaml): {@code SENDER_EMAIL},
     * {@code PUBLIC_BASE_URL} (the HTTP API's URL, for unsubscribe links; {@code baseUrl} when it is not set, null
     * meaning the caller supplies one with {@link #withBaseUrl} before rendering for a subscriber) and
     * {@code CM_CONSOLE_URL} for the links to the console.
     */
    public static DigestComposer from(Services services, UnsubscribeTokens tokens, String baseUrl) {
        var table = services.table();
        var builder = new DigestBuilder(new BrandStore(table), new CounterStore(table), new HighlightStore(table),
                new CrisisStore(table), new InboxStore(table));
        var links = ConsoleLinks.of(services.env().optional(ConsoleLinks.ENV).orElse(null));
        return new DigestComposer(builder, new DigestRenderer(links), tokens,
                services.env().optional("PUBLIC_BASE_URL").orElse(baseUrl),
                services.env().get("SENDER_EMAIL", "digest@example.com"));
    }

    /** True when the public base URL of the unsubscribe links is configured. */
    public boolean hasBaseUrl() {
        return baseUrl != null;
    }

    /** The same composer with another public base URL (the HTTP function learns it from the request). */
    public DigestComposer withBaseUrl(String url) {
        return new DigestComposer(builder, renderer, tokens, url, sender);
    }

    /** The digest a subscription receives for the send date {@code sendDate} (its own local date). */
    public RenderedDigest render(Brand brand, Subscription s, LocalDate sendDate) {
        DigestPeriod period = DigestPeriod.before(s.cadence(), s.timezone(), sendDate);
        return renderer.render(builder.build(brand, period), Messages.of(s.language()), s.email(), unsubscribeUrl(s));
    }

    /** A digest in the brand's zone and language, for a preview without a subscription. */
    public RenderedDigest render(Brand brand, Subscription.Cadence cadence, ZoneId zone, String language,
                                 LocalDate sendDate) {
        DigestPeriod period = DigestPeriod.before(cadence, zone, sendDate);
        return renderer.render(builder.build(brand, period), Messages.of(language), null, null);
    }

    public Email email(Brand brand, Subscription s, LocalDate sendDate) {
        RenderedDigest d = render(brand, s, sendDate);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + unsubscribeUrl(s) + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("Auto-Submitted", "auto-generated");
        List<Email.InlinePart> inline = d.chartPng() == null ? List.of()
                : List.of(new Email.InlinePart(RenderedDigest.CHART_CONTENT_ID, "image/png", RenderedDigest.CHART_FILE,
                d.chartPng()));
        return new Email(sender, List.of(s.email()), d.subject(), d.html(), d.text(), headers, inline);
    }

    public String unsubscribeUrl(Subscription s) {
        if (baseUrl == null) {
            throw new IllegalStateException("PUBLIC_BASE_URL is not set: unsubscribe links need it");
        }
        return baseUrl + "/unsubscribe?token="
                + URLEncoder.encode(tokens.sign(s.brandId(), s.id()), StandardCharsets.UTF_8);
    }
}
