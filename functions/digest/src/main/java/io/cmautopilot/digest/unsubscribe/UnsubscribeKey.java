package io.cmautopilot.digest.unsubscribe;

import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.secrets.Secrets;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Where the unsubscribe signing key comes from: {@code CM_UNSUBSCRIBE_KEY} (local runtime, tests), else the Secrets
 * Manager secret whose ARN is in {@code UNSUBSCRIBE_KEY_ARN} (template.yaml generates it). Read once, on first use,
 * so a cold start that never signs never calls Secrets Manager. The key is never logged.
 */
public final class UnsubscribeKey {
    private UnsubscribeKey() {
    }

    public static Supplier<byte[]> from(Env env, Supplier<Secrets> secrets) {
        return new Supplier<>() {
            private byte[] value;

            @Override
            public synchronized byte[] get() {
                if (value == null) {
                    String raw = env.optional("CM_UNSUBSCRIBE_KEY").orElseGet(() -> env.optional("UNSUBSCRIBE_KEY_ARN")
                            .map(arn -> secrets.get().get(arn))
                            .orElseThrow(() -> new IllegalStateException(
                                    "set CM_UNSUBSCRIBE_KEY or UNSUBSCRIBE_KEY_ARN to sign unsubscribe links")));
                    value = raw.getBytes(StandardCharsets.UTF_8);
                }
                return value;
            }
        };
    }
}
