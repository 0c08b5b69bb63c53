package io.cmautopilot.core.post;

import com.twitter.twittertext.Extractor;
import com.twitter.twittertext.TwitterTextParser;
import io.cmautopilot.core.Network;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each network's text limit, measured the way that network measures it. Shared by the API (validation at creation,
 * 422 naming the network and the rule) and the publisher (splitting a thread into parts that each fit).
 * <ul>
 *   <li>X: 280 "weighted" characters per twitter-text 3 (every URL counts 23, emoji and CJK count 2).</li>
 *   <li>Bluesky: 300 graphemes and 3,000 UTF-8 bytes ({@code app.bsky.feed.post} lexicon: maxGraphemes/maxLength).</li>
 *   <li>Mastodon: the instance's {@code configuration.statuses.max_characters} (account setting
 *       {@value #MASTODON_MAX_SETTING}, default 500); every http(s) URL counts 23
 *       ({@code characters_reserved_per_url}) and a remote mention {@code @user@domain} counts as {@code @user}.</li>
 *   <li>LinkedIn 3,000 (commentary), Facebook 63,206, Instagram 2,200 (caption) characters, counted as code points.</li>
 * </ul>
 * Graphemes are counted with {@link BreakIterator}, which follows Unicode extended grapheme clusters since JDK 20
 * (JDK-8291660), so an emoji ZWJ sequence such as a family emoji counts once.
 */
public final class TextRules {
    public static final String MASTODON_MAX_SETTING = "maxCharacters";
    public static final int URL_LENGTH = 23;
    public static final int MAX_THREAD_PARTS = 25;
    private static final Pattern REMOTE_MENTION = Pattern.compile("(?<=^|[^\\w/])@(\\w+)@[\\w.-]+\\w");
    private static final Extractor URLS = urlExtractor();

    private TextRules() {
    }

    /** A broken rule: which network, what was measured and the limit. */
    public record Violation(Network network, int length, int limit, String unit, String rule) {
        public Violation(Network network, int length, int limit, String unit) {
            this(network, length, limit, unit, null);
        }

        public String message() {
            return network.id() + ": the text is " + length + " " + unit + " long; the limit is " + limit
                    + (rule == null ? "" : " (" + rule + ")");
        }
    }

    /**
     * LinkedIn's limit on a comment's text, lower than a post's 3,000 (docs/PLATFORMS.md, LinkedIn row, says where the
     * figure comes from).
     */
    public static final int LINKEDIN_COMMENT_LIMIT = 1250;

    /**
     * The first rule a comment's text (a reply, or a post's first comment) breaks on the network: the post rules,
     * plus LinkedIn's lower comment limit. The one place replies and first comments are checked.
     */
    public static Optional<Violation> checkComment(Network network, String text, Map<String, String> accountSettings) {
        if (network == Network.LINKEDIN) {
            int length = length(network, text);
            if (length > LINKEDIN_COMMENT_LIMIT) {
                return Optional.of(new Violation(network, length, LINKEDIN_COMMENT_LIMIT, unit(network),
                        "LinkedIn's limit for a comment"));
            }
        }
        return check(network, text, accountSettings);
    }

    /** Whether the network shows replies as a thread, so a long text may be published as numbered parts. */
    public static boolean supportsThreads(Network network) {
        return network == Network.X || network == Network.BLUESKY || network == Network.MASTODON
                || network == Network.LOCAL;
    }

    public static int limit(Network network, Map<String, String> accountSettings) {
        return switch (network) {
            case X -> 280;
            case BLUESKY -> 300;
            case MASTODON -> mastodonLimit(accountSettings);
            case LINKEDIN -> 3000;
            case FACEBOOK -> 63206;
            case INSTAGRAM -> 2200;
            case LOCAL -> 100_000;
        };
    }

    private static int mastodonLimit(Map<String, String> settings) {
        String v = settings == null ? null : settings.get(MASTODON_MAX_SETTING);
        if (v != null) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // an unusable setting falls back to Mastodon's default
            }
        }
        return 500;
    }

    /** The text's length as the network counts it. */
    public static int length(Network network, String text) {
        return switch (network) {
            case X -> TwitterTextParser.parseTweet(text).weightedLength;
            case BLUESKY -> graphemes(text);
            case MASTODON -> mastodonLength(text);
            default -> text.codePointCount(0, text.length());
        };
    }

    public static String unit(Network network) {
        return switch (network) {
            case X -> "weighted characters (URLs count 23, emoji and CJK 2)";
            case BLUESKY -> "graphemes";
            case MASTODON -> "characters (URLs count 23)";
            default -> "characters";
        };
    }

    /** The first rule the text breaks on the network, if any. */
    public static Optional<Violation> check(Network network, String text, Map<String, String> accountSettings) {
        int limit = limit(network, accountSettings);
        int length = length(network, text);
        if (length > limit) {
            return Optional.of(new Violation(network, length, limit, unit(network)));
        }
        if (network == Network.BLUESKY) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > 3000) {
                return Optional.of(new Violation(network, bytes, 3000, "UTF-8 bytes"));
            }
        }
        return Optional.empty();
    }

    public static int graphemes(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }

    static int mastodonLength(String text) {
        var urls = URLS.extractURLsWithIndices(text);
        StringBuilder countable = new StringBuilder();
        int at = 0;
        for (var url : urls) {
            countable.append(text, at, url.getStart()).append("x".repeat(URL_LENGTH));
            at = url.getEnd();
        }
        countable.append(text.substring(at));
        Matcher m = REMOTE_MENTION.matcher(countable);
        return graphemes(m.replaceAll("@$1"));
    }

    private static Extractor urlExtractor() {
        Extractor e = new Extractor();
        e.setExtractURLWithoutProtocol(false);
        return e;
    }

    /**
     * Splits a text into parts that each fit the network's limit once numbered {@code " (i/n)"}, breaking at
     * whitespace (a single word longer than a part is cut). A text that fits is returned whole, unnumbered.
     */
    public static List<String> split(Network network, String text, Map<String, String> accountSettings) {
        if (check(network, text, accountSettings).isEmpty()) {
            return List.of(text.strip());
        }
        int digits = 1;
        while (true) {
            String widest = " (" + "9".repeat(digits) + "/" + "9".repeat(digits) + ")";
            List<String> parts = pack(network, text, accountSettings, widest);
            if (String.valueOf(parts.size()).length() <= digits) {
                List<String> numbered = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    numbered.add(parts.get(i) + " (" + (i + 1) + "/" + parts.size() + ")");
                }
                return numbered;
            }
            digits++;
        }
    }

    private static List<String> pack(Network network, String text, Map<String, String> settings, String suffix) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.strip().split("(?<=\\s)(?=\\S)")) {
            String candidate = current + word;
            if (fits(network, candidate.strip() + suffix, settings)) {
                current.append(word);
                continue;
            }
            if (!current.isEmpty()) {
                parts.add(current.toString().strip());
                current.setLength(0);
            }
            String rest = word;
            while (!fits(network, rest.strip() + suffix, settings)) {
                int cut = longestFittingPrefix(network, rest, settings, suffix);
                parts.add(rest.substring(0, cut).strip());
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString().strip());
        }
        return parts;
    }

    private static boolean fits(Network network, String text, Map<String, String> settings) {
        return check(network, text, settings).isEmpty();
    }

    private static int longestFittingPrefix(Network network, String word, Map<String, String> settings,
                                            String suffix) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(word);
        int best = it.next();
        for (int end = it.next(); end != BreakIterator.DONE; end = it.next()) {
            if (!fits(network, word.substring(0, end) + suffix, settings)) {
                break;
            }
            best = end;
        }
        return best;
    }
}
