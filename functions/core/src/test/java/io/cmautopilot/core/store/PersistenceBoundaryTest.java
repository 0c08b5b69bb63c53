package io.cmautopilot.core.store;

import io.cmautopilot.engines.ProjectRoot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Only stores touch DynamoDB's types (docs/ARCHITECTURE.md, "Persistence"). */
class PersistenceBoundaryTest {
    @Test
    void only_stores_use_dynamodb_model_types_in_main_code() throws IOException {
        Path root = ProjectRoot.find();
        List<String> offenders = new ArrayList<>();
        try (var files = Files.walk(root.resolve("functions"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
                    .toList()) {
                boolean store = f.getParent().getFileName().toString().equals("store")
                        || f.getFileName().toString().endsWith("Store.java");
                if (!store && Files.readString(f).contains("software.amazon.awssdk.services.dynamodb.model")) {
                    offenders.add(root.relativize(f).toString());
                }
            }
        }
        assertThat(offenders).as("domain code goes through a store (and a Transaction)").isEmpty();
    }
}
