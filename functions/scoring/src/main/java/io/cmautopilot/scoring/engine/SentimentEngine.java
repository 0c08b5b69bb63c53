package io.cmautopilot.scoring.engine;

import java.util.List;

/**
 * Scores texts: one verdict per input, in input order. Batches go in whole so an engine that calls a service can group
 * them by language and send as few requests as the service allows. An engine throws only when it could score none of
 * the batch (the service is down); per-text trouble is handled inside (see {@code ComprehendEngine}).
 */
public interface SentimentEngine {
    List<Verdict> score(List<TextInput> inputs);

    /** The engine's name as configured: {@code lexicon}, {@code comprehend} or {@code hybrid}. */
    String name();
}
