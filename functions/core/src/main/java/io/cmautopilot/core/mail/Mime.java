package io.cmautopilot.core.mail;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Renders an {@link Email} as RFC 5322 / MIME bytes: {@code multipart/alternative} (text, then HTML) and, when the
 * HTML references inline parts, the HTML and its parts wrapped in {@code multipart/related} so clients show the
 * chart without loading anything remote. Non-ASCII headers are RFC 2047 encoded words; bodies are base64.
 */
public final class Mime {
    private static final Base64.Encoder MIME_BASE64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII));

    private Mime() {
    }

    public static byte[] render(Email email, String messageIdDomain, ZonedDateTime date) {
        StringBuilder out = new StringBuilder();
        header(out, "From", email.from());
        header(out, "To", String.join(", ", email.to()));
        header(out, "Subject", encodeWord(email.subject()));
        header(out, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(date));
        header(out, "Message-ID", "<" + UUID.randomUUID() + "@" + messageIdDomain + ">");
        header(out, "MIME-Version", "1.0");
        for (Map.Entry<String, String> h : email.headers().entrySet()) {
            header(out, h.getKey(), h.getValue());
        }
        String alt = boundary("alt");
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + alt + "\"");
        out.append("\r\n");
        if (email.text() != null) {
            out.append("--").append(alt).append("\r\n");
            part(out, "text/plain; charset=UTF-8", email.text().getBytes(StandardCharsets.UTF_8), null, null);
        }
        if (email.html() != null) {
            out.append("--").append(alt).append("\r\n");
            if (email.inline().isEmpty()) {
                part(out, "text/html; charset=UTF-8", email.html().getBytes(StandardCharsets.UTF_8), null, null);
            } else {
                String rel = boundary("rel");
                out.append("Content-Type: multipart/related; type=\"text/html\"; boundary=\"").append(rel).append("\"\r\n\r\n");
                out.append("--").append(rel).append("\r\n");
                part(out, "text/html; charset=UTF-8", email.html().getBytes(StandardCharsets.UTF_8), null, null);
                for (Email.InlinePart p : email.inline()) {
                    out.append("--").append(rel).append("\r\n");
                    part(out, p.contentType(), p.bytes(), p.contentId(), p.fileName());
                }
                out.append("--").append(rel).append("--\r\n");
            }
        }
        out.append("--").append(alt).append("--\r\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void part(StringBuilder out, String type, byte[] body, String contentId, String fileName) {
        out.append("Content-Type: ").append(type).append("\r\n");
        out.append("Content-Transfer-Encoding: base64\r\n");
        if (contentId != null) {
            out.append("Content-ID: <").append(contentId).append(">\r\n");
            out.append("Content-Disposition: inline");
            if (fileName != null) {
                out.append("; filename=\"").append(fileName.replace("\"", "")).append('"');
            }
            out.append("\r\n");
        }
        out.append("\r\n").append(MIME_BASE64.encodeToString(body)).append("\r\n");
    }

    private static void header(StringBuilder out, String name, String value) {
        Email.checkHeader(name, value);
        out.append(name).append(": ").append(value).append("\r\n");
    }

    /** RFC 2047 encoded word for non-ASCII header text; ASCII passes as is. */
    public static String encodeWord(String value) {
        boolean ascii = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (ascii) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static String boundary(String kind) {
        return "=_cm_" + kind + "_" + UUID.randomUUID().toString().replace("-", "");
    }
}
