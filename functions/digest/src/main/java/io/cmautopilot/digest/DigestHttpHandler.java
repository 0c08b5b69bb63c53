package io.cmautopilot.digest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Priming;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Inputs;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.text.HtmlOutput;
import io.cmautopilot.core.text.PlainText;
import io.cmautopilot.digest.render.Messages;
import io.cmautopilot.digest.render.RenderedDigest;
import io.cmautopilot.digest.templates.JtepageGenerated;
import io.cmautopilot.digest.unsubscribe.UnsubscribeTokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The digest's HTTP routes: the preview (IAM-authorised, like the management API) and the public unsubscribe page
 * and RFC 8058 one-click endpoint (authorised by the signed token alone).
 *
 * <p>{@code GET /unsubscribe} only shows a confirmation form: mail scanners and link previewers fetch links, and an
 * unsubscribe on GET would unsubscribe people who never clicked (the reason RFC 8058 section 1 gives for POST).
 * {@code POST /unsubscribe} (the form, or a mail client's one-click request with body
 * {@code List-Unsubscribe=One-Click}) deactivates the subscription; it is idempotent.
 */
public final class DigestHttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        RequestStreamHandler {
    private static final long MAX_BODY_BYTES = 4 * 1024;
    private final Router router = new Router(MAX_BODY_BYTES);
    private final BrandStore brands;
    private final DigestComposer composer;
    private final UnsubscribeTokens tokens;
    private final Clock clock;

    public DigestHttpHandler() {
        this(AwsServices.fromEnvironment());
        // SnapStart: every GET route once before the snapshot (no brand, no token: nothing read or written)
        Priming.add(router::primeGetRoutes);
    }

    public DigestHttpHandler(Services services) {
        this(services, UnsubscribeTokens.from(services));
    }

    private DigestHttpHandler(Services services, UnsubscribeTokens tokens) {
        this(new BrandStore(services.table()), DigestComposer.from(services, tokens, null), tokens, services.clock());
    }

    public DigestHttpHandler(BrandStore brands, DigestComposer composer, UnsubscribeTokens tokens, Clock clock) {
        this.brands = brands;
        this.composer = composer;
        this.tokens = tokens;
        this.clock = clock;
        router.on("GET /v1/brands/{brand}/digest/preview", this::preview)
                .on("GET /unsubscribe", this::confirmPage)
                .on("POST /unsubscribe", this::unsubscribe);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return router.handle(event);
    }

    /**
     * What Lambda calls (the runtime prefers the stream method of the same name): the event is read with the shared
     * mapper, not the runtime's own serialiser (docs/PERFORMANCE.md, "Cold start"); same dispatch as the typed one.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        router.handle(event, response);
    }

    private APIGatewayV2HTTPResponse preview(HttpRequest request) {
        Brand brand = brands.get(request.pathParam("brand"))
                .orElseThrow(() -> ApiError.notFound("no brand '" + request.pathParam("brand") + "'"));
        String cadenceParam = request.query("cadence");
        Subscription.Cadence cadence;
        if (cadenceParam == null || cadenceParam.isBlank()) {
            cadence = Subscription.Cadence.DAILY;
        } else if (cadenceParam.equals("daily") || cadenceParam.equals("weekly")) {
            cadence = Subscription.Cadence.valueOf(cadenceParam.toUpperCase(Locale.ROOT));
        } else {
            throw ApiError.badRequest("cadence must be daily or weekly", "cadence");
        }
        Instant at = Inputs.instant(request, "at", clock.instant());
        String subscriptionId = request.query("subscription");
        RenderedDigest digest;
        if (subscriptionId != null && !subscriptionId.isBlank()) {
            // Exactly what this subscriber would receive at `at`: same zone, language, footer and unsubscribe link.
            Subscription s = brands.getSubscription(brand.id(), subscriptionId)
                    .orElseThrow(() -> ApiError.notFound("no subscription '" + subscriptionId + "'"));
            if (s.cadence() != cadence && cadenceParam != null && !cadenceParam.isBlank()) {
                throw ApiError.badRequest("the subscription is " + s.cadence().name().toLowerCase(Locale.ROOT),
                        "cadence");
            }
            digest = composerFor(request).render(brand, s, at.atZone(s.timezone()).toLocalDate());
        } else {
            digest = composer.render(brand, cadence, brand.timezone(), brand.language(),
                    at.atZone(brand.timezone()).toLocalDate());
        }
        return html(200, inlineChart(digest));
    }

    /**
     * A browser cannot resolve the mail's {@code cid:} reference (it names a MIME part, RFC 2392), so the preview
     * carries the same PNG as a {@code data:} URI instead; the HTML is otherwise byte for byte what is sent.
     */
    static String inlineChart(RenderedDigest digest) {
        if (digest.chartPng() == null) {
            return digest.html();
        }
        return Email.withDataUris(digest.html(), List.of(new Email.InlinePart(RenderedDigest.CHART_CONTENT_ID,
                "image/png", RenderedDigest.CHART_FILE, digest.chartPng())));
    }

    /**
     * This function is an event source of the HTTP API, so template.yaml cannot hand it the API's URL (the reference
     * would be circular); without PUBLIC_BASE_URL it takes the host the request came in on, which is that URL.
     */
    private DigestComposer composerFor(HttpRequest request) {
        if (composer.hasBaseUrl()) {
            return composer;
        }
        String host = request.header("host");
        if (host == null || !host.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
            throw ApiError.badRequest("missing or malformed Host header", "host");
        }
        boolean local = host.startsWith("127.0.0.1") || host.startsWith("localhost");
        return composer.withBaseUrl((local ? "http://" : "https://") + host);
    }

    private Optional<UnsubscribeTokens.Target> target(HttpRequest request) {
        String token = request.query("token");
        if ((token == null || token.isBlank()) && request.body().length > 0) {
            token = formValue(request.bodyText(), "token");
        }
        return tokens.verify(token);
    }

    private APIGatewayV2HTTPResponse confirmPage(HttpRequest request) {
        Optional<UnsubscribeTokens.Target> target = target(request);
        Optional<Subscription> s = target.flatMap(t -> brands.getSubscription(t.brandId(), t.subscriptionId()));
        if (s.isEmpty()) {
            return invalid(request);
        }
        Messages m = Messages.of(s.get().language());
        String brandName = brandName(s.get());
        if (!s.get().active()) {
            return page(200, m, m.get("page.done.title"),
                    m.get("page.done.body", "email", s.get().email(), "brand", brandName), null, null);
        }
        String action = "/unsubscribe?token=" + URLEncoder.encode(request.query("token"), StandardCharsets.UTF_8);
        return page(200, m, m.get("page.confirm.title"),
                m.get("page.confirm.body", "email", s.get().email(), "brand", brandName), action,
                m.get("page.confirm.button"));
    }

    private APIGatewayV2HTTPResponse unsubscribe(HttpRequest request) {
        Optional<UnsubscribeTokens.Target> target = target(request);
        Optional<Subscription> s = target.flatMap(t -> brands.getSubscription(t.brandId(), t.subscriptionId()));
        if (s.isEmpty()) {
            return invalid(request);
        }
        if (s.get().active()) {
            brands.putSubscription(s.get().withActive(false));
            Log.info("unsubscribed", "brandId", s.get().brandId(), "subscriptionId", s.get().id());
        }
        Messages m = Messages.of(s.get().language());
        return page(200, m, m.get("page.done.title"),
                m.get("page.done.body", "email", s.get().email(), "brand", brandName(s.get())), null, null);
    }

    private String brandName(Subscription s) {
        return brands.get(s.brandId()).map(Brand::name).map(PlainText::oneLine).orElse(s.brandId());
    }

    /**
     * The same answer whatever failed (format, signature, unknown subscription): nothing to probe with. A browser
     * (it asks for text/html) gets a page; any other client, such as a mail client's RFC 8058 one-click POST, the
     * contract's JSON error shape.
     */
    private APIGatewayV2HTTPResponse invalid(HttpRequest request) {
        String accept = request.header("accept");
        if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("text/html")) {
            return HttpResponses.error(ApiError.badRequest("This unsubscribe link is not valid.", "token"));
        }
        String lang = request.header("accept-language");
        Messages m = Messages.of(lang != null && lang.toLowerCase(Locale.ROOT).startsWith("fr") ? "fr" : "en");
        return page(400, m, m.get("page.invalid.title"), m.get("page.invalid.body"), null, null);
    }

    /** A one-message page (precompiled template page.jte); with {@code action}, a button posting there. */
    private static APIGatewayV2HTTPResponse page(int status, Messages m, String title, String body, String action,
                                                 String button) {
        HtmlOutput html = new HtmlOutput();
        JtepageGenerated.render(html, null, m.language(), title, body, action, button);
        return html(status, html.toString());
    }

    /**
     * HTML answers carry a strict Content-Security-Policy as a second line of defence behind escaping: no script,
     * no remote resource, inline styles only (as in the mail), forms posting back here only.
     */
    private static APIGatewayV2HTTPResponse html(int status, String body) {
        return HttpResponses.response(status, "text/html; charset=utf-8", body, Map.of("content-security-policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'"));
    }

    private static String formValue(String body, String name) {
        try {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException e) {
            return null; // malformed percent-encoding: treated as no token
        }
        return null;
    }
}
