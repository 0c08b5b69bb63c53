package io.cmautopilot.testing;

import io.cmautopilot.engines.DynamoDbLocal;
import io.cmautopilot.engines.Template;
import io.cmautopilot.engines.TemplateTables;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * JUnit 5 extension: one DynamoDB Local engine per test JVM, and a fresh table per test class (or per test, with
 * {@link #freshTablePerTest()}), created from template.yaml's own {@code Table} definition. Register it as a
 * {@code static} field with {@code @RegisterExtension}.
 */
public final class DynamoDbExtension implements BeforeAllCallback, BeforeEachCallback {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DynamoDbLocal engine;
    private static DynamoDbClient sharedClient;
    private boolean perTest;
    private String tableName;

    public DynamoDbExtension freshTablePerTest() {
        this.perTest = true;
        return this;
    }

    private static synchronized void startEngine() {
        if (engine == null) {
            engine = DynamoDbLocal.inMemory();
            sharedClient = engine.client();
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startEngine();
        if (!perTest) {
            newTable();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest || tableName == null) {
            newTable();
        }
    }

    private void newTable() {
        tableName = "cm-test-" + TABLES.incrementAndGet();
        TemplateTables.create(sharedClient, Template.project(), "Table", tableName);
    }

    public DynamoDbClient client() {
        return sharedClient;
    }

    public String tableName() {
        return tableName;
    }

    public java.net.URI endpoint() {
        return engine.endpoint();
    }
}
