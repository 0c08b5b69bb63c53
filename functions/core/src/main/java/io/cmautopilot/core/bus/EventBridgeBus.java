package io.cmautopilot.core.bus;

import io.cmautopilot.core.json.Json;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * EventBridge adapter. PutEvents takes at most 10 entries per call and can accept some entries while refusing
 * others ({@code FailedEntryCount}, per-entry {@code ErrorCode}); refused entries are retried with backoff, and what
 * is still refused after the last attempt is returned to the caller, never dropped.
 */
public final class EventBridgeBus implements Bus {
    static final int MAX_BATCH = 10;
    private final EventBridgeClient client;
    private final String busName;
    private final int attempts;
    private final long backoffMillis;

    public EventBridgeBus(EventBridgeClient client, String busName) {
        this(client, busName, 3, 100);
    }

    public EventBridgeBus(EventBridgeClient client, String busName, int attempts, long backoffMillis) {
        this.client = client;
        this.busName = busName;
        this.attempts = attempts;
        this.backoffMillis = backoffMillis;
    }

    @Override
    public List<DomainEvent> put(List<DomainEvent> events) {
        List<DomainEvent> undelivered = new ArrayList<>();
        for (int from = 0; from < events.size(); from += MAX_BATCH) {
            undelivered.addAll(putBatch(events.subList(from, Math.min(events.size(), from + MAX_BATCH))));
        }
        return undelivered;
    }

    private List<DomainEvent> putBatch(List<DomainEvent> batch) {
        List<DomainEvent> pending = batch;
        for (int attempt = 1; attempt <= attempts && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                sleep(backoffMillis * (1L << (attempt - 2)));
            }
            try {
                List<PutEventsRequestEntry> entries = pending.stream().map(this::entry).toList();
                PutEventsResponse response = client.putEvents(b -> b.entries(entries));
                if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
                    return List.of();
                }
                List<DomainEvent> failed = new ArrayList<>();
                List<PutEventsResultEntry> results = response.entries();
                for (int i = 0; i < pending.size(); i++) {
                    // Result entries are in request order; an entry with an error code was not accepted.
                    if (i >= results.size() || results.get(i).errorCode() != null) {
                        failed.add(pending.get(i));
                    }
                }
                pending = failed;
            } catch (SdkException e) {
                if (attempt == attempts) {
                    return pending;
                }
            }
        }
        return pending;
    }

    private PutEventsRequestEntry entry(DomainEvent event) {
        return PutEventsRequestEntry.builder().eventBusName(busName).source(DomainEvent.SOURCE)
                .detailType(event.detailType()).detail(Json.write(event.detail())).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
