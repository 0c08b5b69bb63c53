package io.cmautopilot.publish.bluesky;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.twitter.twittertext.TldLists;
import io.cmautopilot.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rich-text facets of a post ({@code app.bsky.richtext.facet}): links ({@code #link}, full URI), mentions
 * ({@code #mention}, the handle resolved to a DID) and hashtags ({@code #tag}, without the '#'). Indexes are UTF-8
 * byte offsets, start inclusive and end exclusive, as the lexicon requires; Java strings index UTF-16 units, hence
 * the conversion.
 * <p>
 * Detection follows the rules of Bluesky's own clients (the {@code detectFacets} of {@code @atproto/api}'s RichText,
 * packages/api/src/rich-text/detection.ts), so a post links exactly what the app would link:
 * <ul>
 *   <li>a link starts at the beginning, after white space or after '(' and is either {@code http(s)://} followed by
 *       any non-space characters (whatever the TLD: {@code https://acme.example} links), or a bare domain whose last
 *       label is a known TLD, then given {@code https://};</li>
 *   <li>one trailing {@code . , ; ! ?} is left out, and a trailing ')' when the link has no '(';</li>
 *   <li>a mention is '@' plus a domain-like handle with a known TLD (or {@code .test}); a hashtag is '#' after the
 *       beginning or white space, a letter or emoji first, trailing punctuation left out, at most 64 characters.</li>
 * </ul>
 */
final class Facets {
    private static final Pattern LINK = Pattern.compile(
            "(^|\\s|\\()((https?://\\S+)|((?<domain>[a-z][a-z0-9]*(\\.[a-z0-9]+)+)\\S*))",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    private static final Pattern MENTION = Pattern.compile("(^|\\s|\\()(@)([a-zA-Z0-9.-]+)(\\b)");
    private static final String TAG_CHAR = "\\p{L}\\p{IsEmoji_Presentation}\\p{IsEmoji_Modifier_Base}"
            + "\\p{IsExtended_Pictographic}";
    private static final Pattern TAG = Pattern.compile("(?:^|\\s)(#[" + TAG_CHAR + "][" + TAG_CHAR + "\\d_-]*)",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("\\p{P}+$");
    private static final Set<String> TLDS = tlds();

    private Facets() {
    }

    private static Set<String> tlds() {
        Set<String> out = new HashSet<>();
        for (List<String> list : List.of(TldLists.GTLDS, TldLists.CTLDS)) {
            list.forEach(t -> out.add(t.toLowerCase(Locale.ROOT)));
        }
        return Set.copyOf(out);
    }

    /** A name whose last label is a known top-level domain ({@code acme.fr}, not {@code acme.example}). */
    static boolean isValidDomain(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 && TLDS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** A detected link: its UTF-16 range in the text and the URI it points to. */
    record Link(int start, int end, String uri) {
    }

    static List<Link> links(String text) {
        List<Link> out = new java.util.ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String uri = m.group(2);
            if (!uri.regionMatches(true, 0, "http", 0, 4)) {
                String domain = m.group("domain");
                if (domain == null || !isValidDomain(domain)) {
                    continue;
                }
                uri = "https://" + uri;
            }
            int start = m.start(2);
            int end = m.end(2);
            if (uri.matches("(?s).*[.,;!?]$")) {
                uri = uri.substring(0, uri.length() - 1);
                end--;
            }
            if (uri.endsWith(")") && !uri.contains("(")) {
                uri = uri.substring(0, uri.length() - 1);
                end--;
            }
            out.add(new Link(start, end, uri));
        }
        return out;
    }

    static ArrayNode of(String text, Function<String, Optional<String>> resolveHandle) {
        ArrayNode facets = Json.MAPPER.createArrayNode();
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String handle = m.group(3);
            if (!isValidDomain(handle) && !handle.endsWith(".test")) {
                continue;
            }
            int start = m.start(2);
            int end = m.end(3);
            resolveHandle.apply(handle).ifPresent(did -> facet(facets, text, start, end)
                    .put("$type", "app.bsky.richtext.facet#mention").put("did", did));
        }
        for (Link link : links(text)) {
            facet(facets, text, link.start(), link.end()).put("$type", "app.bsky.richtext.facet#link")
                    .put("uri", link.uri());
        }
        Matcher t = TAG.matcher(text);
        while (t.find()) {
            String tag = TRAILING_PUNCTUATION.matcher(t.group(1)).replaceAll("");
            // inclusive of '#', at most 64 characters of tag
            if (tag.length() > 66 || tag.length() < 2) {
                continue;
            }
            int start = t.start(1);
            facet(facets, text, start, start + tag.length()).put("$type", "app.bsky.richtext.facet#tag")
                    .put("tag", tag.substring(1));
        }
        return facets;
    }

    /** Adds a facet over {@code [start, end)} and returns its single feature, to be filled in. */
    private static ObjectNode facet(ArrayNode facets, String text, int start, int end) {
        ObjectNode facet = facets.addObject();
        facet.putObject("index").put("byteStart", utf8(text, 0, start)).put("byteEnd", utf8(text, 0, end));
        return facet.putArray("features").addObject();
    }

    static int utf8(String text, int from, int to) {
        return text.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
    }
}
