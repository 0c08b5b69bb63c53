package io.cmautopilot.scoring.engine;

import io.cmautopilot.core.config.Env;
import io.cmautopilot.scoring.comprehend.ComprehendEngine;
import io.cmautopilot.scoring.lexicon.LexiconEngine;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.comprehend.ComprehendClient;

import java.util.Locale;

/**
 * Builds the engine named by {@code SENTIMENT_ENGINE} (template parameter SentimentEngine): {@code lexicon} (the
 * local runtime's default), {@code comprehend} or {@code hybrid}. The Comprehend client uses the URLConnection HTTP
 * client, the region from {@code AWS_REGION}, the default credentials chain, and the SDK's own
 * {@code AWS_ENDPOINT_URL_COMPREHEND} when set.
 */
public final class Engines {
    private Engines() {
    }

    public static SentimentEngine fromEnvironment(Env env) {
        return create(env.get("SENTIMENT_ENGINE", "lexicon"), env);
    }

    public static SentimentEngine create(String name, Env env) {
        LexiconEngine lexicon = LexiconEngine.standard();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "lexicon" -> lexicon;
            case "comprehend" -> new ComprehendEngine(comprehendClient(), lexicon);
            case "hybrid" -> new HybridEngine(lexicon, new ComprehendEngine(comprehendClient(), lexicon));
            default -> throw new IllegalArgumentException("SENTIMENT_ENGINE must be lexicon, comprehend or hybrid, not "
                    + name);
        };
    }

    static ComprehendClient comprehendClient() {
        return ComprehendClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
}
