package io.cmautopilot.publish.bluesky;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.twitter.twittertext.Extractor;
import io.cmautopilot.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rich-text facets of a post ({@code app.bsky.richtext.facet}): links ({@code #link}, full URI), mentions
 * ({@code #mention}, the handle resolved to a DID) and hashtags ({@code #tag}, without the '#'). Indexes are UTF-8
 * byte offsets, start inclusive and end exclusive, as the lexicon requires; Java strings index UTF-16 units, hence
 * the conversion.
 */
final class Facets {
    private static final Pattern MENTION = Pattern.compile("(?<=^|[\\s(])@([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
            + "(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+)");
    private static final Pattern TAG = Pattern.compile("(?<=^|\\s)#([^\\s#\\p{Punct}][^\\s#]*)");
    private static final Extractor URLS = urls();

    private Facets() {
    }

    private static Extractor urls() {
        Extractor e = new Extractor();
        e.setExtractURLWithoutProtocol(false);
        return e;
    }

    static ArrayNode of(String text, Function<String, Optional<String>> resolveHandle) {
        ArrayNode facets = Json.MAPPER.createArrayNode();
        for (var url : URLS.extractURLsWithIndices(text)) {
            add(facets, text, url.getStart(), url.getEnd()).putObject("_").put("$type", "app.bsky.richtext.facet#link")
                    .put("uri", url.getValue());
        }
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            String handle = m.group(1);
            resolveHandle.apply(handle).ifPresent(did -> add(facets, text, start, end).putObject("_")
                    .put("$type", "app.bsky.richtext.facet#mention").put("did", did));
        }
        Matcher t = TAG.matcher(text);
        while (t.find()) {
            String tag = t.group(1).replaceAll("\\p{Punct}+$", "");
            if (tag.isEmpty() || tag.codePointCount(0, tag.length()) > 64) {
                continue;
            }
            add(facets, text, t.start(), t.start() + 1 + tag.length()).putObject("_")
                    .put("$type", "app.bsky.richtext.facet#tag").put("tag", tag);
        }
        // features is an array: move each single feature built under "_" into it
        for (var f : facets) {
            ObjectNode facet = (ObjectNode) f;
            facet.putArray("features").add(facet.remove("_"));
        }
        return facets;
    }

    private static ObjectNode add(ArrayNode facets, String text, int start, int end) {
        ObjectNode facet = facets.addObject();
        facet.putObject("index").put("byteStart", utf8(text, 0, start)).put("byteEnd", utf8(text, 0, end));
        return facet;
    }

    static int utf8(String text, int from, int to) {
        return text.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
    }
}
