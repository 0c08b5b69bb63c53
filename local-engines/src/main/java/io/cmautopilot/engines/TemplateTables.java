package io.cmautopilot.engines;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

import java.util.List;
import java.util.Map;

/**
 * Creates a DynamoDB table from its definition in template.yaml, so the table every test and the local runtime use
 * is the table that is deployed: same keys, same indexes, same projections.
 */
public final class TemplateTables {
    private TemplateTables() {
    }

    @SuppressWarnings("unchecked")
    public static CreateTableRequest createRequest(Template template, String logicalId, String tableName) {
        Map<String, Object> p = template.properties(logicalId);
        var attributes = ((List<Map<String, Object>>) p.get("AttributeDefinitions")).stream()
                .map(a -> AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                        .attributeType((String) a.get("AttributeType")).build()).toList();
        var builder = CreateTableRequest.builder().tableName(tableName).attributeDefinitions(attributes)
                .keySchema(keySchema((List<Map<String, Object>>) p.get("KeySchema")))
                .billingMode(BillingMode.fromValue((String) p.getOrDefault("BillingMode", "PAY_PER_REQUEST")));
        var gsis = (List<Map<String, Object>>) p.get("GlobalSecondaryIndexes");
        if (gsis != null) {
            builder.globalSecondaryIndexes(gsis.stream().map(g -> {
                Map<String, Object> projection = (Map<String, Object>) g.get("Projection");
                var pb = Projection.builder().projectionType((String) projection.get("ProjectionType"));
                if (projection.get("NonKeyAttributes") != null) {
                    pb.nonKeyAttributes((List<String>) projection.get("NonKeyAttributes"));
                }
                return GlobalSecondaryIndex.builder().indexName((String) g.get("IndexName"))
                        .keySchema(keySchema((List<Map<String, Object>>) g.get("KeySchema")))
                        .projection(pb.build()).build();
            }).toList());
        }
        return builder.build();
    }

    /**
     * Creates the table unless it exists (a persisted local data folder keeps its table across runs); an existing
     * table gets the indexes the template added since it was created, one at a time as DynamoDB allows.
     */
    public static void create(DynamoDbClient client, Template template, String logicalId, String tableName) {
        CreateTableRequest request = createRequest(template, logicalId, tableName);
        try {
            client.createTable(request);
        } catch (ResourceInUseException exists) {
            addMissingIndexes(client, request);
            return;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    private static void addMissingIndexes(DynamoDbClient client, CreateTableRequest wanted) {
        var table = client.describeTable(b -> b.tableName(wanted.tableName())).table();
        java.util.Set<String> present = new java.util.HashSet<>();
        table.globalSecondaryIndexes().forEach(g -> present.add(g.indexName()));
        for (GlobalSecondaryIndex g : wanted.globalSecondaryIndexes()) {
            if (present.contains(g.indexName())) {
                continue;
            }
            var attributes = wanted.attributeDefinitions().stream().filter(a -> g.keySchema().stream()
                    .anyMatch(k -> k.attributeName().equals(a.attributeName()))).toList();
            client.updateTable(b -> b.tableName(wanted.tableName()).attributeDefinitions(attributes)
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(g.indexName()).keySchema(g.keySchema())
                            .projection(g.projection()))));
            client.waiter().waitUntilTableExists(b -> b.tableName(wanted.tableName()));
        }
    }

    private static List<KeySchemaElement> keySchema(List<Map<String, Object>> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                .keyType((String) k.get("KeyType")).build()).toList();
    }
}
