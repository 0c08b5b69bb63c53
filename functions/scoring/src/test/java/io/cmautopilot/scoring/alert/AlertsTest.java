package io.cmautopilot.scoring.alert;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.mail.SesMailer;
import io.cmautopilot.testing.SesExtension;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class AlertsTest {
    @RegisterExtension
    static SesExtension ses = new SesExtension();
    @RegisterExtension
    static WireMockExtension chat = WireMocks.server();

    private static final String HOSTILE = "<img src=x onerror=alert(1)> you idiots & <!channel> <https://evil.example|click>";

    private Alerts alerts() {
        SesV2Client client = SesV2Client.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(ses.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        return new Alerts(new SesMailer(client, null), "alerts@acme.example", HttpClient.newHttpClient());
    }

    private static Brand brand(String webhook) {
        return new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "en",
                new BrandSettings(List.of(), List.of("cm@acme.example"), webhook, false, null), null, Instant.EPOCH);
    }

    private static Comment comment(String permalink) {
        return Comment.received("c1", "acme", "a1", Network.FACEBOOK, "fb1", null, null,
                new Comment.Author("u1", "troll<b>", "Troll"), HOSTILE, "en", Instant.parse("2026-11-30T09:00:00Z"),
                Instant.parse("2026-11-30T09:00:01Z"), permalink, Comment.Kind.COMMENT);
    }

    private static final List<Flag> HIGH = List.of(new Flag(Flag.Type.TOXIC, Flag.Severity.HIGH, List.of("INSULT")));

    @Test
    void a_french_brand_gets_its_flag_and_crisis_alerts_in_french_still_escaped() {
        Brand fr = new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "fr",
                new BrandSettings(List.of(), List.of("cm@acme.example"), null, false, null), null, Instant.EPOCH);
        alerts().flagged(fr, comment("https://facebook.com/acme/posts/1?comment_id=fb1"), HIGH);
        alerts().crisis(fr, new io.cmautopilot.core.crisis.CrisisRecord("acme", Instant.parse("2026-11-30T10:00:00Z"),
                Instant.parse("2026-11-30T09:00:00Z"), 30, 40, 2.5, 1.26, 6.26, "spike", java.util.Map.of("x", 30L),
                List.of()), List.of());

        var messages = ses.messages();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("subject").asText()).isEqualTo("[Acme] commentaire toxique sur facebook");
        assertThat(messages.get(0).path("body").path("html").asText()).startsWith("<!doctype html><html><body><p>")
                .endsWith("</body></html>");
        assertThat(messages.get(0).path("body").path("html").asText()).contains("Commentaire toxique sur facebook de "
                + "@troll&lt;b&gt; (INSULT) :", "Voir le commentaire").doesNotContain("<img");
        assertThat(messages.get(1).path("subject").asText())
                .isEqualTo("[Acme] crise possible : 30 commentaires négatifs en une heure");
        assertThat(messages.get(1).path("body").path("text").asText()).contains("30 commentaires négatifs sur 40 au "
                + "cours de la dernière heure (en temps normal 2,5 ± 1,3 par heure, seuil 6,3)", "Réseaux : x 30");
    }

    /** English words the French alerts used to carry, or could carry. */
    private static final List<String> ENGLISH = List.of("Open the comment", "comment on", "Possible crisis",
            "negative comments", "Networks", "Most negative", "in the console", "Inbox", "baseline", "threshold",
            "stddev", "normally", "negative volume", "negative share", "someone", "open>", "|open");

    @Test
    void a_french_crisis_alert_gives_the_rules_reason_in_french_and_no_english_is_left() {
        chat.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        Brand fr = new Brand("acme", "Acme", ZoneId.of("Europe/Paris"), "fr",
                new BrandSettings(List.of(), List.of("cm@acme.example"), chat.baseUrl() + "/hook", false, null), null,
                Instant.EPOCH);
        var volume = io.cmautopilot.scoring.crisis.CrisisRule.assess(bucket(30, 40),
                java.util.stream.IntStream.range(0, 24).mapToObj(i -> bucket(i % 2 == 0 ? 1 : 3, 10)).toList(),
                new io.cmautopilot.core.brand.BrandSettings.CrisisSettings(10, 3.0, 24, 0.6, 180));
        assertThat(volume.reason()).startsWith("negative volume 30 above");
        alerts().crisis(fr, new io.cmautopilot.core.crisis.CrisisRecord("acme", Instant.parse("2026-11-30T10:00:00Z"),
                Instant.parse("2026-11-30T09:00:00Z"), volume.negative(), volume.total(), volume.baselineMean(),
                volume.baselineStdDev(), volume.threshold(), volume.reason(), java.util.Map.of("x", 30L), List.of()),
                List.of(new io.cmautopilot.core.comment.Highlight(io.cmautopilot.core.comment.Highlight.Category.NEGATIVE, "c9",
                        Network.X, "x9", null, null, "c’est une honte", "https://x.com/a/status/9",
                        Instant.parse("2026-11-30T09:30:00Z"), 0.9, List.of(), false)),
                true);
        alerts().flagged(fr, comment("https://facebook.com/acme/posts/1?comment_id=fb1"), HIGH);

        var messages = ses.messages();
        assertThat(messages).hasSize(2);
        String text = messages.get(0).path("body").path("text").asText();
        assertThat(text).contains("Crise possible pour Acme.", "30 commentaires négatifs sur 40 au cours de la "
                + "dernière heure (en temps normal 2,0 ± 1,0 par heure, seuil 10,0). Motif : volume de commentaires "
                + "négatifs (30) supérieur à 5,0 (moyenne + 3,0 écarts-types)", "Réseaux : x 30",
                "Les commentaires les plus négatifs :", "- x, quelqu’un : c’est une honte",
                "La publication est suspendue pour cette marque");
        String slack = chat.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                .reduce("", String::concat);
        assertThat(slack).contains("Voir le commentaire", "|voir>", "Motif : volume de commentaires négatifs");
        for (String part : List.of(text, messages.get(0).path("body").path("html").asText(),
                messages.get(0).path("subject").asText(), messages.get(1).path("body").path("text").asText(),
                messages.get(1).path("body").path("html").asText(), messages.get(1).path("subject").asText(), slack)) {
            assertThat(part).doesNotContain(ENGLISH.toArray(String[]::new));
        }
    }

    @Test
    void the_crisis_rules_reasons_read_as_french_with_french_numbers() {
        assertThat(io.cmautopilot.scoring.crisis.CrisisRule.frenchReason("negative share 62% against 10% normally"))
                .isEqualTo("part de commentaires négatifs de 62\u00a0%, contre 10\u00a0% d’habitude");
        assertThat(io.cmautopilot.scoring.crisis.CrisisRule.frenchReason(
                "negative volume 14 above 6.2 (mean + 3.0 stddev)"))
                .isEqualTo("volume de commentaires négatifs (14) supérieur à 6,2 (moyenne + 3,0 écarts-types)");
        assertThat(io.cmautopilot.scoring.crisis.CrisisRule.frenchReason("below the minimum of 5 negatives"))
                .isEqualTo("moins de 5 commentaires négatifs, le minimum requis");
        assertThat(io.cmautopilot.scoring.crisis.CrisisRule.frenchReason("spike")).isNull();
    }

    @Test
    void the_teams_card_button_is_in_the_alerts_language() {
        assertThat(Alerts.teamsCard("t", "https://x.com/a/status/1", "Voir le commentaire")
                .at("/attachments/0/content/actions/0/title").asText()).isEqualTo("Voir le commentaire");
        assertThat(Alerts.teamsCard("t", null, null).at("/attachments/0/content").has("actions")).isFalse();
    }

    private static io.cmautopilot.core.counter.CounterBucket bucket(long negative, long total) {
        return new io.cmautopilot.core.counter.CounterBucket("acme", io.cmautopilot.core.counter.CounterBucket.Granularity.HOUR,
                "h", Instant.EPOCH, java.util.Map.of(io.cmautopilot.core.counter.Counters.COMMENTS, total,
                        io.cmautopilot.core.counter.Counters.sentiment(io.cmautopilot.core.comment.Sentiment.Label.NEGATIVE),
                        negative));
    }

    @Test
    void emailGoesThroughSesWithTheCommentEscaped() {
        alerts().flagged(brand(null), comment("https://facebook.com/acme/posts/1?comment_id=fb1&x=y"), HIGH);

        var messages = ses.messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("subject").asText()).isEqualTo("[Acme] toxic comment on facebook");
        String html = messages.get(0).path("body").path("html").asText();
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img")
                .contains("@troll&lt;b&gt;").contains("INSULT")
                .contains("href=\"https://facebook.com/acme/posts/1?comment_id=fb1&amp;x=y\"");
        assertThat(messages.get(0).toString()).contains("cm@acme.example").contains("alerts@acme.example");
    }

    @Test
    void bidirectionalOverridesInTheCommentAndAuthorNeverReachTheMail() {
        Comment spoof = Comment.received("c2", "acme", "a1", Network.FACEBOOK, "fb2", null, null,
                new Comment.Author("u2", null, "Support\u202E\u2066"), "Your refund: \u202Egnp.exe\u2067 click",
                "en", Instant.parse("2026-11-30T09:00:00Z"), Instant.parse("2026-11-30T09:00:01Z"),
                "https://facebook.com/c/fb2", Comment.Kind.COMMENT);

        alerts().flagged(brand(null), spoof, HIGH);

        var message = ses.messages().get(0);
        String html = message.path("body").path("html").asText();
        String text = message.path("body").path("text").asText();
        assertThat(html).contains("Your refund: gnp.exe click").contains("by Support (INSULT)");
        for (String part : List.of(html, text)) {
            assertThat(part.chars().filter(ch -> (ch >= 0x202A && ch <= 0x202E) || (ch >= 0x2066 && ch <= 0x2069)))
                    .isEmpty();
        }
    }

    @Test
    void aPermalinkThatIsNotHttpIsNotLinked() {
        alerts().flagged(brand(null), comment("javascript:alert(1)"), HIGH);
        String html = ses.messages().get(0).path("body").path("html").asText();
        assertThat(html).doesNotContain("javascript:").doesNotContain("<a ");
    }

    @Test
    void slackWebhookGetsEscapedMrkdwn() {
        chat.stubFor(post("/services/T000/B000/XXXX").willReturn(aResponse().withStatus(200).withBody("ok")));

        alerts().flagged(brand(chat.baseUrl() + "/services/T000/B000/XXXX"), comment("https://facebook.com/c/fb1"), HIGH);

        chat.verify(1, postRequestedFor(urlEqualTo("/services/T000/B000/XXXX")));
        var body = Json.tree(chat.getAllServeEvents().get(0).getRequest().getBodyAsString());
        String text = body.get("text").asText();
        assertThat(text).contains("&lt;img src=x onerror=alert(1)&gt;").contains("&amp;")
                .contains("&lt;!channel&gt;").contains("&lt;https://evil.example|click&gt;")
                .contains("<https://facebook.com/c/fb1|Open the comment>");
        assertThat(text).doesNotContain("<!channel>");
    }

    @Test
    void teamsHostsGetAnAdaptiveCard() {
        assertThat(Alerts.isTeams(URI.create("https://acme.webhook.office.com/webhookb2/abc"))).isTrue();
        assertThat(Alerts.isTeams(URI.create("https://prod-12.westeurope.logic.azure.com:443/workflows/abc"))).isTrue();
        assertThat(Alerts.isTeams(URI.create("https://hooks.slack.com/services/T/B/X"))).isFalse();
    }

    @Test
    void onlyHttpsWebhooksExceptLoopback() {
        assertThat(Alerts.webhookTarget("http://hooks.example.com/x")).isNull();
        assertThat(Alerts.webhookTarget("file:///etc/passwd")).isNull();
        assertThat(Alerts.webhookTarget("https://hooks.slack.com/services/T/B/X")).isNotNull();
        assertThat(Alerts.webhookTarget("http://127.0.0.1:8080/hook")).isNotNull();
    }

    @Test
    void escapingHelpers() {
        assertThat(Escape.slack("a & b < c > d")).isEqualTo("a &amp; b &lt; c &gt; d");
        assertThat(Escape.teams("[click](http://x) **bold**")).isEqualTo("\\[click\\]\\(http://x\\) \\*\\*bold\\*\\*");
        assertThat(Escape.slack("a\u2066b")).isEqualTo("ab");
        assertThat(Escape.teams("a\u202Db")).isEqualTo("ab");
    }

    @Test
    void withTheConsoleUrlKnownTheAlertLinksTheCommentInTheConsoleToo() {
        SesV2Client client = SesV2Client.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(ses.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        Alerts withConsole = new Alerts(new SesMailer(client, null), "alerts@acme.example",
                HttpClient.newHttpClient(), io.cmautopilot.core.console.ConsoleLinks.of("http://127.0.0.1:3000/console/"));

        withConsole.flagged(brand(null), comment("https://facebook.com/c/fb1"), HIGH);

        String html = ses.messages().get(ses.messages().size() - 1).path("body").path("html").asText();
        assertThat(html).contains("href=\"https://facebook.com/c/fb1\"")
                .contains("href=\"http://127.0.0.1:3000/console/?brand=acme&amp;comment=c1\"");
        assertThat(io.cmautopilot.core.console.ConsoleLinks.of("javascript:alert(1)").known()).isFalse();
        assertThat(io.cmautopilot.core.console.ConsoleLinks.of("https://x.example/console/?a=b").known()).isFalse();
    }
}
