package io.cmautopilot.local;

import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.secrets.FileSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local adapters: the outbox mailer and the platform settings. */
class LocalAdaptersTest {
    @TempDir
    Path dir;

    @Test
    void eachMailBecomesAnEmlAndAnHtmlWhoseInlineChartShowsInABrowser() throws Exception {
        OutboxMailer mailer = new OutboxMailer(dir.resolve("outbox"), Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));
        byte[] png = {1, 2, 3};
        Email email = new Email("digest@example.com", List.of("boss@example.com"), "Daily digest: Démo", "<img src=\"cid:chart\"><p>Hi</p>",
                "Hi", Map.of("List-Unsubscribe", "<https://x/unsubscribe>"), List.of(new Email.InlinePart("chart", "image/png", "chart.png", png)));

        String id = mailer.send(email);

        assertThat(id).startsWith("local-");
        List<Path> files;
        try (var s = Files.list(dir.resolve("outbox"))) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(2);
        assertThat(files.get(0).getFileName().toString()).startsWith("20261201-080000-000-daily-digest-d-mo").endsWith(".eml");
        String eml = Files.readString(files.get(0), StandardCharsets.US_ASCII);
        assertThat(eml).contains("To: boss@example.com", "Subject: =?UTF-8?B?", "List-Unsubscribe: <https://x/unsubscribe>",
                "multipart/related");
        String html = Files.readString(files.get(1));
        assertThat(html).contains("<img src=\"data:image/png;base64,AQID\">").doesNotContain("cid:");
    }

    @Test
    void aTextOnlyMailIsEscapedInItsHtmlTwin() {
        Email email = new Email("a@example.com", List.of("b@example.com"), "Alert", null, "<script>x</script>", null, null);

        assertThat(OutboxMailer.browserHtml(email)).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void platformSettingsComeFromTheEnvironmentThenTheFileThenAreGeneratedOnce() throws Exception {
        FileSecrets file = new FileSecrets(dir.resolve("secrets.json"));
        file.save((com.fasterxml.jackson.databind.node.ObjectNode) io.cmautopilot.core.json.Json.tree("{\"xConsumerSecret\":\"from-file\"}"));

        PlatformSettings first = PlatformSettings.resolve(Map.of("CM_META_APP_SECRET", "from-env",
                "CM_GRAPH_API_URL", "http://127.0.0.1:9/graph"), file);

        assertThat(first.values()).containsEntry("CM_META_APP_SECRET", "from-env")
                .containsEntry("CM_X_CONSUMER_SECRET", "from-file").containsEntry("CM_GRAPH_API_URL", "http://127.0.0.1:9/graph")
                .doesNotContainKey("CM_X_API_URL");
        assertThat(first.generated()).containsExactly("CM_META_VERIFY_TOKEN", "CM_LINKEDIN_CLIENT_SECRET", "CM_UNSUBSCRIBE_KEY");
        String token = first.values().get("CM_META_VERIFY_TOKEN");
        assertThat(file.load().path("metaVerifyToken").asText()).isEqualTo(token);
        assertThat(file.load().has("metaAppSecret")).as("an environment value is not written to the file").isFalse();

        PlatformSettings second = PlatformSettings.resolve(Map.of(), file);

        assertThat(second.generated()).containsExactly("CM_META_APP_SECRET");
        assertThat(second.values()).containsEntry("CM_META_VERIFY_TOKEN", token);
    }
}
