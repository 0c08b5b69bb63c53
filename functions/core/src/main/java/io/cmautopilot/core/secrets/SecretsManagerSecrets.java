package io.cmautopilot.core.secrets;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.security.SecureRandom;
import java.util.HexFormat;

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
    private static final SecureRandom RANDOM = new SecureRandom();
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

    /**
     * A secret name is unique in an account and region (CreateSecret answers ResourceExistsException), while the
     * callers' names repeat: a brand created again after its row was lost, two racing creates of one brand. The
     * second secret then gets a random suffix, so a create never fails and never overwrites a secret in use.
     */
    @Override
    public String create(String name, String value) {
        String arn;
        try {
            arn = client.createSecret(b -> b.name(prefix + "/" + name).secretString(value)).arn();
        } catch (ResourceExistsException e) {
            String unique = prefix + "/" + name + "-" + HexFormat.of().formatHex(randomBytes(4));
            arn = client.createSecret(b -> b.name(unique).secretString(value)).arn();
        }
        cache.put(arn, new Cached(value, clock.instant().plus(CACHE)));
        return arn;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public String get(String ref) {
        Cached c = cache.get(ref);
        if (c != null && c.until().isAfter(clock.instant())) {
            return c.value();
        }
        String value;
        try {
            value = client.getSecretValue(b -> b.secretId(ref)).secretString();
        } catch (ResourceNotFoundException e) {
            // The port's contract (Secrets#get): an unknown reference is IllegalStateException, as FileSecrets throws,
            // so callers classify it (the publisher: needs-reconnect) instead of failing the whole run.
            throw new IllegalStateException("unknown secret reference", e);
        }
        cache.put(ref, new Cached(value, clock.instant().plus(CACHE)));
        return value;
    }

    @Override
    public void update(String ref, String value) {
        try {
            client.putSecretValue(b -> b.secretId(ref).secretString(value));
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("unknown secret reference", e);
        }
        cache.put(ref, new Cached(value, clock.instant().plus(CACHE)));
    }
}
