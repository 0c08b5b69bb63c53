package io.cmautopilot.core.mail;

import io.cmautopilot.core.config.Env;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.time.Clock;
import java.time.ZoneOffset;

/**
 * SES v2 adapter: every message goes as raw MIME ({@link Mime}), so the inline chart, the plain-text alternative and
 * the List-Unsubscribe headers reach the recipient exactly as rendered and previewed.
 */
public final class SesMailer implements Mailer {
    private final SesV2Client client;
    private final Clock clock;
    private final String configurationSet;

    public SesMailer(SesV2Client client, Clock clock, String configurationSet) {
        this.client = client;
        this.clock = clock;
        this.configurationSet = configurationSet;
    }

    public static SesMailer fromEnvironment(Env env) {
        return new SesMailer(SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                Clock.systemUTC(), env.optional("SES_CONFIGURATION_SET").orElse(null));
    }

    @Override
    public String send(Email email) {
        byte[] raw = Mime.render(email, "cm-autopilot", clock.instant().atZone(ZoneOffset.UTC));
        try {
            return client.sendEmail(b -> {
                b.content(c -> c.raw(r -> r.data(SdkBytes.fromByteArray(raw))))
                        .fromEmailAddress(email.from())
                        .destination(d -> d.toAddresses(email.to()));
                if (configurationSet != null) {
                    b.configurationSetName(configurationSet);
                }
            }).messageId();
        } catch (SdkException e) {
            throw new MailException("SES refused the message: " + e.getMessage(), e);
        }
    }
}
