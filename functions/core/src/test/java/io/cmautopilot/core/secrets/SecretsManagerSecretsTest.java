package io.cmautopilot.core.secrets;

import io.cmautopilot.testing.MotoExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Secrets Manager adapter against the real API shapes (moto): references are ARNs, names are unique. */
class SecretsManagerSecretsTest {
    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();
    static SecretsManagerClient client;

    @BeforeAll
    static void client() {
        client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aSecretIsCreatedUnderThePrefixReadAndUpdatedByItsArn() {
        SecretsManagerSecrets secrets = new SecretsManagerSecrets(client, "cm-test", Clock.systemUTC());
        String name = "brand/" + UUID.randomUUID() + "/account/a1";
        String ref = secrets.createMap(name, Map.of("accessToken", "t1"));

        assertThat(ref).startsWith("arn:aws:secretsmanager:us-east-1:").contains(":secret:cm-test/" + name);
        assertThat(client.getSecretValue(b -> b.secretId("cm-test/" + name)).secretString()).isEqualTo("{\"accessToken\":\"t1\"}");
        secrets.updateMap(ref, Map.of("accessToken", "t2"));
        assertThat(client.getSecretValue(b -> b.secretId(ref)).secretString()).isEqualTo("{\"accessToken\":\"t2\"}");
        // A fresh adapter (another Lambda) reads through the API, not a cache.
        assertThat(new SecretsManagerSecrets(client, "cm-test", Clock.systemUTC()).getMap(ref)).containsEntry("accessToken", "t2");
    }

    @Test
    void creatingTheSameNameTwiceGivesTwoSecretsAndLeavesTheFirstIntact() {
        SecretsManagerSecrets secrets = new SecretsManagerSecrets(client, "cm-test", Clock.systemUTC());
        String name = "brand/" + UUID.randomUUID() + "/webhook";
        String first = secrets.create(name, "one");
        String second = secrets.create(name, "two");

        assertThat(second).isNotEqualTo(first).contains(":secret:cm-test/" + name + "-");
        assertThat(client.getSecretValue(b -> b.secretId(first)).secretString()).isEqualTo("one");
        assertThat(client.getSecretValue(b -> b.secretId(second)).secretString()).isEqualTo("two");
    }

    @Test
    void anUnknownReferenceIsTheSameIllegalStateExceptionFileSecretsThrows() {
        SecretsManagerSecrets secrets = new SecretsManagerSecrets(client, "cm-test", Clock.systemUTC());
        String missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cm-test/none-AbCdEf";
        assertThatThrownBy(() -> secrets.get(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessage("unknown secret reference");
        assertThatThrownBy(() -> secrets.update(missing, "x")).isInstanceOf(IllegalStateException.class);
    }
}
