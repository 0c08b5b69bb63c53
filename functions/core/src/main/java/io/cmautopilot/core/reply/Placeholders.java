package io.cmautopilot.core.reply;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.comment.Comment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders of saved replies: {@code {author}} (the author's name, else their handle), {@code {author.name}},
 * {@code {author.handle}}, {@code {brand}} and {@code {network}}. Values come from people (a display name can be
 * "#1 fan @acme"), so they are escaped per network before they enter a reply: on networks that turn {@code @word}
 * into a mention or {@code #word} into a hashtag (Mastodon, Bluesky, X, Instagram, Facebook hashtags) a WORD JOINER
 * (U+2060, invisible) follows each {@code @} and {@code #} of a value, which stops the link; LinkedIn escapes its
 * reserved characters in the whole text already (publish.linkedin, "little text").
 */
public final class Placeholders {
    public static final List<String> NAMES = List.of("author", "author.name", "author.handle", "brand", "network");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");
    private static final String JOINER = "\u2060";

    private Placeholders() {
    }

    /** The placeholders of {@code text} that are not known; empty when the text is usable. */
    public static List<String> unknown(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!NAMES.contains(m.group(1)) && !out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Fills the placeholders for a reply to {@code comment} of {@code brandName}, escaping values for its network. */
    public static String fill(String text, Comment comment, String brandName) {
        Comment.Author a = comment.author();
        String handle = a.handle() == null ? "" : a.handle().replaceFirst("^@", "");
        String name = a.name() == null || a.name().isBlank() ? handle : a.name();
        Map<String, String> values = Map.of("author", name, "author.name", name, "author.handle", handle,
                "brand", brandName == null ? "" : brandName, "network", networkName(comment.network()));
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : escape(comment.network(), v)));
        }
        m.appendTail(out);
        return out.toString().replaceAll("[ \\t]{2,}", " ").strip();
    }

    /** A person's text made inert on the network: no mention, no hashtag. */
    public static String escape(Network network, String value) {
        return switch (network) {
            case LINKEDIN, LOCAL -> value;
            case FACEBOOK -> value.replace("#", "#" + JOINER);
            default -> value.replace("@", "@" + JOINER).replace("#", "#" + JOINER);
        };
    }

    private static String networkName(Network n) {
        return switch (n) {
            case X -> "X";
            case LINKEDIN -> "LinkedIn";
            default -> n.id().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + n.id().substring(1);
        };
    }
}
