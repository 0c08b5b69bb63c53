package io.cmautopilot.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.http.HttpGateway;
import io.cmautopilot.local.schedule.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The runtime's own endpoints under {@code /_local/} (never in AWS): status, firing a schedule now, waiting until
 * the bus and queues are quiet. They let the demo and scripts drive the runtime over HTTP only.
 */
final class LocalControl implements HttpGateway.ControlHandler {
    private final LocalRuntime runtime;

    LocalControl(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HttpGateway.Reply handle(String method, String path, Map<String, String> query, byte[] body) {
        String[] parts = path.substring(1).split("/");
        if (method.equals("GET") && path.equals("/_local/status")) {
            return new HttpGateway.Reply(200, runtime.status());
        }
        if (method.equals("GET") && path.equals("/_local/idle")) {
            double seconds = parseSeconds(query.get("timeout"));
            boolean idle = runtime.awaitIdle(Duration.ofMillis((long) (seconds * 1000)));
            return new HttpGateway.Reply(idle ? 200 : 503, Json.object().put("idle", idle));
        }
        if (parts.length == 4 && parts[1].equals("schedules") && parts[3].equals("fire")) {
            if (!method.equals("POST")) {
                return new HttpGateway.Reply(405, Json.object().put("error", "method_not_allowed")
                        .put("message", "fire a schedule with POST"));
            }
            List<Scheduler.Fire> fires;
            if (query.get("at") != null) {
                try {
                    fires = runtime.fireSchedule(parts[2], java.time.OffsetDateTime.parse(query.get("at")).toInstant());
                } catch (java.time.format.DateTimeParseException e) {
                    return new HttpGateway.Reply(400, Json.object().put("error", "bad_request").put("field", "at")
                            .put("message", "at must be an ISO-8601 instant with offset, e.g. 2026-12-01T08:00:00Z"));
                }
            } else {
                fires = runtime.fireSchedule(parts[2]);
            }
            if (fires.isEmpty()) {
                return new HttpGateway.Reply(404, Json.object().put("error", "not_found").put("message",
                        "no schedule or function with a schedule named " + parts[2]));
            }
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("fired");
            boolean failed = false;
            for (Scheduler.Fire f : fires) {
                ObjectNode n = list.addObject().put("schedule", f.scheduleId()).put("function", f.functionId())
                        .put("at", f.at().toString());
                if (f.error() != null) {
                    n.put("error", f.error());
                    failed = true;
                } else if (f.output() != null) {
                    n.set("output", f.output());
                }
            }
            return new HttpGateway.Reply(failed ? 500 : 200, out);
        }
        return null;
    }

    private static double parseSeconds(String value) {
        if (value == null) {
            return 30;
        }
        try {
            return Math.min(300, Math.max(0, Double.parseDouble(value)));
        } catch (NumberFormatException e) {
            return 30;
        }
    }
}
