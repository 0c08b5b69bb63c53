package io.cmautopilot.digest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.crisis.CrisisRecord;
import io.cmautopilot.digest.render.RenderedDigest;
import io.cmautopilot.digest.render.TrendChart;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.SesExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A digest built from counters and highlights, sent through the SES v2 emulator, read back and checked. */
class DigestMailTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static SesExtension ses = new SesExtension();

    private DigestWorld world;
    // Sunday 22 November 2026 in Paris is the period of a daily digest sent on Monday 23 at 08:00 (07:00Z).
    private static final Instant DAY = Instant.parse("2026-11-21T23:00:00Z");
    private static final Instant SEND = Instant.parse("2026-11-23T07:00:00Z");

    @BeforeEach
    void setUp() {
        world = new DigestWorld(dynamo, ses);
    }

    private Brand busyBrand(String language) {
        Brand b = world.brand("acme", "Acme & Co", "Europe/Paris", language);
        world.count(b, DAY.plus(Duration.ofHours(9)), Network.MASTODON, Sentiment.Label.POSITIVE, 1200);
        world.count(b, DAY.plus(Duration.ofHours(9)), Network.X, Sentiment.Label.NEGATIVE, 30);
        world.count(b, DAY.plus(Duration.ofHours(15)), Network.BLUESKY, Sentiment.Label.NEUTRAL, 4);
        // the day before, for the comparison
        world.count(b, DAY.minus(Duration.ofHours(10)), Network.MASTODON, Sentiment.Label.POSITIVE, 617);
        world.countPosts(b, DAY.plus(Duration.ofHours(10)), 3, 1, 1);
        world.highlight(b, DAY.plus(Duration.ofHours(8)), Network.MASTODON, "Ann", "ann",
                "When does the shop open?", Sentiment.Label.NEUTRAL, 0.9, false, Flag.Type.NEEDS_REPLY);
        world.highlight(b, DAY.plus(Duration.ofHours(9)), Network.X, "Bob", "bob", "Worst delivery ever",
                Sentiment.Label.NEGATIVE, 0.97, false, Flag.Type.NEGATIVE);
        world.highlight(b, DAY.plus(Duration.ofHours(9)), Network.MASTODON, "Cleo", "cleo", "Love the new range",
                Sentiment.Label.POSITIVE, 0.99, false);
        world.highlight(b, DAY.plus(Duration.ofHours(11)), Network.X, "Troll", "troll", "you are all idiots",
                Sentiment.Label.NEGATIVE, 0.8, true, Flag.Type.TOXIC);
        world.crises.record(new CrisisRecord(b.id(), DAY.plus(Duration.ofHours(10)), DAY.plus(Duration.ofHours(9)),
                30, 40, 2.0, 1.0, 5.0, "spike", Map.of("x", 30L), List.of()), Duration.ofHours(3));
        world.account(b, Network.LINKEDIN, "acme-corp", Account.Status.NEEDS_RECONNECT);
        world.account(b, Network.MASTODON, "acme", Account.Status.ACTIVE);
        return b;
    }

    private JsonNode sendOne() {
        world.clock.set(SEND);
        DigestRun.Summary summary = world.run().run("test");
        assertThat(summary.sent()).isEqualTo(1);
        List<JsonNode> messages = ses.messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    @Test
    void a_daily_digest_arrives_as_html_with_an_inline_chart_and_a_text_alternative() throws Exception {
        Brand b = busyBrand("en");
        Subscription s = world.daily(b, "marketing@acme.test", 8, "Europe/Paris", "en");

        JsonNode m = sendOne();

        assertThat(m.path("subject").asText()).isEqualTo("Acme & Co: your daily digest for November 22, 2026");
        assertThat(m.path("destination").path("to").get(0).asText()).contains("marketing@acme.test");
        String html = m.path("body").path("html").asText();
        assertThat(html).contains("1,234 comments", "+100% vs the day before", "Mastodon", "Bluesky",
                "Sentiment mix", "Waiting for a reply", "When does the shop open?", "Worst delivery ever",
                "Love the new range", "you are all idiots", ">hidden<", "Crisis alerts",
                "30 negative out of 40 comments", "Published", "Unconfirmed", "Accounts to reconnect", "acme-corp",
                "Acme &amp; Co");
        // The HTML references the chart by Content-ID: SES assembles the related part from the inline attachment.
        assertThat(html).contains("<img src=\"cid:" + RenderedDigest.CHART_CONTENT_ID + "\"");
        assertThat(html).doesNotContain("<script", "<link", "<style", "src=\"http");
        assertThat(m.path("body").path("text").asText()).contains("1,234 comments", "Worst delivery ever",
                "Unsubscribe: " + DigestWorld.BASE_URL + "/unsubscribe?token=");

        // What SES received as Simple content: the chart as an INLINE attachment, a PNG a decoder reads at its size.
        assertThat(m.path("attachments")).hasSize(1);
        JsonNode chart = m.path("attachments").get(0);
        assertThat(chart.path("contentType").asText()).isEqualTo("image/png");
        assertThat(chart.path("contentId").asText()).isEqualTo(RenderedDigest.CHART_CONTENT_ID);
        assertThat(chart.path("contentDisposition").asText()).isEqualTo("INLINE");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(chart.path("content").asText())));
        assertThat(png.getWidth()).isEqualTo(TrendChart.WIDTH);
        assertThat(png.getHeight()).isEqualTo(TrendChart.HEIGHT);

        // The RFC 8058 headers, with a signed link.
        assertThat(header(m, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        String listUnsubscribe = header(m, "List-Unsubscribe");
        String token = listUnsubscribe.replaceAll(".*token=([^>]+)>.*", "$1");
        assertThat(listUnsubscribe).startsWith("<" + DigestWorld.BASE_URL + "/unsubscribe?token=");
        assertThat(world.tokens.verify(java.net.URLDecoder.decode(token, java.nio.charset.StandardCharsets.UTF_8)))
                .contains(new io.cmautopilot.digest.unsubscribe.UnsubscribeTokens.Target(b.id(), s.id()));

        // The emulator's own .eml export of the stored message (its nodemailer, not SES, lays out the parts) keeps
        // the image and the headers.
        String eml = Raw.emlExport(ses.eml(m.path("messageId").asText()));
        assertThat(eml).contains("image/png", "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    }

    /** The value of one header SES was given with the message. */
    static String header(JsonNode message, String name) {
        for (JsonNode h : message.path("headers")) {
            if (h.path("name").asText().equalsIgnoreCase(name)) {
                return h.path("value").asText();
            }
        }
        throw new AssertionError("no " + name + " header in " + message.path("headers"));
    }

    @Test
    void hostile_comment_text_and_author_names_are_escaped_and_never_reach_a_header() {
        Brand b = world.brand("acme", "Acme\r\nBcc: victim@example.com", "Europe/Paris", "en");
        world.count(b, DAY.plus(Duration.ofHours(9)), Network.X, Sentiment.Label.NEGATIVE, 3);
        world.highlight(b, DAY.plus(Duration.ofHours(9)), Network.X, "Eve\r\nBcc: victim@example.com", "eve",
                "<script>alert(1)</script> and <img src=x onerror=alert(2)>", Sentiment.Label.NEGATIVE, 0.9, false,
                Flag.Type.NEEDS_REPLY);
        world.highlight(b, DAY.plus(Duration.ofHours(10)), Network.X, "\"><svg onload=alert(3)>", "x\"y",
                "javascript link", Sentiment.Label.NEGATIVE, 0.8, false);
        world.daily(b, "marketing@acme.test", 8, "Europe/Paris", "en");

        JsonNode m = sendOne();

        String html = m.path("body").path("html").asText();
        assertThat(html).doesNotContain("<script", "<img src=x", "<svg", "onerror=alert(2)>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
                        "Eve Bcc: victim@example.com", "&quot;&gt;&lt;svg onload=alert(3)&gt;");
        assertThat(m.path("headers").findValuesAsText("name")).noneMatch(n -> n.equalsIgnoreCase("Bcc"));
        assertThat(m.path("subject").asText()).isEqualTo("Acme Bcc: victim@example.com: your daily digest for November 22, 2026");
        assertThat(m.path("destination").path("bcc")).isEmpty();
        assertThat(m.path("body").path("text").asText()).contains("Eve Bcc: victim@example.com (@eve) (X,")
                .doesNotContain("\nBcc:");
    }

    @Test
    void bidirectional_overrides_in_comments_names_and_brand_never_reach_the_digest() {
        Brand b = world.brand("acme", "Acme\u202E", "Europe/Paris", "en");
        world.count(b, DAY.plus(Duration.ofHours(9)), Network.X, Sentiment.Label.NEGATIVE, 3);
        world.highlight(b, DAY.plus(Duration.ofHours(9)), Network.X, "Support\u2067", "eve\u202D",
                "Refund form: \u202Efdp.exe\u2066 see", Sentiment.Label.NEGATIVE, 0.9, false, Flag.Type.NEEDS_REPLY);
        world.daily(b, "marketing@acme.test", 8, "Europe/Paris", "en");

        JsonNode m = sendOne();

        String html = m.path("body").path("html").asText();
        assertThat(html).contains("Refund form: fdp.exe see");
        for (String part : List.of(html, m.path("body").path("text").asText(), m.path("subject").asText())) {
            assertThat(part.chars().filter(c -> (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)))
                    .isEmpty();
        }
    }

    @Test
    void a_french_subscriber_gets_french_words_numbers_and_dates() {
        Brand b = busyBrand("en");
        world.daily(b, "equipe@acme.test", 8, "Europe/Paris", "fr");

        JsonNode m = sendOne();

        assertThat(m.path("subject").asText()).isEqualTo("Acme & Co : votre résumé du 22 novembre 2026");
        String html = m.path("body").path("html").asText();
        assertThat(html).contains("<html lang=\"fr\"", "Résumé quotidien", "dimanche 22 novembre 2026",
                "1\u202f234 commentaires", "par rapport à la veille", "Répartition de la tonalité",
                "En attente de réponse", ">masqué<", "Alertes de crise", "Comptes à reconnecter", "Se désabonner",
                "Publiées");
        assertThat(html).doesNotContain("Waiting for a reply", "Unsubscribe<");
        String text = m.path("body").path("text").asText();
        assertThat(text).contains("1\u202f234 commentaires");
        // exact key sentences, in the HTML and in the plain-text part
        for (String part : List.of(html, text)) {
            assertThat(part).contains("30 commentaires négatifs sur 40 en une heure (seuil 5)",
                    "Alertes de crise", "Commentaires par réseau", "Comptes à reconnecter",
                    "La publication et l’écoute de ces comptes sont suspendues jusqu’à leur reconnexion.",
                    "Vous recevez ce résumé quotidien de Acme");
            // English words and fragments that French digests used to carry, or could carry, must not appear
            assertThat(part).doesNotContain(" vs the ", "none the period before", "Tallest bar", "Sentiment mix",
                    "Crisis alerts", "negative out of", "Comments by network", "Accounts to reconnect",
                    "Most negative", "Most positive", "Toxic comments", "Open in the console", "Still waiting",
                    "Replies sent", "You receive this", "Unsubscribe", "aucun la période", "négatifs sur 40 commentaires");
        }
        assertThat(html).doesNotContain(">View<", ">hidden<", ">flagged<", ">Published<", ">Failed<");
    }

    @Test
    void the_digest_gives_response_times_and_the_open_backlog_in_the_subscribers_language() {
        Brand b = busyBrand("en");
        world.countReplies(b, DAY.plus(Duration.ofHours(10)), Network.MASTODON, 4, 6);
        world.countReplies(b, DAY.plus(Duration.ofHours(11)), Network.X, 150, 4);
        new io.cmautopilot.core.comment.CommentStore(world.table).insert(io.cmautopilot.core.comment.Comment.received("open-1", b.id(), null, Network.X, "o1",
                null, null, null, "still waiting?", "en", DAY.minus(Duration.ofDays(2)), DAY.minus(Duration.ofDays(2)),
                null, io.cmautopilot.core.comment.Comment.Kind.COMMENT),
                io.cmautopilot.core.comment.CommentStore.Origin.relay(b.id()));
        world.daily(b, "team@acme.test", 8, "Europe/Paris", "en");
        world.daily(b, "equipe@acme.test", 8, "Europe/Paris", "fr");

        world.clock.set(SEND);
        world.run().run("test");
        List<JsonNode> messages = ses.messages();
        assertThat(messages).hasSize(2);
        String en = messages.stream().map(m -> m.path("body").path("html").asText())
                .filter(h -> h.contains("lang=\"en\"")).findFirst().orElseThrow();
        String fr = messages.stream().map(m -> m.path("body").path("html").asText())
                .filter(h -> h.contains("lang=\"fr\"")).findFirst().orElseThrow();
        assertThat(en).contains("Replies", "Replies sent", "Time to first reply (median)", "4 min",
                "90% of first replies within", "3 h 30 min", "median 3 h 00 min", "Still waiting for a reply", "1, 1 of them for more than a day");
        assertThat(fr).contains("Réponses envoyées", "Délai de première réponse (médiane)",
                "90 % des premières réponses en moins de", "Toujours en attente de réponse",
                "1, dont 1 depuis plus d’un jour");
    }

    @Test
    void a_comment_removed_on_its_network_leaves_the_digest_and_one_hidden_since_shows_as_hidden() {
        Brand b = busyBrand("en");
        var comments = new io.cmautopilot.core.comment.CommentStore(world.table);
        var gone = world.highlight(b, DAY.plus(Duration.ofHours(12)), Network.X, "Gone", "gone", "this one was deleted",
                Sentiment.Label.NEGATIVE, 0.99, false, Flag.Type.NEGATIVE);
        var hid = world.highlight(b, DAY.plus(Duration.ofHours(13)), Network.X, "Hid", "hid", "hidden since, rude words",
                Sentiment.Label.NEGATIVE, 0.7, false, Flag.Type.TOXIC);
        var relay = io.cmautopilot.core.comment.CommentStore.Origin.relay(b.id());
        comments.insert(gone, relay);
        comments.insert(hid, relay);
        comments.markRemoved(relay, Network.X, gone.externalId(), SEND);
        comments.markHidden(hid, SEND);
        world.daily(b, "team@acme.test", 8, "Europe/Paris", "en");

        String html = sendOne().path("body").path("html").asText();

        assertThat(html).doesNotContain("this one was deleted").contains("hidden since, rude words");
        // busyBrand's troll was hidden when scored; this one was hidden afterwards: both show as hidden
        assertThat(html.split(">hidden<", -1)).hasSize(3);
        assertThat(html).doesNotContain(">flagged<");
    }

    @Test
    void a_quiet_day_gives_a_short_email_that_says_so() {
        Brand b = world.brand("calm", "Calm", "Europe/Paris", "en");
        world.daily(b, "marketing@calm.test", 8, "Europe/Paris", "en");

        JsonNode m = sendOne();

        String html = m.path("body").path("html").asText();
        assertThat(html).contains("A quiet day: no comments, no posts and no alerts.")
                .doesNotContain("cid:", "Sentiment mix", "Crisis alerts");
        assertThat(m.path("attachments")).isEmpty();
        assertThat(m.path("body").path("text").asText()).contains("A quiet day");
        assertThat(html.length()).isLessThan(4000);
    }

    @Test
    void a_weekly_digest_covers_the_seven_days_before_its_day_with_one_bar_per_day() {
        Brand b = world.brand("acme", "Acme", "America/New_York", "en");
        // Monday 30 November 2026, 09:00 New York = 14:00Z; the period is Mon 23 .. Sun 29 November.
        world.count(b, Instant.parse("2026-11-23T15:00:00Z"), Network.X, Sentiment.Label.POSITIVE, 5);
        world.count(b, Instant.parse("2026-11-29T15:00:00Z"), Network.X, Sentiment.Label.NEGATIVE, 7);
        world.count(b, Instant.parse("2026-11-30T15:00:00Z"), Network.X, Sentiment.Label.NEGATIVE, 1000); // after
        world.count(b, Instant.parse("2026-11-18T15:00:00Z"), Network.X, Sentiment.Label.NEGATIVE, 3); // week before
        world.weekly(b, "m@acme.test", 9, java.time.DayOfWeek.MONDAY, "America/New_York", "en");
        world.clock.set(Instant.parse("2026-11-30T14:00:00Z"));

        assertThat(world.run().run("t").sent()).isEqualTo(1);

        JsonNode m = ses.messages().get(0);
        assertThat(m.path("subject").asText()).isEqualTo("Acme: your weekly digest, November 23, 2026 to November 29, 2026");
        assertThat(m.path("body").path("html").asText()).contains("12 comments", "+300% vs the week before",
                "One bar per day, from Mon Nov 23 to Sun Nov 29");
        assertThat(m.path("body").path("text").asText()).contains("Sun Nov 29: 7 (+0 / -7)");
    }
}
