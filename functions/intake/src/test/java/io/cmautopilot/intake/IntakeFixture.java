package io.cmautopilot.intake;

import io.cmautopilot.core.crypto.Hmac;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.RecordingBus;
import io.cmautopilot.core.comment.CommentStore;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.Events;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A brand "acme" with one account per webhook network, its generic-webhook secret in a file secrets store, test
 * platform secrets, a recording bus and a fixed clock; plus helpers that sign the sample events the way each
 * platform does.
 */
final class IntakeFixture {
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    static final String META_SECRET = "test-meta-app-secret";
    static final String VERIFY_TOKEN = "test-verify-token";
    static final String X_SECRET = "test-x-consumer-secret";
    static final String LINKEDIN_SECRET = "test-linkedin-client-secret";
    static final String BRAND_SECRET = "test-brand-webhook-secret";
    static final String PAGE_ID = "104017082474153";
    static final String IG_ID = "17841405822304914";
    static final String X_USER = "1582847399561564160";
    static final String LINKEDIN_ORG = "96072893";
    static final String MASTODON_ID = "109876543210";

    final Table table;
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final BrandStore brands;
    final CommentStore comments;
    final PostStore posts;
    final UnknownAccountStore unknown;
    final FileSecrets secrets;
    final RecordingBus bus = new RecordingBus();
    final CommentIntake intake;
    final WebhookHandler handler;

    IntakeFixture(Table table, Path dir) {
        this.table = table;
        this.brands = new BrandStore(table);
        this.comments = new CommentStore(table);
        this.posts = new PostStore(table);
        this.unknown = new UnknownAccountStore(table, clock);
        this.secrets = new FileSecrets(dir.resolve("secrets.json"));
        this.intake = new CommentIntake(brands, comments, posts, unknown, bus, clock, OwnReplies.of(table));
        Env env = new Env(Map.of("CM_META_APP_SECRET", META_SECRET, "CM_META_VERIFY_TOKEN", VERIFY_TOKEN,
                "CM_X_CONSUMER_SECRET", X_SECRET, "CM_LINKEDIN_CLIENT_SECRET", LINKEDIN_SECRET));
        this.handler = new WebhookHandler(intake, brands,
                WebhookHandler.sources(PlatformSecrets.from(env, secrets), brands, secrets, clock));
    }

    IntakeFixture withBrand() {
        String ref = secrets.create("acme-webhook", BRAND_SECRET);
        brands.create(new Brand("acme", "Acme Outdoor", ZoneId.of("Europe/Paris"), "en", null, ref, NOW));
        account("fb", Network.FACEBOOK, PAGE_ID, null, null);
        account("ig", Network.INSTAGRAM, IG_ID, null, null);
        account("x", Network.X, X_USER, null, null);
        account("li", Network.LINKEDIN, LINKEDIN_ORG, null, null);
        account("md", Network.MASTODON, MASTODON_ID, null, null);
        return this;
    }

    Account account(String id, Network network, String externalId, String baseUrl, String secretRef) {
        Account a = new Account(id, "acme", network, "@acme-" + id, externalId, baseUrl, secretRef,
                Account.Status.ACTIVE, Map.of(), NOW);
        brands.createAccount(a);
        return a;
    }

    /**
     * The comment stored for {@code (network, externalId)} by any origin of brand acme: one of its accounts or its
     * relay (comments are claimed per origin, docs/DATA-MODEL.md).
     */
    java.util.Optional<io.cmautopilot.core.comment.Comment> find(Network network, String externalId) {
        java.util.List<CommentStore.Origin> origins = new java.util.ArrayList<>();
        brands.listAccounts("acme").forEach(a -> origins.add(CommentStore.Origin.account("acme", a.id())));
        origins.add(CommentStore.Origin.relay("acme"));
        for (CommentStore.Origin o : origins) {
            var c = comments.find(o, network, externalId);
            if (c.isPresent()) {
                return c;
            }
        }
        return java.util.Optional.empty();
    }

    /** Records that we published {@code remoteId} as post {@code postId} (what the publisher writes). */
    void publishedAs(Network network, String remoteId, String postId) {
        table.client().putItem(b -> b.tableName(table.name()).item(new Table.Item()
                .key("REMOTE#acme#" + network.id() + "#" + remoteId, "REMOTE").put("brandId", "acme")
                .put("postId", postId).put("accountId", "fb").build()));
    }

    // ---- signed deliveries

    static String body(APIGatewayV2HTTPEvent e) {
        return e.getBody();
    }

    static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent e, String body) {
        e.setBody(body);
        return e;
    }

    static APIGatewayV2HTTPEvent header(APIGatewayV2HTTPEvent e, String name, String value) {
        Map<String, String> h = new HashMap<>(e.getHeaders());
        h.put(name.toLowerCase(java.util.Locale.ROOT), value);
        e.setHeaders(h);
        return e;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static APIGatewayV2HTTPEvent meta(String sample) {
        APIGatewayV2HTTPEvent e = Events.http("intake/" + sample);
        return header(e, "X-Hub-Signature-256",
                "sha256=" + Hmac.hex(Hmac.sha256(META_SECRET, bytes(e.getBody()))));
    }

    static APIGatewayV2HTTPEvent x(String sample) {
        APIGatewayV2HTTPEvent e = Events.http("intake/" + sample);
        return header(e, "x-twitter-webhooks-signature",
                "sha256=" + Hmac.base64(Hmac.sha256(X_SECRET, bytes(e.getBody()))));
    }

    static APIGatewayV2HTTPEvent linkedIn(String sample) {
        APIGatewayV2HTTPEvent e = Events.http("intake/" + sample);
        return header(e, "x-li-signature",
                Hmac.hex(Hmac.sha256(LINKEDIN_SECRET, bytes("hmacsha256="), bytes(e.getBody()))));
    }

    APIGatewayV2HTTPEvent generic(String body, long timestamp) {
        APIGatewayV2HTTPEvent e = Events.http("intake/generic-comment.json");
        if (body != null) {
            e.setBody(body);
        }
        return signGeneric(e, timestamp);
    }

    static APIGatewayV2HTTPEvent signGeneric(APIGatewayV2HTTPEvent e, long timestamp) {
        header(e, "x-cm-timestamp", Long.toString(timestamp));
        return header(e, "x-cm-signature", "sha256=" + Hmac.hex(Hmac.sha256(BRAND_SECRET,
                bytes(timestamp + "."), bytes(e.getBody()))));
    }

    static APIGatewayV2HTTPEvent base64(APIGatewayV2HTTPEvent e) {
        e.setBody(Base64.getEncoder().encodeToString(bytes(e.getBody())));
        e.setIsBase64Encoded(true);
        return e;
    }

    static ObjectNode genericBody() {
        return (ObjectNode) Json.tree(Events.http("intake/generic-comment.json").getBody());
    }
}
