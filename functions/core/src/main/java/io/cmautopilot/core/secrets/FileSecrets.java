package io.cmautopilot.core.secrets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Secrets in a local JSON file ({@code <data>/secrets.json} under the local runtime), under its {@code "secrets"}
 * object; the file's other top-level fields are the platform settings (README.md, "Configuration"). Writes go to a temporary file
 * moved into place, so a crash never leaves a half-written file; the file is readable by its owner only.
 */
public final class FileSecrets implements Secrets {
    private final Path file;

    public FileSecrets(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized String create(String name, String value) {
        String ref = "local:" + name + ":" + UUID.randomUUID();
        ObjectNode root = load();
        root.withObject("/secrets").put(ref, value);
        save(root);
        return ref;
    }

    @Override
    public synchronized String get(String ref) {
        var v = load().path("secrets").get(ref);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("unknown secret reference");
        }
        return v.asText();
    }

    @Override
    public synchronized void update(String ref, String value) {
        ObjectNode root = load();
        if (!root.path("secrets").has(ref)) {
            throw new IllegalStateException("unknown secret reference");
        }
        root.withObject("/secrets").put(ref, value);
        save(root);
    }

    /** The whole file (platform settings and secrets); an empty object when it does not exist yet. */
    public synchronized ObjectNode load() {
        try {
            if (!Files.exists(file)) {
                return Json.object();
            }
            return (ObjectNode) Json.tree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public synchronized void save(ObjectNode root) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system (Windows): the folder's own permissions apply
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
