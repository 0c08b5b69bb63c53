package io.cmautopilot.core.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSecretsTest {
    @TempDir
    Path dir;

    @Test
    void secrets_survive_a_restart_keep_platform_settings_and_are_owner_only() throws Exception {
        Path file = dir.resolve("data/secrets.json");
        FileSecrets first = new FileSecrets(file);
        var root = first.load();
        root.put("metaAppSecret", "app-secret");
        first.save(root);

        String ref = first.createMap("brand/acme/account/1", Map.of("accessToken", "t1", "refreshToken", "r1"));
        first.updateMap(ref, Map.of("accessToken", "t2", "refreshToken", "r1"));

        FileSecrets reopened = new FileSecrets(file);
        assertThat(reopened.getMap(ref)).containsEntry("accessToken", "t2").containsEntry("refreshToken", "r1");
        assertThat(reopened.load().get("metaAppSecret").asText()).isEqualTo("app-secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.exists(file.resolveSibling("secrets.json.tmp"))).isFalse();
        assertThatThrownBy(() -> reopened.get("local:nope")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("t2");
        assertThatThrownBy(() -> reopened.update("local:nope", "x")).isInstanceOf(IllegalStateException.class);
    }
}
