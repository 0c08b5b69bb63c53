package io.cmautopilot.core.config;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Production SDK clients: the light URLConnection HTTP client, region from {@code AWS_REGION} and the default
 * credentials chain (docs/ARCHITECTURE.md, "Wiring": a fixed provider would break SnapStart). Endpoints are overridable only by
 * the SDK's own {@code AWS_ENDPOINT_URL_<SERVICE>} variables. Built once per function, at init.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static EventBridgeClient eventBridge() {
        return EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
}
