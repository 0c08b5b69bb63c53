package io.cmautopilot.api.posts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Ids;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.Recurrence;
import io.cmautopilot.core.post.TextRules;

import java.net.URI;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates a create-post body (openapi.yaml, PostCreate) into a {@link Post}. Every refusal names the JSON path at
 * fault: 400 when a value has the wrong type or format, 422 when it is well-formed but breaks a rule (a network's
 * length limit, an unknown account, a time in the past).
 */
final class PostRequest {
    /** A post "for now" that reaches us a little late is still fine; anything older is a mistake. */
    static final Duration PAST_GRACE = Duration.ofMinutes(2);
    static final int MAX_MEDIA = 4;
    /** Networks whose publisher attaches media: all six, and the local sink. */
    static final Set<Network> MEDIA_NETWORKS = EnumSet.of(Network.MASTODON, Network.BLUESKY, Network.FACEBOOK,
            Network.INSTAGRAM, Network.X, Network.LINKEDIN, Network.LOCAL);
    /** Where a first comment can go: a comment (Facebook, Instagram, LinkedIn) or a self-reply (X, Bluesky, Mastodon). */
    static final Set<Network> COMMENT_NETWORKS = EnumSet.of(Network.MASTODON, Network.BLUESKY, Network.FACEBOOK,
            Network.INSTAGRAM, Network.X, Network.LINKEDIN, Network.LOCAL);

    private PostRequest() {
    }

    record Parsed(Post post, ObjectNode timeResolution) {
    }

    static Parsed parse(JsonNode body, Brand brand, List<Account> brandAccounts, Instant now) {
        return parse(body, brand, brandAccounts, now, null);
    }

    /**
     * Creates a post from {@code body}, or, with {@code existing}, the edited version of that post (PATCH sends the
     * stored post's fields with the patch laid over them, so an edit is validated exactly as a create). An edit keeps
     * the post's id, creation time and place in its series, and its time when the body names none.
     */
    static Parsed parse(JsonNode body, Brand brand, List<Account> brandAccounts, Instant now, Post existing) {
        String text = requiredText(body, "text");
        boolean thread = optionalBoolean(body, "thread");
        List<Account> accounts = accounts(body, brandAccounts);
        Map<Network, String> variants = variants(body);
        List<Post.Media> media = media(body);
        Post.FirstComment firstComment = firstComment(body);
        ScheduleTime time = existing != null && !has(body, "publishAt") && !has(body, "local")
                ? ScheduleTime.ofInstant(existing.publishAt(), existing.zone() == null ? brand.timezone() : existing.zone())
                : time(body, brand.timezone(), now);
        Recurrence recurrence = recurrence(body, time);

        String id = existing == null ? Ids.next() : existing.id();
        checkNetworks(accounts, text, variants, media, thread);
        checkFirstComment(accounts, firstComment);
        List<PostTarget> targets = accounts.stream()
                .map(a -> PostTarget.scheduled(id, brand.id(), a.id(), a.network(), time.instant(), now)).toList();
        String seriesId = recurrence == null ? null : existing != null && existing.seriesId() != null
                ? existing.seriesId() : id;
        int occurrence = recurrence == null ? 0 : existing != null && existing.occurrence() > 0 ? existing.occurrence() : 1;
        Post post = Post.builder().id(id).brandId(brand.id()).text(text).variants(variants).media(media)
                .publishAt(time.instant()).zone(time.zone()).recurrence(recurrence).seriesId(seriesId)
                .occurrence(occurrence).createdAt(existing == null ? now : existing.createdAt()).targets(targets)
                .thread(thread).firstComment(firstComment).build();
        return new Parsed(post, time.resolution());
    }

    private static boolean has(JsonNode body, String field) {
        return body.has(field) && !body.get(field).isNull();
    }

    /** {@code firstComment: {text, variants?}}: the same text rules as the post's own text. */
    private static Post.FirstComment firstComment(JsonNode body) {
        JsonNode v = body.get("firstComment");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiError.badRequest("firstComment must be an object {text, variants?}", "firstComment");
        }
        var unknown = new java.util.ArrayList<String>();
        v.fieldNames().forEachRemaining(f -> {
            if (!f.equals("text") && !f.equals("variants")) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiError.badRequest("firstComment has unknown field '" + unknown.get(0) + "'",
                    "firstComment." + unknown.get(0));
        }
        JsonNode t = v.get("text");
        if (t == null || t.isNull()) {
            throw ApiError.invalid("firstComment.text is required", "firstComment.text");
        }
        if (!t.isTextual()) {
            throw ApiError.badRequest("firstComment.text must be a string", "firstComment.text");
        }
        if (t.asText().isBlank()) {
            throw ApiError.invalid("firstComment.text must not be empty", "firstComment.text");
        }
        Map<Network, String> variants = new EnumMap<>(Network.class);
        JsonNode vs = v.get("variants");
        if (vs != null && !vs.isNull()) {
            if (!vs.isObject()) {
                throw ApiError.badRequest("firstComment.variants must be an object of network to text",
                        "firstComment.variants");
            }
            var fields = vs.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                String field = "firstComment.variants." + e.getKey();
                Network network = Network.parse(e.getKey()).orElseThrow(() -> ApiError.invalid("unknown network '"
                        + e.getKey() + "'; one of " + Network.publicIds(), field));
                if (!e.getValue().isTextual()) {
                    throw ApiError.badRequest(field + " must be a string", field);
                }
                if (e.getValue().asText().isBlank()) {
                    throw ApiError.invalid(field + " must not be empty", field);
                }
                variants.put(network, e.getValue().asText());
            }
        }
        return new Post.FirstComment(t.asText(), variants);
    }

    /** The first comment each account will post must fit that network's rules (a reply is one part, no thread). */
    private static void checkFirstComment(List<Account> accounts, Post.FirstComment comment) {
        if (comment == null) {
            return;
        }
        for (Account a : accounts) {
            Network n = a.network();
            String field = comment.variants().containsKey(n) ? "firstComment.variants." + n.id() : "firstComment.text";
            if (!COMMENT_NETWORKS.contains(n)) {
                continue;
            }
            TextRules.checkComment(n, comment.textFor(n), a.settings()).ifPresent(v -> {
                throw ApiError.invalid("first comment: " + v.message(), field);
            });
        }
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.invalid(field + " is required", field);
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest(field + " must be a string", field);
        }
        if (v.asText().isBlank()) {
            throw ApiError.invalid(field + " must not be empty", field);
        }
        return v.asText();
    }

    private static boolean optionalBoolean(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiError.badRequest(field + " must be true or false", field);
        }
        return v.asBoolean();
    }

    private static List<Account> accounts(JsonNode body, List<Account> brandAccounts) {
        JsonNode ids = body.get("accountIds");
        if (ids == null || ids.isNull()) {
            throw ApiError.invalid("accountIds is required: the accounts to publish on", "accountIds");
        }
        if (!ids.isArray()) {
            throw ApiError.badRequest("accountIds must be an array of account ids", "accountIds");
        }
        if (ids.isEmpty()) {
            throw ApiError.invalid("accountIds must name at least one account", "accountIds");
        }
        if (ids.size() > 99) {
            throw ApiError.invalid("a post goes to at most 99 accounts", "accountIds");
        }
        Map<String, Account> known = new LinkedHashMap<>();
        brandAccounts.forEach(a -> known.put(a.id(), a));
        List<Account> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String field = "accountIds[" + i + "]";
            if (!ids.get(i).isTextual()) {
                throw ApiError.badRequest(field + " must be a string", field);
            }
            String id = ids.get(i).asText();
            Account a = known.get(id);
            if (a == null) {
                throw ApiError.invalid("unknown account '" + id + "' for this brand", field);
            }
            if (a.status() == Account.Status.DISABLED) {
                throw ApiError.invalid("account '" + id + "' is disabled", field);
            }
            if (!seen.add(id)) {
                throw ApiError.invalid("account '" + id + "' is listed twice", field);
            }
            out.add(a);
        }
        return out;
    }

    private static Map<Network, String> variants(JsonNode body) {
        JsonNode v = body.get("variants");
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw ApiError.badRequest("variants must be an object of network to text", "variants");
        }
        Map<Network, String> out = new EnumMap<>(Network.class);
        var fields = v.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String field = "variants." + e.getKey();
            Network network = Network.parse(e.getKey()).orElseThrow(() -> ApiError.invalid("unknown network '"
                    + e.getKey() + "'; one of " + Network.publicIds(), field));
            if (!e.getValue().isTextual()) {
                throw ApiError.badRequest(field + " must be a string", field);
            }
            if (e.getValue().asText().isBlank()) {
                throw ApiError.invalid(field + " must not be empty", field);
            }
            out.put(network, e.getValue().asText());
        }
        return out;
    }

    private static List<Post.Media> media(JsonNode body) {
        JsonNode v = body.get("media");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiError.badRequest("media must be an array of {url, altText}", "media");
        }
        if (v.size() > MAX_MEDIA) {
            throw ApiError.invalid("at most " + MAX_MEDIA + " media per post", "media");
        }
        List<Post.Media> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode m = v.get(i);
            String prefix = "media[" + i + "]";
            if (!m.isObject()) {
                throw ApiError.badRequest(prefix + " must be an object {url, altText}", prefix);
            }
            String url = m.path("url").asText("");
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid(prefix + ".url is not a URL", prefix + ".url");
            }
            // The networks fetch media themselves (Meta cURLs it): it must be a public HTTPS URL.
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw ApiError.invalid(prefix + ".url must be an https:// URL the networks can fetch", prefix + ".url");
            }
            String alt = m.path("altText").asText("");
            if (alt.isBlank()) {
                throw ApiError.invalid(prefix + ".altText is required: describe the image for people who cannot see it",
                        prefix + ".altText");
            }
            if (alt.length() > 1000) {
                throw ApiError.invalid(prefix + ".altText is longer than 1000 characters", prefix + ".altText");
            }
            out.add(new Post.Media(url, alt));
        }
        return out;
    }

    static ScheduleTime time(JsonNode body, ZoneId brandZone, Instant now) {
        JsonNode at = body.get("publishAt");
        JsonNode local = body.get("local");
        boolean hasAt = at != null && !at.isNull();
        boolean hasLocal = local != null && !local.isNull();
        if (hasAt && hasLocal) {
            throw ApiError.badRequest("give publishAt or local, not both", "publishAt");
        }
        ScheduleTime time;
        String field;
        if (hasAt) {
            field = "publishAt";
            if (!at.isTextual()) {
                throw ApiError.badRequest("publishAt must be an ISO-8601 time with offset", field);
            }
            try {
                time = ScheduleTime.ofInstant(OffsetDateTime.parse(at.asText()).toInstant(), brandZone);
            } catch (DateTimeException e) {
                throw ApiError.badRequest("publishAt must be an ISO-8601 time with offset, like "
                        + "2026-12-01T09:00:00+01:00", field);
            }
        } else if (hasLocal) {
            field = "local.dateTime";
            if (!local.isObject()) {
                throw ApiError.badRequest("local must be {dateTime, timezone}", "local");
            }
            LocalDateTime dateTime;
            try {
                dateTime = LocalDateTime.parse(local.path("dateTime").asText(""));
            } catch (DateTimeException e) {
                throw ApiError.badRequest("local.dateTime must be a local date-time like 2026-12-01T09:00", field);
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(local.path("timezone").asText(""));
            } catch (DateTimeException e) {
                throw ApiError.badRequest("local.timezone must be an IANA zone like Europe/Paris", "local.timezone");
            }
            time = ScheduleTime.ofLocal(dateTime, zone);
        } else {
            return ScheduleTime.ofInstant(now, brandZone);
        }
        if (time.instant().isBefore(now.minus(PAST_GRACE))) {
            throw ApiError.invalid("the time " + ScheduleTime.format(time.instant(), time.zone())
                    + " is in the past", field);
        }
        return time;
    }

    private static Recurrence recurrence(JsonNode body, ScheduleTime time) {
        JsonNode r = body.get("recurrence");
        if (r == null || r.isNull()) {
            return null;
        }
        if (!r.isObject()) {
            throw ApiError.badRequest("recurrence must be an object", "recurrence");
        }
        Recurrence.Frequency frequency = switch (r.path("frequency").asText("").toLowerCase(Locale.ROOT)) {
            case "daily" -> Recurrence.Frequency.DAILY;
            case "weekly" -> Recurrence.Frequency.WEEKLY;
            default -> throw ApiError.invalid("recurrence.frequency must be daily or weekly", "recurrence.frequency");
        };
        int interval = 1;
        if (r.has("interval")) {
            if (!r.get("interval").canConvertToInt() || !r.get("interval").isIntegralNumber()) {
                throw ApiError.badRequest("recurrence.interval must be a whole number", "recurrence.interval");
            }
            interval = r.get("interval").asInt();
            int max = frequency == Recurrence.Frequency.DAILY ? 365 : 52;
            if (interval < 1 || interval > max) {
                throw ApiError.invalid("recurrence.interval must be 1-" + max, "recurrence.interval");
            }
        }
        Set<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
        JsonNode days = r.get("weekdays");
        if (days != null && !days.isNull()) {
            if (frequency != Recurrence.Frequency.WEEKLY) {
                throw ApiError.invalid("recurrence.weekdays only applies to weekly recurrence", "recurrence.weekdays");
            }
            if (!days.isArray()) {
                throw ApiError.badRequest("recurrence.weekdays must be an array", "recurrence.weekdays");
            }
            for (int i = 0; i < days.size(); i++) {
                String field = "recurrence.weekdays[" + i + "]";
                weekdays.add(weekday(days.get(i).asText("")).orElseThrow(() ->
                        ApiError.invalid(field + " must be a weekday like monday or mon", field)));
            }
        }
        LocalDate firstDate = time.instant().atZone(time.zone()).toLocalDate();
        LocalDate until = null;
        if (r.hasNonNull("until")) {
            try {
                until = LocalDate.parse(r.get("until").asText());
            } catch (DateTimeException e) {
                throw ApiError.badRequest("recurrence.until must be a date like 2027-01-31", "recurrence.until");
            }
            if (until.isBefore(firstDate)) {
                throw ApiError.invalid("recurrence.until is before the first occurrence", "recurrence.until");
            }
        }
        Integer count = null;
        if (r.hasNonNull("count")) {
            if (!r.get("count").isIntegralNumber()) {
                throw ApiError.badRequest("recurrence.count must be a whole number", "recurrence.count");
            }
            count = r.get("count").asInt();
            if (count < 1 || count > 1000) {
                throw ApiError.invalid("recurrence.count must be 1-1000", "recurrence.count");
            }
        }
        // neither until nor count: the series never ends; occurrences are still created one at a time (the next
        // once the current one is done), never further ahead than Occurrences.HORIZON
        return new Recurrence(frequency, interval, weekdays, until, count);
    }

    private static Optional<DayOfWeek> weekday(String s) {
        String v = s.trim().toUpperCase(Locale.ROOT);
        if (v.length() < 2) {
            return Optional.empty();
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(v)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Per target account: the text it will get must fit its network (per instance for Mastodon), media rules. */
    private static void checkNetworks(List<Account> accounts, String text, Map<Network, String> variants,
                                      List<Post.Media> media, boolean thread) {
        for (Account a : accounts) {
            Network n = a.network();
            String field = variants.containsKey(n) ? "variants." + n.id() : "text";
            String published = variants.getOrDefault(n, text);
            if (thread && TextRules.supportsThreads(n)) {
                int parts = TextRules.split(n, published, a.settings()).size();
                if (parts > TextRules.MAX_THREAD_PARTS) {
                    throw ApiError.invalid(n.id() + ": the thread would have " + parts + " parts; the limit is "
                            + TextRules.MAX_THREAD_PARTS, field);
                }
            } else {
                TextRules.check(n, published, a.settings()).ifPresent(v -> {
                    throw ApiError.invalid(v.message() + (TextRules.supportsThreads(n)
                            ? " (set thread: true to publish it as numbered replies)" : ""), field);
                });
            }
            if (n == Network.INSTAGRAM && media.isEmpty()) {
                throw ApiError.invalid("instagram: a post needs at least one image", "media");
            }
            if (!media.isEmpty() && !MEDIA_NETWORKS.contains(n)) {
                throw ApiError.invalid(n.id() + ": media are not supported on this network yet; post without media "
                        + "or leave account '" + a.id() + "' out", "media");
            }
        }
    }
}
