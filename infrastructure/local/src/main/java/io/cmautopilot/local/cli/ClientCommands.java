package io.cmautopilot.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The client commands ({@code ./cm brands|accounts|posts|comments|subscriptions|publishing|digest ...}): each builds the
 * openapi.yaml request, sends it to {@code --endpoint} and prints the JSON answer; an error answer is printed as
 * {@code status code: message (field)} with exit status 1.
 */
public final class ClientCommands {
    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:3000";
    private static final Set<String> COMMON = Set.of("endpoint", "brand", "body");

    private record Spec(String usage, Set<String> options, Set<String> flags, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        int run(Args a, ApiClient api, PrintStream out, PrintStream err) throws IOException;
    }

    private static final Map<String, Spec> COMMANDS = new LinkedHashMap<>();

    static {
        add("brands create", """
                usage: ./cm brands create --id ID --name NAME [--timezone Europe/Paris] [--language en|fr]
                  Creates a brand (POST /v1/brands). The answer shows the brand's generic-webhook secret once.""",
                Set.of("id", "name", "timezone", "language"), (a, api, out, err) -> {
                    ObjectNode body = body(a);
                    body.put("id", a.require("id")).put("name", a.option("name").orElse(a.require("id")))
                            .put("timezone", a.option("timezone").orElse("UTC")).put("language", a.option("language").orElse("en"));
                    return print(api.post("/v1/brands", body), out, err);
                });
        add("brands list", """
                usage: ./cm brands list [--limit N] [--cursor C]
                  Lists the brands by id, a page at a time (GET /v1/brands).""", Set.of("limit", "cursor"),
                (a, api, out, err) -> print(api.get("/v1/brands" + query(a, "limit", "cursor")), out, err));
        add("brands get", """
                usage: ./cm brands get BRAND
                  Shows a brand (GET /v1/brands/{brand}).""", Set.of(), (a, api, out, err) ->
                print(api.get("/v1/brands/" + seg(positional(a, 0, "BRAND"))), out, err));
        add("accounts add", """
                usage: ./cm accounts add --brand BRAND --network NETWORK --handle HANDLE
                                         [--external-id ID] [--base-url URL] [--credential key=value]... [--setting key=value]...
                  Connects an account (POST /v1/brands/{brand}/accounts). NETWORK: mastodon, bluesky, x, linkedin,
                  facebook, instagram (and local under ./cm up). Credentials are stored as secrets, never shown again.""",
                Set.of("network", "handle", "external-id", "base-url", "credential", "setting"), (a, api, out, err) -> {
                    ObjectNode body = body(a);
                    body.put("network", a.require("network")).put("handle", a.require("handle"));
                    a.option("external-id").ifPresent(v -> body.put("externalId", v));
                    a.option("base-url").ifPresent(v -> body.put("baseUrl", v));
                    ObjectNode creds = body.withObject("/credentials");
                    a.pairs("credential").forEach(creds::put);
                    if (!a.all("setting").isEmpty()) {
                        ObjectNode settings = body.withObject("/settings");
                        a.pairs("setting").forEach(settings::put);
                    }
                    return print(api.post(brandPath(a) + "/accounts", body), out, err);
                });
        add("accounts list", """
                usage: ./cm accounts list --brand BRAND
                  Lists a brand's accounts (GET /v1/brands/{brand}/accounts); no secrets.""", Set.of(),
                (a, api, out, err) -> print(api.get(brandPath(a) + "/accounts"), out, err));
        add("posts create", """
                usage: ./cm posts create --brand BRAND --text TEXT --account ACCOUNT_ID... [--variant network=text]...
                                         [--at 2026-12-01T09:00:00+01:00 | --local 2026-12-01T09:00 --timezone Europe/Paris]
                                         [--media url=altText]... [--first-comment TEXT]
                  Schedules a post (POST /v1/brands/{brand}/posts); no time means now. --first-comment adds the
                  account's own comment (a self-reply on X, Bluesky, Mastodon) right after the post.""",
                Set.of("text", "account", "variant", "at", "local", "timezone", "media", "first-comment"),
                (a, api, out, err) -> {
                    ObjectNode body = body(a);
                    body.put("text", a.require("text"));
                    if (a.all("account").isEmpty() && !body.has("accountIds")) {
                        throw new Args.UsageException("--account is required (repeat it for several accounts)");
                    }
                    if (!a.all("account").isEmpty()) {
                        var ids = body.putArray("accountIds");
                        a.all("account").forEach(ids::add);
                    }
                    if (!a.all("variant").isEmpty()) {
                        ObjectNode variants = body.withObject("/variants");
                        a.pairs("variant").forEach(variants::put);
                    }
                    if (a.option("at").isPresent() && a.option("local").isPresent()) {
                        throw new Args.UsageException("give --at or --local, not both");
                    }
                    a.option("at").ifPresent(v -> body.put("publishAt", v));
                    a.option("local").ifPresent(v -> body.putObject("local").put("dateTime", v)
                            .put("timezone", a.require("timezone")));
                    if (!a.all("media").isEmpty()) {
                        var media = body.putArray("media");
                        a.pairs("media").forEach((url, alt) -> media.addObject().put("url", url).put("altText", alt));
                    }
                    a.option("first-comment").ifPresent(v -> body.putObject("firstComment").put("text", v));
                    return print(api.post(brandPath(a) + "/posts", body), out, err);
                });
        add("posts edit", """
                usage: ./cm posts edit --brand BRAND POST_ID [--text TEXT] [--account ACCOUNT_ID]...
                                       [--at ISO | --local 2026-12-01T09:00 --timezone ZONE] [--first-comment TEXT]
                  Edits or reschedules a post while no target is claimed (PATCH /v1/brands/{brand}/posts/{id});
                  what is not given is kept.""",
                Set.of("text", "account", "at", "local", "timezone", "first-comment"), (a, api, out, err) -> {
                    ObjectNode body = body(a);
                    a.option("text").ifPresent(v -> body.put("text", v));
                    if (!a.all("account").isEmpty()) {
                        var ids = body.putArray("accountIds");
                        a.all("account").forEach(ids::add);
                    }
                    if (a.option("at").isPresent() && a.option("local").isPresent()) {
                        throw new Args.UsageException("give --at or --local, not both");
                    }
                    a.option("at").ifPresent(v -> body.put("publishAt", v));
                    a.option("local").ifPresent(v -> body.putObject("local").put("dateTime", v)
                            .put("timezone", a.require("timezone")));
                    a.option("first-comment").ifPresent(v -> body.putObject("firstComment").put("text", v));
                    return print(api.send("PATCH", brandPath(a) + "/posts/" + seg(positional(a, 0, "POST_ID")),
                            io.cmautopilot.core.json.Json.writeBytes(body), "application/json"), out, err);
                });
        add("publishing pause", """
                usage: ./cm publishing pause --brand BRAND [--reason TEXT]
                  Holds every scheduled post of the brand until it is resumed (PUT /v1/brands/{brand}/publishing).""",
                Set.of("reason"), (a, api, out, err) -> {
                    ObjectNode body = io.cmautopilot.core.json.Json.object().put("paused", true);
                    a.option("reason").ifPresent(v -> body.put("reason", v));
                    return print(api.send("PUT", brandPath(a) + "/publishing",
                            io.cmautopilot.core.json.Json.writeBytes(body), "application/json"), out, err);
                });
        add("publishing resume", """
                usage: ./cm publishing resume --brand BRAND
                  Resumes publishing: held posts go out on the next tick (PUT /v1/brands/{brand}/publishing).""",
                Set.of(), (a, api, out, err) -> print(api.send("PUT", brandPath(a) + "/publishing",
                        io.cmautopilot.core.json.Json.writeBytes(io.cmautopilot.core.json.Json.object().put("paused", false)),
                        "application/json"), out, err));
        add("publishing status", """
                usage: ./cm publishing status --brand BRAND
                  Shows whether the brand's publishing is paused, why, and how many posts are held.""", Set.of(),
                (a, api, out, err) -> print(api.get(brandPath(a) + "/publishing"), out, err));
        add("posts list", """
                usage: ./cm posts list --brand BRAND [--status STATUS] [--from ISO] [--to ISO] [--limit N] [--cursor C]
                  Lists a brand's posts, oldest first, a page at a time (GET /v1/brands/{brand}/posts); pass the
                  answer's cursor to --cursor, with the same filters, for the next page.""",
                Set.of("status", "from", "to", "limit", "cursor"),
                (a, api, out, err) -> print(api.get(brandPath(a) + "/posts" + query(a, "status", "from", "to", "limit",
                        "cursor")), out, err));
        add("posts get", """
                usage: ./cm posts get --brand BRAND POST_ID
                  Shows a post with each target's status, remote id and last error.""", Set.of(),
                (a, api, out, err) -> print(api.get(brandPath(a) + "/posts/" + seg(positional(a, 0, "POST_ID"))), out, err));
        add("posts cancel", """
                usage: ./cm posts cancel --brand BRAND POST_ID
                  Cancels a scheduled post (DELETE /v1/brands/{brand}/posts/{id}); refused once a target is published.""",
                Set.of(), (a, api, out, err) ->
                        print(api.delete(brandPath(a) + "/posts/" + seg(positional(a, 0, "POST_ID"))), out, err));
        add("comments list", """
                usage: ./cm comments list --brand BRAND [--since ISO] [--until ISO] [--flag FLAG] [--sentiment S]
                                          [--network N] [--state open|answered|resolved|ignored] [--assignee WHO]
                                          [--needs-reply true|false] [--older-than 4h] [--limit N] [--cursor C]
                  Lists a brand's comments, newest first (GET /v1/brands/{brand}/comments).""",
                Set.of("since", "until", "flag", "sentiment", "network", "limit", "cursor", "state", "assignee",
                        "needs-reply", "older-than"), (a, api, out, err) -> {
                    String q = query(a, "since", "until", "flag", "sentiment", "network", "limit", "cursor", "state",
                            "assignee");
                    StringJoiner more = new StringJoiner("&");
                    a.option("needs-reply").ifPresent(v -> more.add("needsReply=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
                    a.option("older-than").ifPresent(v -> more.add("olderThan=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
                    String extra = more.length() == 0 ? "" : (q.isEmpty() ? "?" : "&") + more;
                    return print(api.get(brandPath(a) + "/comments" + q + extra), out, err);
                });
        add("comments get", """
                usage: ./cm comments get --brand BRAND COMMENT_ID
                  Shows a comment with its state, assignee, notes, version and replies.""", Set.of(),
                (a, api, out, err) -> print(api.get(commentPath(a)), out, err));
        add("comments reply", """
                usage: ./cm comments reply --brand BRAND COMMENT_ID (--text TEXT | --saved SAVED_REPLY_ID)
                                           [--idempotency-key KEY]
                  Replies through the account that received the comment (POST .../comments/{id}/replies); the reply
                  is sent within a minute. The same --idempotency-key never sends a second reply.""",
                Set.of("text", "saved", "idempotency-key"), (a, api, out, err) -> {
                    ObjectNode body = body(a);
                    a.option("text").ifPresent(v -> body.put("text", v));
                    a.option("saved").ifPresent(v -> body.put("savedReplyId", v));
                    if (!body.has("text") && !body.has("savedReplyId")) {
                        throw new Args.UsageException("give --text or --saved");
                    }
                    java.util.Map<String, String> headers = new java.util.HashMap<>();
                    a.option("idempotency-key").ifPresent(k -> headers.put("Idempotency-Key", k));
                    return print(api.send("POST", commentPath(a) + "/replies", Json.writeBytes(body),
                            "application/json", headers), out, err);
                });
        add("comments assign", """
                usage: ./cm comments assign --brand BRAND COMMENT_ID --to WHO [--note TEXT]
                  Assigns a comment to a person (user id or e-mail; --to '' unassigns), on the version just read:
                  if someone changed it meanwhile, nothing is written and the command says so.""",
                Set.of("to", "note"), (a, api, out, err) -> {
                    ObjectNode change = Json.object();
                    String to = a.require("to");
                    if (to.isBlank()) {
                        change.putNull("assignee");
                    } else {
                        change.put("assignee", to);
                    }
                    a.option("note").ifPresent(v -> change.put("note", v));
                    return patch(a, api, change, out, err);
                });
        add("comments resolve", """
                usage: ./cm comments resolve --brand BRAND COMMENT_ID [--state resolved|ignored|open|answered]
                                             [--note TEXT]
                  Sets a comment's state (resolved unless --state says otherwise), on the version just read.""",
                Set.of("state", "note"), (a, api, out, err) -> {
                    ObjectNode change = Json.object().put("state", a.option("state").orElse("resolved"));
                    a.option("note").ifPresent(v -> change.put("note", v));
                    return patch(a, api, change, out, err);
                });
        add("comments hide", """
                usage: ./cm comments hide --brand BRAND COMMENT_ID [--undo]
                  Hides a comment on its network (Facebook, Instagram, X hidden replies), or shows it again with
                  --undo.""", Set.of(), Set.of("undo"), (a, api, out, err) ->
                print(api.post(commentPath(a) + (a.flag("undo") ? "/unhide" : "/hide"), Json.object()), out, err));
        add("subscriptions add", """
                usage: ./cm subscriptions add --brand BRAND --email EMAIL [--cadence daily|weekly] [--hour 0-23]
                                              [--weekday MONDAY] [--timezone ZONE] [--language en|fr]
                  Subscribes someone to the digest (POST /v1/brands/{brand}/subscriptions).""",
                Set.of("email", "cadence", "hour", "weekday", "timezone", "language"), (a, api, out, err) -> {
                    ObjectNode body = body(a);
                    body.put("email", a.require("email")).put("cadence", a.option("cadence").orElse("daily"))
                            .put("hour", a.intOption("hour", 8));
                    a.option("weekday").ifPresent(v -> body.put("weekday", v));
                    a.option("timezone").ifPresent(v -> body.put("timezone", v));
                    a.option("language").ifPresent(v -> body.put("language", v));
                    return print(api.post(brandPath(a) + "/subscriptions", body), out, err);
                });
        add("subscriptions list", """
                usage: ./cm subscriptions list --brand BRAND
                  Lists a brand's digest subscriptions.""", Set.of(),
                (a, api, out, err) -> print(api.get(brandPath(a) + "/subscriptions"), out, err));
        add("digest preview", """
                usage: ./cm digest preview --brand BRAND [--cadence daily|weekly] [--at ISO] [--out FILE]
                  Renders the digest as it would be sent (GET /v1/brands/{brand}/digest/preview) and writes the
                  HTML to FILE (or to stdout without --out).""", Set.of("cadence", "at", "out"), (a, api, out, err) -> {
                    ApiClient.Response r = api.get(brandPath(a) + "/digest/preview" + query(a, "cadence", "at"));
                    if (!r.ok()) {
                        return print(r, out, err);
                    }
                    if (a.option("out").isPresent()) {
                        Path file = Path.of(a.option("out").get()).toAbsolutePath();
                        Files.write(file, r.body());
                        out.println(file);
                    } else {
                        out.print(r.text());
                    }
                    return 0;
                });
    }

    private static void add(String name, String usage, Set<String> options, Action action) {
        add(name, usage, options, Set.of(), action);
    }

    private static void add(String name, String usage, Set<String> options, Set<String> flags, Action action) {
        Set<String> all = new java.util.HashSet<>(flags);
        all.add("help");
        COMMANDS.put(name, new Spec(usage + "\n  --endpoint URL: default " + DEFAULT_ENDPOINT + " (or CM_ENDPOINT); any other host is"
                + " the deployed API, called with SigV4 from the default AWS credentials\n  --body JSON: extra request fields, merged",
                options, Set.copyOf(all), action));
    }

    private ClientCommands() {
    }

    public static boolean handles(String group) {
        return COMMANDS.keySet().stream().anyMatch(k -> k.startsWith(group + " "));
    }

    public static String groupUsage(String group) {
        StringJoiner j = new StringJoiner("\n");
        j.add("usage: ./cm " + group + " <command> [options]   (./cm " + group + " <command> --help for details)");
        COMMANDS.forEach((k, v) -> {
            if (k.startsWith(group + " ")) {
                j.add("  " + k);
            }
        });
        return j.toString();
    }

    public static String allUsages() {
        StringJoiner j = new StringJoiner("\n\n");
        COMMANDS.values().forEach(s -> j.add(s.usage()));
        return j.toString();
    }

    /** Runs {@code group sub args...}; returns the exit status. */
    public static int run(String group, List<String> rest, PrintStream out, PrintStream err) {
        if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h") || rest.get(0).equals("help")) {
            (rest.isEmpty() ? err : out).println(groupUsage(group));
            return rest.isEmpty() ? 2 : 0;
        }
        Spec spec = COMMANDS.get(group + " " + rest.get(0));
        if (spec == null) {
            err.println("cm: unknown command '" + group + " " + rest.get(0) + "'");
            err.println(groupUsage(group));
            return 2;
        }
        List<String> argv = rest.subList(1, rest.size());
        try {
            Set<String> options = new java.util.HashSet<>(spec.options());
            options.addAll(COMMON);
            Args a = Args.parse(argv, options, spec.flags());
            if (a.flag("help")) {
                out.println(spec.usage());
                return 0;
            }
            String endpoint = a.option("endpoint").orElse(System.getenv().getOrDefault("CM_ENDPOINT", DEFAULT_ENDPOINT));
            return spec.action().run(a, new ApiClient(endpoint), out, err);
        } catch (Args.UsageException e) {
            err.println("cm: " + e.getMessage());
            err.println(spec.usage());
            return 2;
        } catch (ApiClient.Unreachable e) {
            err.println("cm: " + e.getMessage());
            return 3;
        } catch (IOException e) {
            err.println("cm: " + e.getMessage());
            return 1;
        }
    }

    static ObjectNode body(Args a) {
        if (a.option("body").isEmpty()) {
            return Json.object();
        }
        try {
            JsonNode n = Json.tree(a.option("body").get().getBytes(StandardCharsets.UTF_8));
            if (!(n instanceof ObjectNode o)) {
                throw new Args.UsageException("--body must be a JSON object");
            }
            return o;
        } catch (IOException e) {
            throw new Args.UsageException("--body is not valid JSON: " + e.getMessage());
        }
    }

    /** Prints a JSON answer (pretty) or the contract's error; 0 for 2xx, 1 otherwise. */
    static int print(ApiClient.Response r, PrintStream out, PrintStream err) throws IOException {
        if (r.ok()) {
            if (r.body().length > 0) {
                JsonNode n = r.json();
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            }
            return 0;
        }
        JsonNode e = r.json();
        String field = e.hasNonNull("field") ? " (field " + e.get("field").asText() + ")" : "";
        err.println("cm: " + r.status() + " " + e.path("error").asText("error") + ": " + e.path("message").asText(r.text()) + field);
        return 1;
    }

    private static String commentPath(Args a) {
        return brandPath(a) + "/comments/" + seg(positional(a, 0, "COMMENT_ID"));
    }

    /** Reads the comment's version, then changes it on that version (If-Match): a stale change is refused, never lost. */
    private static int patch(Args a, ApiClient api, ObjectNode change, PrintStream out, PrintStream err)
            throws IOException {
        ApiClient.Response current = api.get(commentPath(a));
        if (!current.ok()) {
            return print(current, out, err);
        }
        long version = current.json().path("version").asLong();
        ApiClient.Response r = api.send("PATCH", commentPath(a), Json.writeBytes(change), "application/json",
                java.util.Map.of("If-Match", "\"" + version + "\""));
        if (r.status() == 409) {
            err.println("cm: someone changed this comment since it was read (now version "
                    + r.json().path("version").asText("?") + "); nothing was written: run the command again");
            return 1;
        }
        return print(r, out, err);
    }

    private static String brandPath(Args a) {
        return "/v1/brands/" + seg(a.require("brand"));
    }

    private static String positional(Args a, int index, String name) {
        if (a.positionals().size() <= index) {
            throw new Args.UsageException(name + " is required");
        }
        return a.positionals().get(index);
    }

    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Args a, String... names) {
        StringJoiner j = new StringJoiner("&", "?", "");
        j.setEmptyValue("");
        for (String n : names) {
            a.option(n).ifPresent(v -> j.add(n + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        }
        return j.toString();
    }
}
