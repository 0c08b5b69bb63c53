package io.cmautopilot.core.secrets;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS Secrets Manager adapter. Secrets are named {@code <prefix>/<name>} and referenced by ARN. Reads are cached for
 * a few minutes per warm Lambda (each GetSecretValue is billed); a write refreshes the cache.
 */
public final class SecretsManagerSecrets implements Secrets {
    private static final Duration CACHE = Duration.ofMinutes(5);
    private final SecretsManagerClient client;
    private final String prefix;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String value, Instant until) {
    }

    public SecretsManagerSecrets(SecretsManagerClient client, String prefix, Clock clock) {
        this.client = client;
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public String create(String name, String value) {
        String arn = client.createSecret(b -> b.name(prefix + "/" + name).secretString(value)).arn();
        cache.put(arn, new Cached(value, clock.instant().plus(CACHE)));
        return arn;
    }

    @Override
    public String get(String ref) {
        Cached c = cache.get(ref);
        if (c != null && c.until().isAfter(clock.instant())) {
            return c.value();
        }
        String value = client.getSecretValue(b -> b.secretId(ref)).secretString();
        cache.put(ref, new Cached(value, clock.instant().plus(CACHE)));
        return value;
    }

    @Override
    public void update(String ref, String value) {
        client.putSecretValue(b -> b.secretId(ref).secretString(value));
        cache.put(ref, new Cached(value, clock.instant().plus(CACHE)));
    }
}
