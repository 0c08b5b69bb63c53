package io.cmautopilot.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.mail.Mime;
import io.cmautopilot.core.text.Html;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail the endpoint's SES accepted, read back for people and the demo. SES has no API to read sent mail, so
 * this uses each emulator's documented inspection route: moto's {@code GET /moto-api/data.json} (its ses backend's
 * {@code Message} models for Simple content, {@code RawMessage} for raw MIME) and LocalStack's {@code GET /_aws/ses}.
 * Each message is copied to the outbox as {@code <message id>.eml} plus a browser {@code .html}, like the local
 * mailer's files; a Simple message, which the emulators keep as fields, is written as MIME by {@link Mime}. It only
 * reads: sending always goes through the functions' SES v2 adapter.
 */
public final class SentMail {
    /**
     * One message as the endpoint stored it: {@code raw} MIME, or (Simple content) the subject and the bodies it kept;
     * moto keeps only the HTML body when there is one.
     */
    public record Message(String id, String source, List<String> destinations, String raw, String subject,
                          String html, String text) {
        /** The message as MIME: as stored, or written from the fields the endpoint kept. */
        public String mime() {
            if (raw != null && !raw.isEmpty()) {
                return raw;
            }
            if (html == null && text == null) {
                return "";
            }
            Email email = new Email(source, destinations, subject == null ? "" : subject.replaceAll("[\\r\\n]+", " "),
                    html, text, Map.of(), List.of());
            return new String(Mime.render(email, "cm-autopilot", ZonedDateTime.now(ZoneOffset.UTC)),
                    StandardCharsets.US_ASCII);
        }

        /** What a browser shows: the HTML body, or the HTML part of the raw MIME with its inline parts inlined. */
        public String browser() {
            return html != null ? html : browserHtml(mime());
        }
    }

    private static final Pattern BASE64_PART = Pattern.compile(
            "Content-Type: ([^\\r\\n;]+)[^\\r\\n]*\\r?\\nContent-Transfer-Encoding: base64\\r?\\n((?:[A-Za-z-]+: [^\\r\\n]*\\r?\\n)*)\\r?\\n([A-Za-z0-9+/=\\r\\n]+?)\\r?\\n--");
    private static final Pattern CONTENT_ID = Pattern.compile("Content-ID: <([^>]+)>");

    private final URI endpoint;
    private final java.util.Set<String> before = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SentMail(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The stored messages, oldest first; empty when the endpoint offers neither inspection route. */
    public List<Message> messages() {
        Optional<JsonNode> moto = get("/moto-api/data.json");
        List<Message> out = new ArrayList<>();
        if (moto.isPresent() && moto.get().has("ses")) {
            for (JsonNode m : moto.get().path("ses").path("RawMessage")) {
                out.add(new Message(m.path("id").asText(), m.path("source").asText(), addresses(m.path("destinations")),
                        m.path("raw_data").asText(), null, null, null));
            }
            for (JsonNode m : moto.get().path("ses").path("Message")) {
                out.add(new Message(m.path("id").asText(), m.path("source").asText(), addresses(m.path("destinations")),
                        null, m.path("subject").asText(), m.path("body").asText(), null));
            }
            return out;
        }
        Optional<JsonNode> localstack = get("/_aws/ses");
        localstack.ifPresent(root -> root.path("messages").forEach(m -> {
            JsonNode body = m.path("Body");
            out.add(new Message(m.path("Id").asText(), m.path("Source").asText(), addresses(m.path("Destination")),
                    m.path("RawData").asText(""), m.path("Subject").asText(null), body.path("html_part").asText(null),
                    body.path("text_part").asText(null)));
        }));
        return out;
    }

    /** A list of addresses, or SES's {@code {"ToAddresses": [...], "CcAddresses": [...]}}. */
    private static List<String> addresses(JsonNode node) {
        List<String> to = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(d -> to.add(d.asText()));
        } else {
            for (String field : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
                node.path(field).forEach(d -> to.add(d.asText()));
            }
        }
        return to;
    }

    /** Marks what the endpoint holds now as not ours: the outbox then shows only mail sent from this start on. */
    public void ignoreWhatIsThere() {
        messages().forEach(m -> before.add(m.id()));
    }

    /** Copies the messages not yet in the outbox there; returns the .eml files written. */
    public synchronized List<Path> copyTo(Path outbox) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.createDirectories(outbox);
        for (Message m : messages()) {
            String mime = m.mime();
            if (mime.isEmpty() || before.contains(m.id()) || !m.id().matches("[A-Za-z0-9._-]{1,200}")) {
                continue;
            }
            Path eml = outbox.resolve("ses-" + m.id() + ".eml");
            if (Files.exists(eml)) {
                continue;
            }
            Path html = outbox.resolve("ses-" + m.id() + ".html");
            Files.writeString(html, m.browser(), StandardCharsets.UTF_8);
            Files.write(eml, mime.getBytes(StandardCharsets.UTF_8));
            written.add(eml);
        }
        return written;
    }

    /** The HTML part with its inline parts as data URIs (or the text part in a pre), from a message of ours. */
    static String browserHtml(String raw) {
        String html = null;
        String text = null;
        List<Email.InlinePart> inline = new ArrayList<>();
        Matcher m = BASE64_PART.matcher(raw);
        while (m.find()) {
            String type = m.group(1).trim();
            byte[] body = Base64.getMimeDecoder().decode(m.group(3));
            Matcher cid = CONTENT_ID.matcher(m.group(2));
            if (cid.find()) {
                inline.add(new Email.InlinePart(cid.group(1), type, null, body));
            } else if (type.equalsIgnoreCase("text/html") && html == null) {
                html = new String(body, StandardCharsets.UTF_8);
            } else if (type.equalsIgnoreCase("text/plain") && text == null) {
                text = new String(body, StandardCharsets.UTF_8);
            }
        }
        if (html == null) {
            String t = text == null ? raw : text;
            return "<!doctype html><meta charset=\"utf-8\"><pre>" + Html.escape(t) + "</pre>";
        }
        return Email.withDataUris(html, inline);
    }

    private Optional<JsonNode> get(String path) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(Json.tree(r.body()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
