package bench.stock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's baseline (never deployed): what the SAM "hello world" Java tutorial leads to for one read route.
 * A static client from {@code DynamoDbClient.create()} (SDK defaults: Apache HTTP client, default credentials, region
 * and endpoint resolution), a static Jackson {@code ObjectMapper}, the runtime's own event serialisation, and the same
 * consistent GetItem the API's {@code GET /v1/brands/{brand}} does.
 */
public class StockHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final DynamoDbClient DYNAMO = DynamoDbClient.create();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String tableName = System.getenv("TABLE_NAME");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String brand = event.getPathParameters().get("brand");
        GetItemResponse response = DYNAMO.getItem(GetItemRequest.builder().tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS("BRAND#" + brand), "sk", AttributeValue.fromS("BRAND")))
                .consistentRead(true).build());
        if (!response.hasItem() || response.item().isEmpty()) {
            return json(404, Map.of("error", "not_found", "message", "brand '" + brand + "' does not exist"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        response.item().forEach((k, v) -> body.put(k, v.s() != null ? v.s() : v.n()));
        return json(200, body);
    }

    private static APIGatewayV2HTTPResponse json(int status, Object body) {
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(MAPPER.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
