package io.cmautopilot.intake;

import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.secrets.FileSecrets;
import io.cmautopilot.intake.PlatformSecrets.Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformSecretsTest {
    @TempDir
    Path dir;

    @Test
    void the_secret_named_by_its_arn_wins_then_the_environment() {
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        String arn = secrets.create("platform", Json.write(Map.of("metaAppSecret", "from-secret",
                "xConsumerSecret", "x-from-secret")));

        PlatformSecrets p = PlatformSecrets.from(new Env(Map.of(PlatformSecrets.ARN_VARIABLE, arn,
                "CM_META_APP_SECRET", "from-env", "CM_LINKEDIN_CLIENT_SECRET", "li-from-env")), secrets);

        assertThat(p.get(Name.META_APP_SECRET)).contains("from-secret");
        assertThat(p.get(Name.X_CONSUMER_SECRET)).contains("x-from-secret");
        assertThat(p.get(Name.LINKEDIN_CLIENT_SECRET)).contains("li-from-env");
        assertThat(p.get(Name.META_VERIFY_TOKEN)).isEmpty();
    }

    @Test
    void the_local_runtime_reads_the_camel_case_fields_of_its_secrets_file() {
        FileSecrets secrets = new FileSecrets(dir.resolve("secrets.json"));
        var root = secrets.load().put("metaVerifyToken", "local-token").put("metaAppSecret", "local-app");
        secrets.save(root);

        PlatformSecrets p = PlatformSecrets.from(new Env(Map.of("CM_META_APP_SECRET", "env-app")), secrets);

        assertThat(p.get(Name.META_VERIFY_TOKEN)).contains("local-token");
        assertThat(p.get(Name.META_APP_SECRET)).as("the environment before the file").contains("env-app");
    }
}
