package io.cmautopilot.local.aws;

import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.mail.Mime;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint setting, the SDK settings it makes, and reading our own messages back: no engine needed. */
class AwsEndpointTest {
    @Test
    void anEndpointIsSchemeHostAndPortOnlyAndTheRegionComesFromTheEnvironment() {
        AwsEndpoint e = AwsEndpoint.parse(" http://127.0.0.1:5000/ ", Map.of("AWS_REGION", "eu-west-1"));
        assertThat(e.uri().toString()).isEqualTo("http://127.0.0.1:5000");
        assertThat(e.region()).isEqualTo("eu-west-1");
        assertThat(AwsEndpoint.parse("https://localhost.localstack.cloud:4566", Map.of()).region()).isEqualTo("us-east-1");
        assertThat(AwsEndpoint.parse("http://h:1", Map.of("AWS_DEFAULT_REGION", "ap-south-1")).region()).isEqualTo("ap-south-1");

        assertThatThrownBy(() -> AwsEndpoint.parse("", Map.of())).hasMessageContaining("needs a URL");
        assertThatThrownBy(() -> AwsEndpoint.parse("ftp://h:21", Map.of())).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> AwsEndpoint.parse("127.0.0.1:5000", Map.of())).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> AwsEndpoint.parse("http://h:1/sqs", Map.of())).hasMessageContaining("no path");
        assertThatThrownBy(() -> AwsEndpoint.parse("http://u:p@h:1", Map.of())).hasMessageContaining("user info");
        assertThatThrownBy(() -> AwsEndpoint.parse("http://h:1?x=1", Map.of())).hasMessageContaining("query");
        assertThatThrownBy(() -> AwsEndpoint.parse("http:// bad", Map.of())).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> AwsEndpoint.parse("http://h:1", Map.of("AWS_REGION", "mars"))).hasMessageContaining("region");
    }

    @Test
    void theSdkSettingsCoverTheFourServicesButNotDynamoDbAndAreRestoredOnClose() {
        AwsEndpoint e = AwsEndpoint.parse("http://127.0.0.1:5000", Map.of());
        assertThat(e.variables()).containsKeys("AWS_ENDPOINT_URL_EVENTBRIDGE", "AWS_ENDPOINT_URL_SQS",
                "AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL_SECRETS_MANAGER").doesNotContainKey("AWS_ENDPOINT_URL_DYNAMODB");
        System.setProperty("aws.region", "eu-north-1");
        try {
            try (AwsEndpoint.SdkSettings applied = e.apply()) {
                assertThat(System.getProperty("aws.endpointUrlSesV2")).isEqualTo("http://127.0.0.1:5000");
                assertThat(System.getProperty("aws.endpointUrlDynamoDb")).isNull();
                assertThat(System.getProperty("aws.accessKeyId")).isEqualTo(AwsEndpoint.ACCESS_KEY);
                assertThat(System.getProperty("aws.region")).isEqualTo("us-east-1");
            }
            assertThat(System.getProperty("aws.endpointUrlSesV2")).isNull();
            assertThat(System.getProperty("aws.accessKeyId")).isNull();
            assertThat(System.getProperty("aws.region")).isEqualTo("eu-north-1");
        } finally {
            System.clearProperty("aws.region");
        }
    }

    @Test
    void aStoredMessageBecomesBrowserHtmlWithItsInlinePartsAsDataUris() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        Email email = new Email("digest@example.com", List.of("a@example.com"), "Digest",
                "<html><body><p>Hi <img src=\"cid:chart\"></p></body></html>", "Hi",
                Map.of(), List.of(new Email.InlinePart("chart", "image/png", "chart.png", png)));
        String raw = new String(Mime.render(email, "t", ZonedDateTime.parse("2026-12-01T09:00:00Z")), StandardCharsets.US_ASCII);

        String html = SentMail.browserHtml(raw);
        assertThat(html).startsWith("<html>").contains("src=\"data:image/png;base64,iVBORw==\"").doesNotContain("cid:");

        Email plain = new Email("d@example.com", List.of("a@example.com"), "S", null, "a < b", Map.of(), List.of());
        assertThat(SentMail.browserHtml(new String(Mime.render(plain, "t", ZonedDateTime.now()), StandardCharsets.US_ASCII)))
                .contains("<pre>a &lt; b</pre>");
    }

    @Test
    void queueAndRuleNamesFitSqsAndEventBridgeRules() {
        assertThat(CloudResources.queueName("cm-local-Rule.With.Dots-Fn-mirror")).isEqualTo("cm-local-Rule-With-Dots-Fn-mirror");
        assertThat(CloudResources.queueName("x".repeat(100) + "-mirror")).hasSize(80).endsWith("-mirror");
    }
}
