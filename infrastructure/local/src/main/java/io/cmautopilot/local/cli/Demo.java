package io.cmautopilot.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.crypto.Hmac;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.LocalRuntime;
import io.cmautopilot.local.http.RouteTable;
import io.cmautopilot.local.template.Wiring.RouteSpec;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code ./cm demo}: the whole loop on a fresh data folder, driven only over HTTP as a user or a platform would,
 * telling the story as it goes: brand, sink account, posts published to files, signed webhook comments, scoring,
 * flags, a crisis alert e-mail, a subscription and a digest. Each step names the route it needs, so a missing
 * function fails with a sentence, not a stack trace.
 */
public final class Demo {
    static final String USAGE = """
            usage: ./cm demo [--data DIR] [--aws-endpoint URL]
              Starts the local runtime on a free port with a fresh data folder (a new temporary one unless --data),
              runs the whole loop over HTTP (brand, account, posts, webhook comments, scoring, crisis alert, digest),
              prints the digest's HTML path and exits 0. The runtime's own log goes to <data>/runtime.log.
              --aws-endpoint runs bus, queues, mail and secrets on an AWS-compatible endpoint (moto, LocalStack);
              the mail is then read back from the endpoint's SES store into <data>/outbox.""";
    static final String BRAND = "demo";
    /** The demo subscriber's local hour: a morning digest. */
    private static final int DIGEST_HOUR = 8;
    private static final String ZONE = "Europe/Paris";

    private final PrintStream out;
    private final ApiClient api;
    private final String baseUrl;
    private final Path sink;
    private final Path outbox;
    private final List<String> comments = new ArrayList<>();
    private JsonNode scored = Json.MAPPER.createArrayNode();
    private final Path root;
    /** Cloud mode: copies the endpoint's sent mail into the outbox before each look (no-op otherwise). */
    private final Runnable refreshMail;
    private int step;

    /** A step could not be done: the message says which and why. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }

    private Demo(PrintStream out, String endpoint, Path root, Runnable refreshMail) {
        this.out = out;
        this.root = root;
        this.refreshMail = refreshMail;
        this.api = new ApiClient(endpoint);
        // Where the runtime writes mail and sink posts, as it says over HTTP (GET /_local/status).
        JsonNode status = api.get("/_local/status").json();
        this.baseUrl = status.path("baseUrl").asText();
        this.sink = Path.of(status.path("sink").asText());
        this.outbox = Path.of(status.path("outbox").asText());
    }

    public static int run(List<String> argv, Path root, PrintStream out, PrintStream err) {
        return run(argv, root, null, out, err);
    }

    /** With another template than the project's (tests); null for root/template.yaml. */
    static int run(List<String> argv, Path root, Path template, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, Set.of("data", "aws-endpoint"), Set.of("help"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        io.cmautopilot.local.aws.AwsEndpoint aws;
        try {
            aws = a.option("aws-endpoint").map(u -> io.cmautopilot.local.aws.AwsEndpoint.parse(u, System.getenv()))
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            err.println("cm: " + e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        Path data;
        try {
            data = a.option("data").map(p -> Path.of(p).toAbsolutePath())
                    .orElse(Files.createTempDirectory("cm-demo-").toAbsolutePath());
            Files.createDirectories(data);
        } catch (IOException e) {
            err.println("cm: cannot create the demo's data folder: " + e.getMessage());
            return 1;
        }
        out.println("cm demo: the whole loop on one machine, data in " + data);
        if (aws != null) {
            out.println("  AWS APIs (EventBridge, SQS, SES v2, Secrets Manager) on " + aws.uri() + ", DynamoDB local");
        }
        PrintStream originalOut = System.out;
        try (PrintStream runtimeLog = new PrintStream(new FileOutputStream(data.resolve("runtime.log").toFile(), true), true,
                StandardCharsets.UTF_8)) {
            // Function logs (JSON lines on stdout, as in Lambda) go to runtime.log so the story stays readable.
            System.setOut(runtimeLog);
            LocalRuntime runtime;
            try {
                runtime = LocalRuntime.builder(root, data).template(template).port(0).fireSchedules(false)
                        .awsEndpoint(aws).log(runtimeLog::println).start();
            } catch (RuntimeException e) {
                err.println("cm demo: cannot start the local runtime: " + e.getMessage());
                return 1;
            }
            // Ctrl-C during the demo still stops DynamoDB Local and the deliveries cleanly.
            Thread onCtrlC = new Thread(runtime::close, "cm-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                runtimeLog.print(runtime.summary());
                out.println("  runtime up on " + runtime.baseUrl() + " with " + runtime.functionIds().size()
                        + " function(s): " + String.join(", ", runtime.functionIds()));
                Path digest = new Demo(out, runtime.baseUrl(), root, runtime::syncMail).story();
                out.println();
                out.println("Digest: " + digest);
                if (runtime.cloud() != null) {
                    var stored = runtime.cloud().mail().messages();
                    out.println("SES on " + aws.uri() + " holds " + stored.size() + " message(s) sent by this run and before: "
                            + stored.stream().flatMap(m -> m.destinations().stream()).distinct().toList());
                }
                out.printf(Locale.ROOT, "cm demo: done in %.1f s (data kept in %s)%n",
                        (System.nanoTime() - started) / 1e9, data);
                return 0;
            } catch (StepFailed e) {
                err.println();
                err.println("cm demo: FAILED at step " + e.getMessage());
                err.println("  runtime log: " + data.resolve("runtime.log"));
                return 1;
            } catch (ApiClient.Unreachable e) {
                err.println("cm demo: the runtime stopped answering: " + e.getMessage());
                return 1;
            } finally {
                runtime.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: nothing left to remove
                }
            }
        } catch (IOException e) {
            err.println("cm: cannot write " + data.resolve("runtime.log") + ": " + e.getMessage());
            return 1;
        } finally {
            System.setOut(originalOut);
        }
    }

    private Path story() {
        String secret = createBrand();
        configureAlerts();
        String accountId = addSinkAccount();
        List<String> posts = schedulePosts(accountId);
        publish(posts);
        sendComments(secret);
        awaitScores();
        showFlagged();
        replyToQuestion();
        showCrisisAlert();
        subscribe();
        return digest();
    }

    private void say(String title) {
        out.println();
        out.println(++step + ". " + title);
    }

    private String createBrand() {
        say("Create the brand '" + BRAND + "' (POST /v1/brands)");
        ObjectNode body = Json.object().put("id", BRAND).put("name", "Demo Coffee Roasters").put("timezone", ZONE)
                .put("language", "en");
        ApiClient.Response r = api.post("/v1/brands", body);
        if (r.status() == 409) {
            out.println("   the brand exists in this data folder; rotating its webhook secret");
            r = expect("rotate the webhook secret", api.post("/v1/brands/" + BRAND + "/webhook-secret", null), 200);
        } else {
            expect("create the brand", r, 201);
        }
        String secret = r.json().path("webhookSecret").asText("");
        if (secret.isEmpty()) {
            throw new StepFailed(step + " (create the brand): the answer has no webhookSecret (openapi.yaml: POST /v1/brands)");
        }
        out.println("   brand created; its generic-webhook secret is shown once: " + secret.substring(0, Math.min(6, secret.length())) + "…");
        out.println("   webhooks for it arrive at " + baseUrl + "/webhooks/generic/" + BRAND);
        return secret;
    }

    private void configureAlerts() {
        say("Send the brand's alerts to cm@demo.example and watch the word 'refund' (PUT /v1/brands/demo/settings)");
        ObjectNode settings = Json.object();
        settings.putArray("alertEmails").add("cm@demo.example");
        settings.putArray("watchlist").add("refund");
        ApiClient.Response r = api.send("PUT", "/v1/brands/" + BRAND + "/settings", Json.writeBytes(settings),
                "application/json");
        expect("set the alert e-mail", r, 200);
        out.println("   alerts go to cm@demo.example");
    }

    private String addSinkAccount() {
        say("Connect a 'local' sink account: its posts become files (POST /v1/brands/demo/accounts)");
        ObjectNode body = Json.object().put("network", "local").put("handle", "demo-sink").put("externalId", "demo-sink");
        body.putObject("credentials");
        ApiClient.Response r = expect("add the sink account", api.post("/v1/brands/" + BRAND + "/accounts", body), 201);
        String id = r.json().path("id").asText("");
        if (id.isEmpty()) {
            throw new StepFailed(step + " (add the sink account): the answer has no account id");
        }
        out.println("   account " + id + " (network local, handle demo-sink), status " + r.json().path("status").asText("?"));
        return id;
    }

    private List<String> schedulePosts(String accountId) {
        say("Schedule two posts, due now (POST /v1/brands/demo/posts)");
        List<String> ids = new ArrayList<>();
        for (String text : List.of("Our autumn single-origin is here: Ethiopian Guji, notes of peach and jasmine. #coffee",
                "Nouveau : atelier latte art samedi à 10 h, places limitées ! ☕")) {
            ObjectNode body = Json.object().put("text", text);
            body.putArray("accountIds").add(accountId);
            if (ids.isEmpty()) {
                // the account's own comment right after the post (a self-reply on X, Bluesky, Mastodon)
                body.putObject("firstComment").put("text", "Brewing guide and tasting notes: https://demo.example/guji");
            }
            ApiClient.Response r = expect("schedule a post", api.post("/v1/brands/" + BRAND + "/posts", body), 201);
            String id = r.json().path("id").asText();
            ids.add(id);
            out.println("   post " + id + " " + r.json().path("status").asText() + " for " + r.json().path("publishAt").asText());
        }
        return ids;
    }

    private void publish(List<String> posts) {
        String fn = scheduledFunction("publish");
        say("Fire the publish schedule now (POST /_local/schedules/" + fn + "/fire)");
        Set<Path> before = Set.copyOf(files(sink));
        expect("fire the publish schedule", api.post("/_local/schedules/" + fn + "/fire", null), 200);
        awaitIdle(20);
        List<Path> files = waitFor("the sink files of the published posts in " + sink, Duration.ofSeconds(20), () -> {
            List<Path> found = files(sink).stream().filter(p -> !before.contains(p)).toList();
            return found.size() >= posts.size() ? found : null;
        });
        for (Path f : files) {
            out.println("   published to " + f);
        }
        for (String id : posts) {
            JsonNode post = expect("read the post back", api.get("/v1/brands/" + BRAND + "/posts/" + id), 200).json();
            List<String> targets = new ArrayList<>();
            post.path("targets").forEach(t -> targets.add(t.path("network").asText() + " " + t.path("status").asText()));
            out.println("   post " + id + ": " + post.path("status").asText() + " " + targets);
        }
    }

    private void sendComments(String secret) {
        say("Comments arrive through the signed generic webhook (POST /webhooks/generic/demo)");
        List<String[]> texts = List.of(
                new String[]{"ana.b", "Ana", "Love the new Guji roast, it is fantastic! Thank you!"},
                new String[]{"marc_l", "Marc", "Super atelier, merci beaucoup, j'adore ce café !"},
                new String[]{"jo", "Jo", "What time do you open on Sunday?"},
                new String[]{"k.ray", "Kay", "My order never arrived. Worst service ever, I want a refund now."},
                new String[]{"tom99", "Tom", "Terrible coffee, awful and disgusting. Total scam."},
                new String[]{"lise", "Lise", "Commande jamais reçue, service horrible, c'est une arnaque !"},
                new String[]{"b.w", "Ben", "Third time my order is late. Terrible, I hate this."},
                new String[]{"nina", "Nina", "Awful customer service, nobody answers. Very disappointed."},
                new String[]{"paul.m", "Paul", "Nul, café infect et livraison catastrophique. Très déçu."},
                new String[]{"sam", "Sam", "Worst purchase ever, bad quality, horrible taste. Refund please."},
                new String[]{"zoe", "Zoé", "Horrible expérience, remboursez-moi, c'est honteux."},
                new String[]{"dan", "Dan", "Terrible, the bag was broken and the coffee is awful."},
                new String[]{"eva", "Eva", "Disappointed and angry: awful, slow, terrible support."},
                new String[]{"hugo", "Hugo", "Service client nul, produit horrible, je suis furieux."},
                new String[]{"ivy", "Ivy", "Scam! Awful! I will never buy again, terrible."});
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<ObjectNode> bodies = new ArrayList<>(samples());
        if (!bodies.isEmpty()) {
            out.println("   " + bodies.size() + " sample comment(s) from events/ first");
        }
        for (int i = 0; i < texts.size(); i++) {
            String[] t = texts.get(i);
            // The question arrives on the sink account, so the demo can answer it through that very account.
            boolean question = t[2].startsWith("What time");
            ObjectNode body = Json.object().put("network", question ? "local" : "mastodon").put("text", t[2])
                    .put("permalink", "https://mastodon.example/@" + t[0] + "/" + run + i);
            if (question) {
                body.put("accountExternalId", "demo-sink");
            }
            body.putObject("author").put("id", "user-" + t[0]).put("handle", t[0]).put("name", t[1]);
            bodies.add(body);
        }
        for (int i = 0; i < bodies.size(); i++) {
            // Fresh ids and times, so a rerun on the same data folder is new comments, not duplicates.
            ObjectNode body = bodies.get(i).put("externalId", "demo-" + run + "-" + i).put("createdAt", Instant.now().toString());
            byte[] raw = Json.writeBytes(body);
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            String signature = "sha256=" + Hmac.sha256Hex(secret, timestamp + "." + new String(raw, StandardCharsets.UTF_8));
            ApiClient.Response r = api.send("POST", "/webhooks/generic/" + BRAND, raw, "application/json",
                    java.util.Map.of("X-CM-Timestamp", timestamp, "X-CM-Signature", signature));
            expect("deliver a signed webhook comment", r, 200, 201, 202);
            comments.add(body.path("text").asText());
        }
        out.println("   " + comments.size() + " comments delivered (friendly ones, then a burst of " + (texts.size() - 3)
                + " angry ones in English and French)");
        ApiClient.Response bad = api.send("POST", "/webhooks/generic/" + BRAND, "{\"text\":\"forged\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", java.util.Map.of("X-CM-Timestamp", Long.toString(Instant.now().getEpochSecond()),
                        "X-CM-Signature", "sha256=" + "0".repeat(64)));
        out.println("   a forged delivery with a bad signature is refused: " + bad.status());
        if (bad.status() != 401) {
            throw new StepFailed(step + " (webhook signature): a bad signature got " + bad.status() + ", not 401");
        }
    }

    /**
     * Generic-webhook comment bodies from the project's sample events ({@code events/**}/{@code *generic*.json}):
     * an HTTP API event's body, or the comment JSON itself.
     */
    private List<ObjectNode> samples() {
        Path events = root.resolve("events");
        if (!Files.isDirectory(events)) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>();
        for (Path p : files(events)) {
            String name = p.toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".json") || !name.contains("generic")) {
                continue;
            }
            try {
                JsonNode n = Json.tree(Files.readAllBytes(p));
                if (n.hasNonNull("body") && n.hasNonNull("rawPath")) {
                    String body = n.get("body").asText();
                    n = Json.tree(n.path("isBase64Encoded").asBoolean() ? java.util.Base64.getDecoder().decode(body)
                            : body.getBytes(StandardCharsets.UTF_8));
                }
                if (n instanceof ObjectNode o && o.hasNonNull("text") && o.hasNonNull("network")) {
                    out.add(o);
                }
            } catch (IOException | RuntimeException e) {
                // not a comment sample: skipped
            }
        }
        return out;
    }

    private void awaitScores() {
        say("Scoring: CommentReceived → queue → scoring function (GET /v1/brands/demo/comments)");
        JsonNode items = waitFor("every comment scored (the scoring function)", Duration.ofSeconds(60), () -> {
            awaitIdle(2);
            JsonNode list = expect("list comments", api.get("/v1/brands/" + BRAND + "/comments?limit=100"), 200)
                    .json().path("items");
            long scored = 0;
            for (JsonNode c : list) {
                if (c.hasNonNull("sentiment") && !c.path("sentiment").isMissingNode()) {
                    scored++;
                }
            }
            return list.size() >= comments.size() && scored >= comments.size() ? list : null;
        });
        scored = items;
        for (JsonNode c : items) {
            out.printf("   %-9s %-44s %s%n", label(c.path("sentiment")), shorten(c.path("text").asText(), 44), flags(c));
        }
    }

    private void showFlagged() {
        // The flag value to filter on is taken from what the API itself returned, so the demo follows its spelling.
        String flag = null;
        for (JsonNode c : scored) {
            JsonNode f = c.path("flags");
            if (f.isArray() && !f.isEmpty()) {
                flag = f.get(0).isTextual() ? f.get(0).asText() : f.get(0).path("type").asText();
                if (flag.equalsIgnoreCase("negative")) {
                    break;
                }
            }
        }
        if (flag == null) {
            throw new StepFailed((step + 1) + " (flags): no comment is flagged after a burst of angry ones (the scoring function)");
        }
        say("Flagged comments (GET /v1/brands/demo/comments?flag=" + flag + ")");
        JsonNode items = expect("list flagged comments", api.get("/v1/brands/" + BRAND + "/comments?flag="
                + java.net.URLEncoder.encode(flag, StandardCharsets.UTF_8) + "&limit=100"), 200).json().path("items");
        if (items.isEmpty()) {
            throw new StepFailed(step + " (flags): the listing filtered on flag " + flag + " is empty");
        }
        out.println("   " + items.size() + " flagged " + flag + ", for example: \"" + shorten(items.get(0).path("text").asText(), 60)
                + "\" " + flags(items.get(0)));
    }

    /**
     * The inbox: the question is open; a reply goes out through the sink account exactly once (the request is sent
     * twice with the same Idempotency-Key, as a client retrying would), and the comment becomes answered.
     */
    private void replyToQuestion() {
        say("Reply to the open question (POST /v1/brands/demo/comments/{id}/replies), sent through the sink account");
        JsonNode open = expect("list the open questions", api.get("/v1/brands/" + BRAND
                + "/comments?state=open&needsReply=true&network=local&limit=50"), 200).json().path("items");
        JsonNode question = null;
        for (JsonNode c : open) {
            if (c.path("text").asText().startsWith("What time")) {
                question = c;
                break;
            }
        }
        if (question == null) {
            throw new StepFailed(step + " (reply): the Sunday question is not on the open list (scoring should leave "
                    + "a NEEDS_REPLY comment open)");
        }
        String commentPath = "/v1/brands/" + BRAND + "/comments/" + question.path("id").asText();
        byte[] body = Json.writeBytes(Json.object().put("text", "Hi {author}, we open at 9:00 on Sundays. See you!"));
        java.util.Map<String, String> key = java.util.Map.of("Idempotency-Key", "demo-" + UUID.randomUUID());
        JsonNode reply = expect("reply", api.send("POST", commentPath + "/replies", body, "application/json", key),
                202).json();
        JsonNode again = expect("retry the reply", api.send("POST", commentPath + "/replies", body,
                "application/json", key), 202).json();
        if (!again.path("id").asText().equals(reply.path("id").asText())) {
            throw new StepFailed(step + " (reply): a retried request with the same Idempotency-Key made a second reply");
        }
        out.println("   reply " + reply.path("id").asText() + " " + reply.path("status").asText() + ": \""
                + reply.path("text").asText() + "\" (asked twice with one Idempotency-Key: one reply)");
        String fn = scheduledFunction("publish");
        Path replies = sink.resolve("replies");
        expect("fire the publish schedule", api.post("/_local/schedules/" + fn + "/fire", null), 200);
        awaitIdle(20);
        Path file = waitFor("the reply in " + replies, Duration.ofSeconds(20), () -> {
            Path f = replies.resolve(reply.path("id").asText() + ".json");
            return java.nio.file.Files.exists(f) ? f : null;
        });
        long sent = files(replies).stream().filter(p -> p.getFileName().toString().startsWith(
                reply.path("id").asText())).count();
        JsonNode after = expect("read the comment back", api.get(commentPath), 200).json();
        out.println("   sent once to " + file + " (" + sent + " file); the comment is now "
                + after.path("state").asText() + ", reply " + after.path("replies").path(0).path("status").asText());
        if (sent != 1 || !"answered".equals(after.path("state").asText())) {
            throw new StepFailed(step + " (reply): expected one reply file and an answered comment, found " + sent
                    + " and " + after.path("state").asText());
        }
    }

    private void showCrisisAlert() {
        say("Crisis: the negative burst raises an alert e-mail to cm@demo.example (outbox)");
        Path alert = waitFor("the crisis alert e-mail to cm@demo.example in " + outbox, Duration.ofSeconds(30), () -> {
            awaitIdle(1);
            return mails().stream().filter(p -> header(p, "To").contains("cm@demo.example"))
                    .filter(p -> mentionsCrisis(p)).findFirst().orElse(null);
        });
        out.println("   \"" + header(alert, "Subject") + "\" → " + alert);
    }

    private void subscribe() {
        say("Subscribe marketing@demo.example to the daily digest (POST /v1/brands/demo/subscriptions)");
        int hour = DIGEST_HOUR;
        ObjectNode body = Json.object().put("email", "marketing@demo.example").put("cadence", "daily").put("hour", hour)
                .put("timezone", ZONE).put("language", "en");
        expect("subscribe", api.post("/v1/brands/" + BRAND + "/subscriptions", body), 201);
        out.println("   daily at " + hour + ":00 " + ZONE + "; each digest covers the day before");
    }

    private Path digest() {
        String fn = scheduledFunction("digest");
        // Today's comments are in tomorrow morning's digest: run the hourly schedule as of then.
        String at = ZonedDateTime.now(ZoneId.of(ZONE)).toLocalDate().plusDays(1).atTime(DIGEST_HOUR, 0, 30)
                .atZone(ZoneId.of(ZONE)).toOffsetDateTime().toString();
        say("Run the digest schedule as tomorrow " + DIGEST_HOUR + ":00 " + ZONE + " will (POST /_local/schedules/" + fn
                + "/fire?at=" + at + ")");
        Set<Path> before = Set.copyOf(mails());
        expect("fire the digest schedule", api.post("/_local/schedules/" + fn + "/fire?at="
                + java.net.URLEncoder.encode(at, java.nio.charset.StandardCharsets.UTF_8), null), 200);
        Path eml = waitFor("the digest e-mail to marketing@demo.example in " + outbox, Duration.ofSeconds(30), () -> {
            awaitIdle(1);
            return mails().stream().filter(p -> !before.contains(p))
                    .filter(p -> header(p, "To").contains("marketing@demo.example")).findFirst().orElse(null);
        });
        out.println("   \"" + header(eml, "Subject") + "\" mailed to marketing@demo.example");
        String name = eml.getFileName().toString();
        return eml.resolveSibling(name.substring(0, name.length() - ".eml".length()) + ".html");
    }

    /** Waits (GET /_local/idle) until the bus, the queues and the schedules have nothing in flight. */
    private void awaitIdle(int seconds) {
        api.get("/_local/idle?timeout=" + seconds);
    }

    /** The .eml files in the outbox, oldest first. */
    private List<Path> mails() {
        refreshMail.run();
        return files(outbox).stream().filter(p -> p.toString().endsWith(".eml")).toList();
    }

    private static boolean mentionsCrisis(Path eml) {
        String name = eml.getFileName().toString();
        Path html = eml.resolveSibling(name.substring(0, name.length() - ".eml".length()) + ".html");
        String text = (header(eml, "Subject") + " " + read(html)).toLowerCase(Locale.ROOT);
        return text.contains("crisis") || text.contains("crise");
    }

    /** A header of an .eml, RFC 2047 encoded words decoded. */
    static String header(Path eml, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        String value = read(eml).lines().takeWhile(l -> !l.isEmpty())
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).trim()).orElse("");
        // Mime.encodeWord writes non-ASCII headers as base64 encoded words (=?UTF-8?B?...?=).
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("=\\?([^?]+)\\?[bB]\\?([^?]*)\\?=").matcher(value);
        StringBuilder decoded = new StringBuilder();
        while (m.find()) {
            String word;
            try {
                word = new String(java.util.Base64.getDecoder().decode(m.group(2)), java.nio.charset.Charset.forName(m.group(1)));
            } catch (RuntimeException e) {
                word = m.group();
            }
            m.appendReplacement(decoded, java.util.regex.Matcher.quoteReplacement(word));
        }
        m.appendTail(decoded);
        return decoded.toString();
    }

    /** The function with a schedule whose logical id names the feature (publish, digest), from /_local/status. */
    private String scheduledFunction(String feature) {
        JsonNode status = expect("read the runtime status", api.get("/_local/status"), 200).json();
        for (JsonNode s : status.path("schedules")) {
            if (s.path("function").asText().toLowerCase(Locale.ROOT).contains(feature)) {
                return s.path("function").asText();
            }
        }
        throw new StepFailed((step + 1) + ": template.yaml has no " + feature + " schedule yet (the " + feature
                + " function is not merged)");
    }

    private ApiClient.Response expect(String what, ApiClient.Response r, int... statuses) {
        for (int s : statuses) {
            if (r.status() == s) {
                return r;
            }
        }
        JsonNode e = r.json();
        String reason = e.path("error").asText("") + ": " + e.path("message").asText(r.text());
        if (r.status() == 404 && e.path("message").asText("").startsWith("no route")) {
            reason = missingRoute(e.path("message").asText());
        }
        throw new StepFailed(step + " (" + what + "): HTTP " + r.status() + " " + reason);
    }

    /** Tells a route template.yaml lacks from a declared route whose function does not serve it yet. */
    private String missingRoute(String message) {
        String[] asked = message.substring("no route ".length()).trim().split(" ", 2);
        List<RouteSpec> declared = new ArrayList<>();
        for (JsonNode route : api.get("/_local/status").json().path("routes")) {
            String[] key = route.path("routeKey").asText().split(" ", 2);
            declared.add(new RouteSpec(route.path("function").asText(), "", key[0], key[1]));
        }
        return new RouteTable(declared).match(asked[0], asked[1])
                .map(m -> "template.yaml routes " + m.route().routeKey() + " to " + m.route().functionId()
                        + ", which does not serve it yet (its routes are not merged)")
                .orElse("template.yaml does not declare " + String.join(" ", asked)
                        + " yet (the function serving it is not merged)");
    }

    private static <T> T waitFor(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new StepFailed("waiting for " + what + ": nothing after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted while waiting for " + what);
            }
        }
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".tmp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String label(JsonNode sentiment) {
        return sentiment.isTextual() ? sentiment.asText() : sentiment.path("label").asText("?");
    }

    private static String flags(JsonNode comment) {
        List<String> f = new ArrayList<>();
        JsonNode flags = comment.path("flags");
        if (flags instanceof ArrayNode a) {
            a.forEach(x -> f.add(x.isTextual() ? x.asText() : x.path("type").asText()));
        }
        return f.isEmpty() ? "" : "flags " + f;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

}
