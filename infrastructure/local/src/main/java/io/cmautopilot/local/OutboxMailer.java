package io.cmautopilot.local;

import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.mail.Mime;
import io.cmautopilot.core.text.Html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The local mail port: each message becomes {@code <outbox>/<time>-<subject>.eml} (the exact MIME SES would send,
 * openable in any mail client) and a {@code .html} twin for a browser, where inline parts referenced as
 * {@code cid:} are turned into data URIs so the digest chart shows.
 */
public final class OutboxMailer implements Mailer {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private final Path outbox;
    private final Clock clock;

    public OutboxMailer(Path outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public Path outbox() {
        return outbox;
    }

    @Override
    public String send(Email email) {
        String id = UUID.randomUUID().toString();
        String base = STAMP.format(clock.instant()) + "-" + slug(email.subject()) + "-" + id.substring(0, 8);
        try {
            Files.createDirectories(outbox);
            byte[] raw = Mime.render(email, "cm-autopilot.local", clock.instant().atZone(ZoneOffset.UTC));
            Path html = outbox.resolve(base + ".html");
            Files.writeString(html.resolveSibling(base + ".html.tmp"), browserHtml(email), StandardCharsets.UTF_8);
            Files.move(html.resolveSibling(base + ".html.tmp"), html);
            Path eml = outbox.resolve(base + ".eml");
            Files.write(eml.resolveSibling(base + ".eml.tmp"), raw);
            Files.move(eml.resolveSibling(base + ".eml.tmp"), eml);
            return "local-" + id;
        } catch (IOException e) {
            throw new MailException("cannot write the message to " + outbox + ": " + e.getMessage(), e);
        }
    }

    static String browserHtml(Email email) {
        if (email.html() == null) {
            return "<!doctype html><meta charset=\"utf-8\"><title>" + Html.escape(email.subject()) + "</title><pre>"
                    + Html.escape(email.text()) + "</pre>";
        }
        return Email.withDataUris(email.html(), email.inline());
    }

    private static String slug(String subject) {
        String s = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "mail" : s.substring(0, Math.min(40, s.length()));
    }
}
