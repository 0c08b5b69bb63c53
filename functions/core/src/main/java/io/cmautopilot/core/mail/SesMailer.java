package io.cmautopilot.core.mail;

import io.cmautopilot.core.config.Env;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Attachment;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentDisposition;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

import java.util.List;

/**
 * SES v2 adapter: every message goes as {@code Simple} content (subject, HTML and text bodies, the extra headers such
 * as List-Unsubscribe, and the inline parts as {@code INLINE} attachments with their Content-ID), so SES assembles
 * the MIME itself. {@link Mime} only writes the local outbox's .eml files.
 */
public final class SesMailer implements Mailer {
    private static final String UTF_8 = "UTF-8";
    private final SesV2Client client;
    private final String configurationSet;

    public SesMailer(SesV2Client client, String configurationSet) {
        this.client = client;
        this.configurationSet = configurationSet;
    }

    public static SesMailer fromEnvironment(Env env) {
        return new SesMailer(SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                env.optional("SES_CONFIGURATION_SET").orElse(null));
    }

    @Override
    public String send(Email email) {
        try {
            return client.sendEmail(request(email, configurationSet)).messageId();
        } catch (SdkException e) {
            throw new MailException("SES refused the message: " + e.getMessage(), e);
        }
    }

    /** The SendEmail request for {@code email}: Simple content, nothing encoded by hand. */
    static SendEmailRequest request(Email email, String configurationSet) {
        Body.Builder body = Body.builder();
        if (email.html() != null) {
            body.html(text(email.html()));
        }
        if (email.text() != null) {
            body.text(text(email.text()));
        }
        List<MessageHeader> headers = email.headers().entrySet().stream()
                .map(h -> MessageHeader.builder().name(h.getKey()).value(h.getValue()).build()).toList();
        List<Attachment> attachments = email.inline().stream().map(p -> Attachment.builder()
                .contentDisposition(AttachmentContentDisposition.INLINE).contentId(p.contentId())
                .contentType(p.contentType()).fileName(p.fileName() == null ? p.contentId() : p.fileName())
                .rawContent(SdkBytes.fromByteArray(p.bytes())).build()).toList();
        Message message = Message.builder().subject(text(email.subject())).body(body.build())
                .headers(headers.isEmpty() ? null : headers).attachments(attachments.isEmpty() ? null : attachments)
                .build();
        SendEmailRequest.Builder b = SendEmailRequest.builder().fromEmailAddress(email.from())
                .destination(d -> d.toAddresses(email.to())).content(c -> c.simple(message));
        if (configurationSet != null) {
            b.configurationSetName(configurationSet);
        }
        return b.build();
    }

    private static Content text(String value) {
        return Content.builder().charset(UTF_8).data(value).build();
    }
}
