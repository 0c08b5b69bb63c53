package io.cmautopilot.scoring.comprehend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.scoring.lexicon.LanguageDetector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.comprehend.ComprehendClient;

import java.net.URI;

/**
 * A WireMock transformer that speaks Comprehend's JSON 1.1 protocol for any batch: one result per document
 * (POSITIVE unless the text says "bad"), an {@code ErrorList} entry for documents containing "FAIL_ME", dominant
 * languages by the en/fr detector, and a toxicity per segment. Used by the tests that need many calls and by the
 * calls-per-1,000-comments benchmark.
 */
public final class ComprehendStub implements ResponseDefinitionTransformerV2 {
    public static final String NAME = "comprehend-stub";

    public static ComprehendClient client(URI endpoint) {
        return ComprehendClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String target = serveEvent.getRequest().getHeader("X-Amz-Target");
        JsonNode request = Json.tree(serveEvent.getRequest().getBodyAsString());
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("ResultList");
        switch (target) {
            case "Comprehend_20171127.BatchDetectSentiment" -> {
                ArrayNode errors = response.putArray("ErrorList");
                JsonNode texts = request.get("TextList");
                for (int i = 0; i < texts.size(); i++) {
                    String text = texts.get(i).asText();
                    if (text.contains("FAIL_ME")) {
                        errors.addObject().put("Index", i).put("ErrorCode", "INTERNAL_SERVER_ERROR")
                                .put("ErrorMessage", "Internal server error");
                        continue;
                    }
                    boolean bad = text.toLowerCase().contains("bad");
                    ObjectNode r = results.addObject().put("Index", i).put("Sentiment", bad ? "NEGATIVE" : "POSITIVE");
                    r.putObject("SentimentScore").put("Positive", bad ? 0.02 : 0.95).put("Negative", bad ? 0.95 : 0.02)
                            .put("Neutral", 0.02).put("Mixed", 0.01);
                }
            }
            case "Comprehend_20171127.BatchDetectDominantLanguage" -> {
                response.putArray("ErrorList");
                JsonNode texts = request.get("TextList");
                for (int i = 0; i < texts.size(); i++) {
                    String lang = LanguageDetector.detect(texts.get(i).asText(), "en");
                    results.addObject().put("Index", i).putArray("Languages").addObject().put("LanguageCode", lang)
                            .put("Score", 0.97);
                }
            }
            case "Comprehend_20171127.DetectToxicContent" -> {
                for (JsonNode segment : request.get("TextSegments")) {
                    boolean toxic = segment.get("Text").asText().toLowerCase().contains("idiot");
                    ObjectNode r = results.addObject().put("Toxicity", toxic ? 0.93 : 0.02);
                    ArrayNode labels = r.putArray("Labels");
                    labels.addObject().put("Name", "INSULT").put("Score", toxic ? 0.91 : 0.01);
                    labels.addObject().put("Name", "PROFANITY").put("Score", 0.03);
                }
            }
            default -> {
                return ResponseDefinitionBuilder.responseDefinition().withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"InvalidRequestException\",\"Message\":\"unknown target\"}").build();
            }
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(Json.write(response)).build();
    }
}
