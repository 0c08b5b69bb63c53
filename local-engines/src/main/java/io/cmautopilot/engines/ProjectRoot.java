package io.cmautopilot.engines;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project root (the folder holding template.yaml and events/) from wherever a test or tool runs. */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path find() {
        String configured = System.getProperty("cm.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the project root (template.yaml) above " + Path.of("").toAbsolutePath());
    }

    public static Path template() {
        return find().resolve("template.yaml");
    }

    public static Path events() {
        return find().resolve("events");
    }
}
