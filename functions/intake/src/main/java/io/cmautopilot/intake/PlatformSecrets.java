package io.cmautopilot.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.core.secrets.Secrets;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The app-level secrets the platforms sign webhooks with (README.md, "Configuration"). In AWS they are one
 * Secrets Manager secret whose ARN is {@code PLATFORM_SECRETS_ARN}, a JSON object with camelCase keys; elsewhere
 * the {@code CM_*} environment variables, else (local runtime) the same camelCase keys in {@code secrets.json}. Read on use, not at init: the Secrets Manager
 * adapter caches for a few minutes, so a rotated app secret is picked up without a redeploy and no secret value
 * lands in a SnapStart snapshot.
 */
public final class PlatformSecrets {
    public static final String ARN_VARIABLE = "PLATFORM_SECRETS_ARN";

    public enum Name {
        META_APP_SECRET("CM_META_APP_SECRET", "metaAppSecret"),
        META_VERIFY_TOKEN("CM_META_VERIFY_TOKEN", "metaVerifyToken"),
        X_CONSUMER_SECRET("CM_X_CONSUMER_SECRET", "xConsumerSecret"),
        LINKEDIN_CLIENT_SECRET("CM_LINKEDIN_CLIENT_SECRET", "linkedinClientSecret");

        final String variable;
        final String jsonKey;

        Name(String variable, String jsonKey) {
            this.variable = variable;
            this.jsonKey = jsonKey;
        }
    }

    private final Env env;
    private final Supplier<JsonNode> document;
    private final Supplier<JsonNode> localFile;

    private PlatformSecrets(Env env, Supplier<JsonNode> document, Supplier<JsonNode> localFile) {
        this.env = env;
        this.document = document;
        this.localFile = localFile;
    }

    /**
     * In order: the JSON secret named by {@code PLATFORM_SECRETS_ARN}, the {@code CM_*} environment variables, and
     * under the local runtime the camelCase top-level fields of {@code <data>/secrets.json}.
     */
    public static PlatformSecrets from(Env env, Secrets secrets) {
        Optional<String> arn = env.optional(ARN_VARIABLE);
        Supplier<JsonNode> local = secrets instanceof FileSecrets file ? file::load : null;
        return new PlatformSecrets(env, arn.<Supplier<JsonNode>>map(a -> () -> Json.tree(secrets.get(a))).orElse(null),
                local);
    }

    /** The value, or empty when it is not configured (the route then refuses every request). */
    public Optional<String> get(Name name) {
        Optional<String> v = document == null ? Optional.empty() : field(document.get(), name);
        if (v.isEmpty()) {
            v = env.optional(name.variable);
        }
        if (v.isEmpty() && localFile != null) {
            v = field(localFile.get(), name);
        }
        return v;
    }

    /**
     * The value a webhook needs; when it is not configured the webhook refuses every request with 401 (and the log
     * says which secret is missing, the answer does not).
     */
    public String required(Name name) {
        return get(name).orElseThrow(() -> {
            Log.warn("webhook refused: platform secret not configured", "secret", name.name());
            return ApiError.unauthorized("this webhook is not configured");
        });
    }

    private static Optional<String> field(JsonNode node, Name name) {
        JsonNode v = node == null ? null : node.get(name.jsonKey);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }
}
