package io.cmautopilot.scoring.ops;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.scoring.alert.Alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * The operational alerts function (template.yaml, OpsAlertFunction): the publishing and reply problems routed by
 * OpsEventsRule to OpsAlertQueue, a batch at a time; thin: parse the EventBridge envelopes, call {@link OpsAlerts}.
 */
public final class OpsAlertHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final OpsAlerts alerts;

    public OpsAlertHandler() {
        this(AwsServices.fromEnvironment());
    }

    public OpsAlertHandler(Services s) {
        this(new OpsAlerts(new BrandStore(s.table()), s.table(),
                new Alerts(s.mailer(), s.env().get("SENDER_EMAIL", "alerts@example.com"), s.http()), s.clock()));
    }

    public OpsAlertHandler(OpsAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<OpsAlerts.Delivered> batch = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            try {
                JsonNode e = Json.tree(m.getBody());
                batch.add(new OpsAlerts.Delivered(m.getMessageId(), e.path("id").asText(m.getMessageId()),
                        e.path("detail-type").asText(), e.path("detail")));
            } catch (RuntimeException bad) {
                // not an event of ours: nothing to tell anyone, nothing to retry
                Log.warn("ops alert message ignored: not an EventBridge event", "messageId", m.getMessageId());
            }
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        alerts.handle(batch).forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
        return new SQSBatchResponse(failures);
    }
}
