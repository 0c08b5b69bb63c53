package io.cmautopilot.core.store;

import io.cmautopilot.testing.DynamoDbExtension;

/** Builds the {@link Table} of a test class from the DynamoDB Local extension. */
public final class StoreFixture {
    private StoreFixture() {
    }

    public static Table table(DynamoDbExtension dynamo) {
        return new Table(dynamo.client(), dynamo.tableName());
    }
}
