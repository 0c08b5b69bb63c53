package io.cmautopilot.local.fuzz;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.crypto.Hmac;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.config.StaticServices;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.engines.Template;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks every HttpApi route of template.yaml (read from the template, so a new route is fuzzed without a change
 * here) with hostile requests, against the real handlers (each built through its {@code (Services)} constructor, as
 * the local runtime builds it) over DynamoDB Local, and checks what docs/SECURITY.md promises: no 5xx, every error
 * in the JSON error shape, and a refused request that could write (any method but GET) leaves the table unchanged.
 *
 * <p>Hostile values: huge, empty and odd ids (unicode, bidi overrides, key separators, control characters), another
 * brand's ids and cursors, wrong JSON types, huge numbers, malformed and out-of-range dates, malformed and deeply
 * nested JSON, forged, replayed and cross-platform signatures, and correctly signed webhook bodies full of the same.
 * Seeded, so a failure is replayed by its seed.
 */
public final class RouteFuzzer {
    static final String META_SECRET = "fuzz-meta-app-secret";
    static final String X_SECRET = "fuzz-x-consumer-secret";
    static final String LINKEDIN_SECRET = "fuzz-linkedin-client-secret";
    static final String VERIFY_TOKEN = "fuzz-verify-token";
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    /** One route as the template declares it. */
    public record Route(String function, String handler, String method, String path) {
        String key() {
            return method + " " + path;
        }

        List<String> params() {
            List<String> out = new ArrayList<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }
    }

    /** What a run found. */
    public record Report(int requests, int serverErrors, int badShapes, int changedOnRefusal, int routes,
                         long millis, List<String> failures) {
        public boolean clean() {
            return serverErrors == 0 && badShapes == 0 && changedOnRefusal == 0;
        }
    }

    private final Table table;
    private final Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers =
            new HashMap<>();
    private final List<Route> routes;
    private final Random random;
    private final Map<String, String> brandSecrets = new HashMap<>();
    private final Map<String, String> ids = new HashMap<>();
    private final List<String> cursors = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    public RouteFuzzer(Table table, Path secretsFile, Path root, long seed) {
        this.table = table;
        this.random = new Random(seed);
        Template template = Template.load(root.resolve("template.yaml"));
        Env env = new Env(Map.of("CM_LOCAL", "true", "CM_META_APP_SECRET", META_SECRET, "CM_META_VERIFY_TOKEN",
                VERIFY_TOKEN, "CM_X_CONSUMER_SECRET", X_SECRET, "CM_LINKEDIN_CLIENT_SECRET", LINKEDIN_SECRET,
                "CM_UNSUBSCRIBE_KEY", "fuzz-unsubscribe-key-0123456789", "PUBLIC_BASE_URL", "http://127.0.0.1:3000",
                "SENTIMENT_ENGINE", "lexicon", "SENDER_EMAIL", "digest@example.test"));
        Mailer mailer = email -> "fuzz-message-id";
        Services services = new StaticServices(env, Clock.fixed(NOW, java.time.ZoneOffset.UTC), table,
                new RecordingBus(), new FileSecrets(secretsFile), mailer, HttpClient.newHttpClient());
        this.routes = routes(template);
        for (Route r : routes) {
            handlers.computeIfAbsent(r.function(), f -> build(r.handler(), services));
        }
    }

    /** Every HttpApi event of every function of the template. */
    @SuppressWarnings("unchecked")
    public static List<Route> routes(Template template) {
        List<Route> out = new ArrayList<>();
        for (String fn : template.ofType("AWS::Serverless::Function")) {
            Map<String, Object> props = template.functionProperties(fn);
            String handler = String.valueOf(props.get("Handler"));
            Map<String, Map<String, Object>> events = (Map<String, Map<String, Object>>) template.properties(fn)
                    .getOrDefault("Events", Map.of());
            for (Map<String, Object> e : events.values()) {
                if (!"HttpApi".equals(e.get("Type"))) {
                    continue;
                }
                Map<String, Object> p = (Map<String, Object>) e.get("Properties");
                out.add(new Route(fn, handler, String.valueOf(p.get("Method")).toUpperCase(), String.valueOf(p.get("Path"))));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> build(String handler,
                                                                                          Services services) {
        String cls = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        try {
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(cls)
                    .getConstructor(Services.class).newInstance(services);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + cls, e);
        }
    }

    public List<Route> routes() {
        return routes;
    }

    // ---- the world the requests attack: two brands, an account, a post, a subscription, comments

    /** Creates brands acme and rival with one account, post and subscription each, and a signed comment each. */
    public void seed() {
        for (String brand : List.of("acme", "rival")) {
            var created = call("POST", "/v1/brands", Map.of(), Map.of(), Map.of("content-type", "application/json"),
                    Json.object().put("id", brand).put("name", brand).put("timezone", "Europe/Paris")
                            .put("language", "en").toString(), false);
            brandSecrets.put(brand, Json.tree(created.getBody()).path("webhookSecret").asText());
            var account = call("POST", "/v1/brands/{brand}/accounts", Map.of("brand", brand), Map.of(),
                    Map.of("content-type", "application/json"), Json.object().put("network", "local")
                            .put("handle", "@" + brand).toString(), false);
            ids.put(brand + ".account", Json.tree(account.getBody()).path("id").asText());
            ObjectNode post = Json.object().put("text", "hello from " + brand)
                    .put("publishAt", NOW.plusSeconds(3600).toString());
            post.putArray("accountIds").add(ids.get(brand + ".account"));
            var p = call("POST", "/v1/brands/{brand}/posts", Map.of("brand", brand), Map.of(),
                    Map.of("content-type", "application/json"), post.toString(), false);
            ids.put(brand + ".post", Json.tree(p.getBody()).path("id").asText());
            var s = call("POST", "/v1/brands/{brand}/subscriptions", Map.of("brand", brand), Map.of(),
                    Map.of("content-type", "application/json"), Json.object().put("email", "cm@" + brand + ".test")
                            .put("cadence", "daily").put("hour", 8).toString(), false);
            ids.put(brand + ".subscription", Json.tree(s.getBody()).path("id").asText());
            for (int i = 0; i < 3; i++) {
                String body = genericBody("mastodon", brand + "-seed-" + i, "seed " + i).toString();
                call("POST", "/webhooks/generic/{brand}", Map.of("brand", brand), Map.of(), signedGeneric(brand, body),
                        body, false);
            }
            var listing = call("GET", "/v1/brands/{brand}/comments", Map.of("brand", brand), Map.of("limit", "1"),
                    Map.of(), null, false);
            cursors.add(Json.tree(listing.getBody()).path("cursor").asText());
            var posts = call("GET", "/v1/brands/{brand}/posts", Map.of("brand", brand), Map.of("limit", "1"),
                    Map.of(), null, false);
            if (!Json.tree(posts.getBody()).path("cursor").isNull()) {
                cursors.add(Json.tree(posts.getBody()).path("cursor").asText());
            }
        }
    }

    // ---- hostile values

    private static final List<String> HOSTILE_IDS = List.of("", " ", "a", "x".repeat(5000), "é😀", "\u202Eevil",
            "a#b", "COMMENT#acme#1", "../../etc/passwd", "%00", "a\u0000b", "a\nb", "\uFFFF", "null", "-1",
            "99999999999999999999999999", "<script>alert(1)</script>", "' OR 1=1 --", "ACME", "acme ", "~relay");
    private static final List<String> HOSTILE_TIMES = List.of("-999999999-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "2026-13-45T25:61:61Z", "2026-12-01", "yesterday", "1969-12-31T23:59:59Z",
            "2200-01-01T00:00:01Z", "0000-01-01T00:00:00Z", "2026-12-01T09:00:00+25:00", "");
    private static final List<String> HOSTILE_NUMBERS = List.of("0", "-1", "99999999999999999999", "1e308", "NaN",
            "Infinity", "2.5", "0x10", "", "1 ");
    private static final List<String> QUERY_NAMES = List.of("since", "until", "from", "to", "at", "cursor", "limit",
            "network", "sentiment", "flag", "status", "cadence", "subscription", "token", "crc_token", "challengeCode",
            "hub.mode", "hub.challenge", "hub.verify_token", "id", "accountId");

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private String hostileId() {
        int r = random.nextInt(10);
        if (r < 6) {
            return pick(HOSTILE_IDS);
        }
        // another brand's real ids, or ours
        return pick(new ArrayList<>(ids.values()));
    }

    private String hostileQueryValue(String name) {
        return switch (name) {
            case "since", "until", "from", "to", "at" -> pick(HOSTILE_TIMES);
            case "limit", "hour" -> pick(HOSTILE_NUMBERS);
            case "cursor" -> random.nextBoolean() && !cursors.isEmpty() ? pick(cursors)
                    : pick(List.of("c1.AAAA.BBBB", "garbage!", "c1." + "A".repeat(3000) + ".x", "", "%%%",
                    Base64.getUrlEncoder().encodeToString("pk\u0001COMMENT#rival#1\u0002".getBytes(StandardCharsets.UTF_8))));
            case "crc_token" -> pick(List.of("{\"a\":1}", "x".repeat(200), "MWEyOTc0ODgtNTc0Yi00MDIy", "a b", ""));
            case "challengeCode" -> pick(List.of("890e4665-4dfe-4ab1-b689-ed553bceeed0", "{}", "x".repeat(5000), ""));
            default -> random.nextBoolean() ? hostileId() : pick(HOSTILE_NUMBERS);
        };
    }

    private JsonNode hostileJsonValue() {
        return switch (random.nextInt(12)) {
            case 0 -> Json.MAPPER.getNodeFactory().nullNode();
            case 1 -> Json.MAPPER.getNodeFactory().numberNode(new java.math.BigInteger("9".repeat(40)));
            case 2 -> Json.MAPPER.getNodeFactory().numberNode(-1e308);
            case 3 -> Json.MAPPER.createArrayNode().add(1).add("two");
            case 4 -> Json.object().put("nested", "object");
            case 5 -> Json.MAPPER.getNodeFactory().textNode("x".repeat(20_000 + random.nextInt(90_000)));
            case 6 -> Json.MAPPER.getNodeFactory().booleanNode(true);
            case 7 -> Json.MAPPER.getNodeFactory().textNode(pick(HOSTILE_TIMES));
            case 8 -> Json.MAPPER.getNodeFactory().textNode(pick(HOSTILE_IDS));
            case 9 -> Json.MAPPER.getNodeFactory().numberNode(random.nextInt(1 << 30) - (1 << 29));
            case 10 -> Json.MAPPER.getNodeFactory().textNode(pick(new ArrayList<>(ids.values())));
            default -> Json.MAPPER.getNodeFactory().textNode("");
        };
    }

    private static final List<String> BODY_FIELDS = List.of("id", "name", "timezone", "language", "network",
            "handle", "externalId", "baseUrl", "credentials", "settings", "text", "variants", "accountIds",
            "publishAt", "local", "recurrence", "media", "thread", "email", "cadence", "hour", "weekday", "watchlist",
            "alertEmails", "alertWebhookUrl", "autoHideToxic", "crisis", "author", "createdAt", "inReplyTo",
            "permalink", "kind", "accountExternalId", "object", "entry", "for_user_id", "tweet_create_events",
            "type", "notifications", "state", "assignee", "note", "paused", "reason", "firstComment", "token");

    private String hostileBody() {
        switch (random.nextInt(8)) {
            case 0:
                return pick(List.of("", "null", "[]", "\"text\"", "123", "{", "{\"a\":", "{}}", "\u0000",
                        "{\"a\":1,\"a\":2}", "\uFEFF{}", "[".repeat(5000) + "]".repeat(5000),
                        "{\"a\":" + "9".repeat(5000) + "}"));
            case 1:
                return "{\"x\":\"" + "y".repeat(300_000) + "\"}";
            default:
                ObjectNode body = Json.object();
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    body.set(pick(BODY_FIELDS), hostileJsonValue());
                }
                return body.toString();
        }
    }

    private ObjectNode genericBody(String network, String externalId, String text) {
        ObjectNode b = Json.object().put("network", network).put("externalId", externalId)
                .put("text", text).put("createdAt", NOW.toString());
        b.putObject("author").put("id", "u1").put("handle", "@u1").put("name", "U1");
        return b;
    }

    // ---- signatures

    private Map<String, String> signedGeneric(String brand, String body) {
        String ts = Long.toString(NOW.getEpochSecond());
        return Map.of("content-type", "application/json", "x-cm-timestamp", ts, "x-cm-signature",
                "sha256=" + Hmac.hex(Hmac.sha256(brandSecrets.getOrDefault(brand, "unknown"), Hmac.utf8(ts + "." + body))));
    }

    /** Headers for a webhook POST: correct, forged, replayed (over another body) or another platform's. */
    private Map<String, String> webhookHeaders(String path, Map<String, String> pathParams, String body) {
        Map<String, String> h = new HashMap<>();
        h.put("content-type", "application/json");
        int mode = random.nextInt(4);
        String signed = mode == 2 ? body + " " : body; // 2: a replayed signature, made for another body
        if (path.equals("/webhooks/meta")) {
            h.put("x-hub-signature-256", mode == 1 ? "sha256=" + "0".repeat(64)
                    : "sha256=" + Hmac.hex(Hmac.sha256(mode == 3 ? X_SECRET : META_SECRET, Hmac.utf8(signed))));
        } else if (path.equals("/webhooks/x")) {
            h.put("x-twitter-webhooks-signature", mode == 1 ? "sha256=AAAA"
                    : "sha256=" + Hmac.base64(Hmac.sha256(mode == 3 ? META_SECRET : X_SECRET, Hmac.utf8(signed))));
        } else if (path.equals("/webhooks/linkedin")) {
            h.put("x-li-signature", mode == 1 ? "ff".repeat(32) : Hmac.hex(Hmac.sha256(LINKEDIN_SECRET,
                    Hmac.utf8(mode == 3 ? signed : "hmacsha256=" + signed))));
        } else if (path.startsWith("/webhooks/generic/")) {
            String brand = pathParams.getOrDefault("brand", "acme");
            h.putAll(signedGeneric(mode == 3 ? "rival" : brand, signed));
            if (mode == 1) {
                h.put("x-cm-timestamp", pick(List.of("0", "-1", "99999999999999999999", "abc", "")));
            }
        }
        return h;
    }

    /** A body a signed webhook would carry, with hostile fields. */
    private String hostileWebhookBody(String path) {
        if (random.nextInt(4) == 0) {
            return hostileBody();
        }
        String id = random.nextBoolean() ? pick(HOSTILE_IDS) : "fuzz-" + random.nextInt(1000);
        String text = random.nextInt(5) == 0 ? "t".repeat(60_000) : pick(HOSTILE_IDS);
        if (path.equals("/webhooks/meta")) {
            ObjectNode value = Json.object().put("item", "comment").put("verb", pick(List.of("add", "edited", "remove", "x")))
                    .put("comment_id", id).put("post_id", hostileId()).put("message", text);
            value.set("created_time", hostileJsonValue());
            value.putObject("from").put("id", hostileId()).put("name", pick(HOSTILE_IDS));
            ObjectNode root = Json.object().put("object", pick(List.of("page", "instagram", "user")));
            ObjectNode entry = root.putArray("entry").addObject().put("id", random.nextBoolean() ? "1" : hostileId());
            entry.set("time", hostileJsonValue());
            entry.putArray("changes").addObject().put("field", pick(List.of("feed", "comments", "mentions")))
                    .set("value", value);
            return root.toString();
        }
        if (path.equals("/webhooks/x")) {
            ObjectNode root = Json.object().put("for_user_id", hostileId());
            ObjectNode t = root.putArray("tweet_create_events").addObject().put("id_str", id).put("text", text)
                    .put("in_reply_to_status_id_str", hostileId());
            t.set("timestamp_ms", hostileJsonValue());
            t.putObject("user").put("id_str", hostileId()).put("screen_name", pick(HOSTILE_IDS));
            return root.toString();
        }
        if (path.equals("/webhooks/linkedin")) {
            ObjectNode root = Json.object().put("type", "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS");
            ObjectNode n = root.putArray("notifications").addObject().put("action", pick(List.of("COMMENT",
                    "COMMENT_EDIT", "COMMENT_DELETE", "SHARE_MENTION", "X"))).put("organizationalEntity", hostileId())
                    .put("generatedActivity", id).put("sourcePost", hostileId());
            n.set("lastModifiedAt", hostileJsonValue());
            n.putObject("decoratedGeneratedActivity").putObject("comment").put("text", text);
            return root.toString();
        }
        ObjectNode b = genericBody(pick(List.of("mastodon", "facebook", "x", "myspace", "")), id, text);
        for (int i = 0; i < random.nextInt(3); i++) {
            b.set(pick(BODY_FIELDS), hostileJsonValue());
        }
        return b.toString();
    }

    // ---- one request

    private APIGatewayV2HTTPResponse call(String method, String path, Map<String, String> pathParams,
                                          Map<String, String> query, Map<String, String> headers, String body,
                                          boolean check) {
        Route route = routes.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no route " + method + " " + path));
        return send(route, pathParams, query, headers, body, check);
    }

    private APIGatewayV2HTTPResponse send(Route route, Map<String, String> pathParams, Map<String, String> query,
                                          Map<String, String> headers, String body, boolean check) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setVersion("2.0");
        e.setRouteKey(route.key());
        String raw = route.path();
        for (var p : pathParams.entrySet()) {
            raw = raw.replace("{" + p.getKey() + "}", p.getValue());
        }
        e.setRawPath(raw);
        e.setPathParameters(pathParams.isEmpty() ? null : new HashMap<>(pathParams));
        e.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        e.setHeaders(new HashMap<>(headers));
        e.setBody(body);
        e.setIsBase64Encoded(false);
        if (check && body != null && random.nextInt(15) == 0) {
            // API Gateway base64-encodes binary bodies: send a valid encoding of the body, or garbage claimed as one
            e.setIsBase64Encoded(true);
            e.setBody(random.nextBoolean() ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))
                    : "%%not base64%%" + body);
        }
        e.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(route.method())
                        .withPath(raw).build()).build());
        Map<String, Map<String, AttributeValue>> before = check && !route.method().equals("GET") ? snapshot() : null;
        APIGatewayV2HTTPResponse r;
        try {
            r = handlers.get(route.function()).handleRequest(e, null);
        } catch (RuntimeException ex) {
            failures.add(route.key() + " threw " + ex + " for " + describe(pathParams, query, body));
            return APIGatewayV2HTTPResponse.builder().withStatusCode(599).build();
        }
        if (check) {
            verify(route, r, before, pathParams, query, body);
        }
        return r;
    }

    private int requests;
    private int serverErrors;
    private int badShapes;
    private int changed;

    private void verify(Route route, APIGatewayV2HTTPResponse r, Map<String, Map<String, AttributeValue>> before,
                        Map<String, String> pathParams, Map<String, String> query, String body) {
        requests++;
        int status = r.getStatusCode();
        if (status >= 500) {
            serverErrors++;
            failures.add(route.key() + " answered " + status + " " + r.getBody() + " for "
                    + describe(pathParams, query, body));
        }
        if (status >= 400) {
            boolean shaped;
            try {
                JsonNode n = Json.tree(r.getBody());
                shaped = n.isObject() && n.path("error").isTextual() && n.path("message").isTextual()
                        && String.valueOf(r.getHeaders().get("content-type")).startsWith("application/json");
            } catch (RuntimeException ex) {
                shaped = false;
            }
            if (!shaped) {
                badShapes++;
                failures.add(route.key() + " " + status + " not in the error shape: " + abbreviate(r.getBody())
                        + " for " + describe(pathParams, query, body));
            }
            if (before != null && !before.equals(snapshot())) {
                changed++;
                failures.add(route.key() + " " + status + " changed the table for " + describe(pathParams, query, body));
            }
        }
        if (status == 200 && route.path().endsWith("/webhook-secret")) {
            brandSecrets.put(pathParams.get("brand"), Json.tree(r.getBody()).path("webhookSecret").asText());
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + ")" : s;
    }

    private static String describe(Map<String, String> pathParams, Map<String, String> query, String body) {
        Map<String, String> p = new TreeMap<>();
        pathParams.forEach((k, v) -> p.put(k, abbreviate(v)));
        Map<String, String> q = new TreeMap<>();
        query.forEach((k, v) -> q.put(k, abbreviate(v)));
        return "path " + p + " query " + q + " body " + abbreviate(body);
    }

    /** The whole table (it holds a few dozen items here), by key. */
    private Map<String, Map<String, AttributeValue>> snapshot() {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = table.client().scan(ScanRequest.builder().tableName(table.name())
                    .exclusiveStartKey(start).consistentRead(true).build());
            for (var item : page.items()) {
                out.put(item.get(Table.PK).s() + "|" + item.get(Table.SK).s(), item);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** Sends {@code perRoute} hostile requests to every route, in a seeded order. */
    public Report run(int perRoute) {
        long t0 = System.nanoTime();
        for (int i = 0; i < perRoute; i++) {
            for (Route route : routes) {
                Map<String, String> pathParams = new LinkedHashMap<>();
                for (String p : route.params()) {
                    int r = random.nextInt(4);
                    pathParams.put(p, r == 0 ? (p.equals("brand") ? "acme" : ids.getOrDefault("acme.post", "x"))
                            : r == 1 ? (p.equals("brand") ? "rival" : ids.getOrDefault("rival.post", "x")) : hostileId());
                }
                Map<String, String> query = new LinkedHashMap<>();
                int nq = random.nextInt(4);
                for (int q = 0; q < nq; q++) {
                    String name = pick(QUERY_NAMES);
                    query.put(name, hostileQueryValue(name));
                }
                String body = null;
                Map<String, String> headers = new HashMap<>();
                if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
                    if (route.path().startsWith("/webhooks/")) {
                        body = hostileWebhookBody(route.path());
                        headers.putAll(webhookHeaders(route.path(), pathParams, body));
                    } else {
                        body = hostileBody();
                        headers.put("content-type", pick(List.of("application/json", "application/json",
                                "text/plain", "application/x-www-form-urlencoded", "")));
                    }
                }
                if (random.nextInt(10) == 0) {
                    headers.put("host", pick(HOSTILE_IDS));
                }
                if (random.nextInt(10) == 0) {
                    headers.put(pick(List.of("accept", "accept-language", "content-type", "x-cm-timestamp",
                            "if-match", "idempotency-key")), pick(HOSTILE_IDS));
                }
                send(route, pathParams, query, headers, body, true);
            }
        }
        return new Report(requests, serverErrors, badShapes, changed, routes.size(),
                (System.nanoTime() - t0) / 1_000_000, List.copyOf(failures));
    }
}
