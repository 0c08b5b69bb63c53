package io.cmautopilot.scoring.ops;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.config.AwsServices;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.events.Envelope;
import io.cmautopilot.core.events.UnsupportedSchemaVersion;
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
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            Envelope e;
            try {
                e = Envelope.parse(m.getBody());
            } catch (IllegalArgumentException bad) {
                // not an event of ours: nothing to tell anyone, nothing to retry
                Log.warn("ops alert message ignored: not an EventBridge event", "messageId", m.getMessageId());
                continue;
            }
            if (!OpsAlerts.TYPES.contains(e.detailType())) {
                continue;
            }
            try {
                batch.add(new OpsAlerts.Delivered(m.getMessageId(), e.id() != null ? e.id() : m.getMessageId(),
                        e.event()));
            } catch (UnsupportedSchemaVersion newer) {
                // an emitter newer than this function: kept on the queue (then its dead-letter queue), not misread
                Log.error("ops alert message of an unknown schema version", newer, "messageId", m.getMessageId());
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            } catch (IllegalArgumentException bad) {
                Log.warn("ops alert message ignored: " + bad.getMessage(), "messageId", m.getMessageId());
            }
        }
        alerts.handle(batch).forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
        return new SQSBatchResponse(failures);
    }
}
