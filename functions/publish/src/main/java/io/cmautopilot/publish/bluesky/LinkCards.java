package io.cmautopilot.publish.bluesky;

import io.cmautopilot.publish.MediaFetcher;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The title, description and image of a web page, for a Bluesky external embed card ({@code app.bsky.embed.external}:
 * Bluesky shows no preview of a link on its own; the client that posts builds the card). Fetched through
 * {@link MediaFetcher} with its redirect, status and size rules (pages up to {@link #MAX_PAGE_BYTES}), only over
 * https, and never from a host that resolves to a loopback, private, link-local or otherwise internal address (the
 * publisher must not be turned against its own network by a link in a post). Any failure means no card, never a
 * failed post.
 */
class LinkCards {
    static final long MAX_PAGE_BYTES = 2L * 1024 * 1024;
    /** Bluesky's app truncates cards; the lexicon allows more, we keep what a reader sees. */
    static final int MAX_TITLE = 300;
    static final int MAX_DESCRIPTION = 1000;
    private static final Pattern META = Pattern.compile("<meta\\s+[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z:-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>([^<]*)</title>", Pattern.CASE_INSENSITIVE);

    private final MediaFetcher fetcher;
    private final boolean allowInternalHosts;

    LinkCards(MediaFetcher fetcher, boolean allowInternalHosts) {
        this.fetcher = fetcher;
        this.allowInternalHosts = allowInternalHosts;
    }

    record Card(String uri, String title, String description, String imageUrl) {
    }

    /** Builds no cards (tests whose texts hold real-looking links). */
    static LinkCards none() {
        return new LinkCards(null, false) {
            @Override
            Optional<Card> card(String url) {
                return Optional.empty();
            }
        };
    }

    Optional<Card> card(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!allowInternalHosts && (!"https".equalsIgnoreCase(uri.getScheme()) || !publicHost(uri.getHost()))) {
            return Optional.empty();
        }
        MediaFetcher.Fetched page = fetcher.fetchPage(url, MAX_PAGE_BYTES);
        if (!page.ok()) {
            return Optional.empty();
        }
        String html = new String(page.bytes(), StandardCharsets.UTF_8);
        String title = null;
        String description = null;
        String image = null;
        Matcher m = META.matcher(html);
        while (m.find()) {
            String key = null;
            String content = null;
            Matcher a = ATTR.matcher(m.group());
            while (a.find()) {
                String name = a.group(1).toLowerCase(Locale.ROOT);
                String value = a.group(3) != null ? a.group(3) : a.group(4);
                if (name.equals("property") || name.equals("name")) {
                    key = value.toLowerCase(Locale.ROOT);
                } else if (name.equals("content")) {
                    content = value;
                }
            }
            if (key == null || content == null || content.isBlank()) {
                continue;
            }
            switch (key) {
                case "og:title" -> title = content;
                case "twitter:title" -> title = title == null ? content : title;
                case "og:description" -> description = content;
                case "description", "twitter:description" -> description = description == null ? content : description;
                case "og:image" -> image = content;
                case "twitter:image" -> image = image == null ? content : image;
                default -> {
                    // other meta tags say nothing about the card
                }
            }
        }
        if (title == null) {
            Matcher t = TITLE.matcher(html);
            if (t.find()) {
                title = t.group(1);
            }
        }
        title = clean(title, MAX_TITLE);
        description = clean(description, MAX_DESCRIPTION);
        if (title == null || title.isEmpty()) {
            return Optional.empty();
        }
        String imageUrl = null;
        if (image != null) {
            try {
                URI resolved = uri.resolve(image.trim());
                if ("https".equalsIgnoreCase(resolved.getScheme()) || allowInternalHosts) {
                    imageUrl = resolved.toString();
                }
            } catch (IllegalArgumentException ignored) {
                // no image
            }
        }
        return Optional.of(new Card(url, title, description == null ? "" : description, imageUrl));
    }

    /** Whether every address of the host is a public one. */
    boolean publicHost(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                        || a.isMulticastAddress() || uniqueLocalV6(a) || sharedOrReserved(a)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean uniqueLocalV6(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }

    /** 100.64.0.0/10 (carrier-grade NAT), 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15, 240.0.0.0/4. */
    private static boolean sharedOrReserved(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != 4) {
            return false;
        }
        int x = b[0] & 0xff;
        int y = b[1] & 0xff;
        return x == 0 || (x == 100 && y >= 64 && y < 128) || (x == 192 && y == 0 && (b[2] & 0xff) == 0)
                || (x == 198 && (y == 18 || y == 19)) || x >= 240;
    }

    /** HTML entities decoded (the common ones), white space collapsed, cut at {@code max} characters. */
    static String clean(String s, int max) {
        if (s == null) {
            return null;
        }
        String out = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&#x27;", "'").replace("&apos;", "'").replace("&nbsp;", " ")
                .replace("&amp;", "&").replaceAll("\\s+", " ").trim();
        return out.length() <= max ? out : out.substring(0, max - 1).trim() + "…";
    }
}
