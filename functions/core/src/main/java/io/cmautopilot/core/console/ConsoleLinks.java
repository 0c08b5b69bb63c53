package io.cmautopilot.core.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Links into the browser console (docs/CONSOLE.md): {@code <console>?brand=<id>} opens a brand's inbox and
 * {@code <console>?brand=<id>&comment=<id>} one comment. The console's public URL comes from {@code CM_CONSOLE_URL}
 * (template parameter ConsoleUrl, or the local runtime's {@code /console/}); without it, e-mails carry the platform
 * link only. Only an absolute http(s) URL without query or fragment is accepted, so a link is never built on a
 * misconfigured value.
 */
public final class ConsoleLinks {
    public static final String ENV = "CM_CONSOLE_URL";
    private static final ConsoleLinks NONE = new ConsoleLinks(null);
    private final String base;

    private ConsoleLinks(String base) {
        this.base = base;
    }

    public static ConsoleLinks none() {
        return NONE;
    }

    /** The links for a configured URL; {@link #none()} when it is blank or not a plain absolute http(s) URL. */
    public static ConsoleLinks of(String url) {
        if (url == null || url.isBlank()) {
            return NONE;
        }
        try {
            URI u = URI.create(url.trim());
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                return NONE;
            }
            String s = u.toString();
            return new ConsoleLinks(s.endsWith("/") ? s : s + "/");
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }

    public boolean known() {
        return base != null;
    }

    /** The brand's inbox. */
    public Optional<String> brand(String brandId) {
        return base == null ? Optional.empty() : Optional.of(base + "?brand=" + enc(brandId));
    }

    /** One comment of the brand, opened in its inbox. */
    public Optional<String> comment(String brandId, String commentId) {
        if (base == null || commentId == null) {
            return Optional.empty();
        }
        return Optional.of(base + "?brand=" + enc(brandId) + "&comment=" + enc(commentId));
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
