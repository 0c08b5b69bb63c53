package io.cmautopilot.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MimeTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

    @Test
    void html_with_an_inline_chart_is_alternative_with_related_and_encoded_headers() {
        Email email = new Email("digest@acme.example", List.of("marie@acme.example"), "Résumé du jour — Acme",
                "<p>Bonjour <img src=\"cid:chart\"></p>", "Bonjour", Map.of("List-Unsubscribe",
                "<https://x.example/unsubscribe?token=abc>", "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                List.of(new Email.InlinePart("chart", "image/png", "chart.png", PNG)));

        String mime = new String(Mime.render(email, "acme.example", ZonedDateTime.parse("2026-12-01T08:00:00+01:00")),
                StandardCharsets.US_ASCII);

        assertThat(mime).contains("Content-Type: multipart/alternative;", "Content-Type: multipart/related;",
                "Content-ID: <chart>", "Content-Type: image/png", "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                "Subject: =?UTF-8?B?");
        assertThat(mime.indexOf("text/plain")).isLessThan(mime.indexOf("text/html"));
        String subject = mime.lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElseThrow();
        String encoded = subject.substring("Subject: =?UTF-8?B?".length(), subject.length() - 2);
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo("Résumé du jour — Acme");
        assertThat(mime).doesNotContain("Résumé");
    }

    @Test
    void header_injection_is_refused() {
        assertThatThrownBy(() -> new Email("a@b.example", List.of("c@d.example"), "Hi\r\nBcc: victim@x.example",
                null, "t", Map.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Email("a@b.example", List.of("c@d.example"), "Hi", null, "t",
                Map.of("X-Author", "Eve\nBcc: x@y.example"), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
