package io.cmautopilot.local.template;

import io.cmautopilot.core.json.Json;
import io.cmautopilot.engines.Template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What template.yaml wires, read once into plain records: functions (handler class, resolved environment), their
 * HTTP routes, schedules, bus rules and queue sources, the rule resources and the queues. Anything the runtime
 * cannot run locally is refused here with the function and event named, so a new function can never be silently
 * left out of {@code ./cm up}.
 */
public record Wiring(List<FunctionSpec> functions, List<QueueSpec> queues, List<RouteSpec> routes,
                     List<ScheduleSpec> schedules, List<RuleSpec> rules, List<QueueSourceSpec> queueSources) {

    public record FunctionSpec(String logicalId, String handlerClass, String handlerMethod, Map<String, String> env,
                               int timeoutSeconds, int memoryMb) {
    }

    /**
     * One HTTP API route: {@code method} is upper case or {@code ANY}; {@code path} as declared, or
     * {@link #DEFAULT_ROUTE} for an HttpApi event without Method and Path (the catch-all route).
     */
    public record RouteSpec(String functionId, String eventId, String method, String path) {
        public static final String DEFAULT_ROUTE = "$default";

        public String routeKey() {
            return path.equals(DEFAULT_ROUTE) ? DEFAULT_ROUTE : method + " " + path;
        }
    }

    /** A schedule: a function's Schedule/ScheduleV2 event or an AWS::Events::Rule with a ScheduleExpression. */
    public record ScheduleSpec(String id, String functionId, String expression, String timezone, boolean enabled,
                               String input) {
    }

    public enum TargetKind { FUNCTION, QUEUE }

    /** A rule target; {@code input} is a constant JSON input replacing the event, {@code inputPath} a JSONPath. */
    public record TargetSpec(TargetKind kind, String logicalId, String input, String inputPath, String deadLetterQueue) {
    }

    /** A bus rule: a function's EventBridgeRule event or an AWS::Events::Rule with an EventPattern. */
    public record RuleSpec(String id, String patternJson, List<TargetSpec> targets, boolean enabled) {
    }

    public record QueueSpec(String logicalId, int visibilityTimeoutSeconds, String deadLetterQueue,
                            int maxReceiveCount) {
    }

    public record QueueSourceSpec(String id, String functionId, String queue, int batchSize, int windowSeconds,
                                  boolean reportBatchItemFailures, boolean enabled) {
    }

    public FunctionSpec function(String logicalId) {
        return functions.stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + logicalId));
    }

    public static Wiring read(Template template, Intrinsics in) {
        return new Reader(template, in).read();
    }

    private static final class Reader {
        private final Template template;
        private final Intrinsics in;
        private final List<FunctionSpec> functions = new ArrayList<>();
        private final List<QueueSpec> queues = new ArrayList<>();
        private final List<RouteSpec> routes = new ArrayList<>();
        private final List<ScheduleSpec> schedules = new ArrayList<>();
        private final List<RuleSpec> rules = new ArrayList<>();
        private final List<QueueSourceSpec> sources = new ArrayList<>();

        Reader(Template template, Intrinsics in) {
            this.template = template;
            this.in = in;
        }

        Wiring read() {
            for (var e : template.resources().entrySet()) {
                String id = e.getKey();
                Map<String, Object> resource = e.getValue();
                if (resource.get("Condition") != null && !in.condition(String.valueOf(resource.get("Condition")))) {
                    continue;
                }
                switch (String.valueOf(resource.get("Type"))) {
                    case "AWS::Serverless::Function" -> function(id);
                    case "AWS::SQS::Queue" -> queue(id);
                    case "AWS::Events::Rule" -> ruleResource(id);
                    case "AWS::Lambda::EventSourceMapping" -> eventSourceMapping(id);
                    case "AWS::Lambda::Function" -> throw new IllegalArgumentException(id
                            + ": plain AWS::Lambda::Function resources are not run locally; declare functions as AWS::Serverless::Function");
                    default -> {
                        // tables, buses, alarms, topics, policies: the runtime provides or ignores them
                    }
                }
            }
            for (QueueSourceSpec s : sources) {
                if (queues.stream().noneMatch(q -> q.logicalId().equals(s.queue()))) {
                    throw new IllegalArgumentException(s.id() + " polls " + s.queue() + ", which is not an AWS::SQS::Queue of template.yaml");
                }
            }
            return new Wiring(List.copyOf(functions), List.copyOf(queues), List.copyOf(routes), List.copyOf(schedules),
                    List.copyOf(rules), List.copyOf(sources));
        }

        @SuppressWarnings("unchecked")
        private void function(String id) {
            Map<String, Object> p = template.functionProperties(id);
            String handler = in.string(p.get("Handler"));
            if (handler.isBlank()) {
                throw new IllegalArgumentException(id + " has no Handler");
            }
            String cls = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            String method = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
            Map<String, String> env = new LinkedHashMap<>();
            if (p.get("Environment") instanceof Map<?, ?> envBlock && envBlock.get("Variables") instanceof Map<?, ?> vars) {
                ((Map<String, Object>) vars).forEach((k, v) -> {
                    Object resolved = in.resolve(v);
                    if (resolved != null) {
                        env.put(k, in.string(resolved));
                    }
                });
            }
            functions.add(new FunctionSpec(id, cls, method, env, intOf(p.get("Timeout"), 3), intOf(p.get("MemorySize"), 128)));
            Map<String, Object> events = (Map<String, Object>) template.properties(id).getOrDefault("Events", Map.of());
            for (var ev : events.entrySet()) {
                Map<String, Object> event = (Map<String, Object>) ev.getValue();
                Map<String, Object> props = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                String where = id + "." + ev.getKey();
                String type = String.valueOf(event.get("Type"));
                switch (type) {
                    case "HttpApi" -> {
                        String method2 = in.string(props.getOrDefault("Method", "ANY")).toUpperCase(Locale.ROOT);
                        // SAM: an HttpApi event with neither Path nor Method is the API's $default route.
                        String path = props.get("Path") == null && props.get("Method") == null ? RouteSpec.DEFAULT_ROUTE
                                : in.string(props.getOrDefault("Path", "/{proxy+}"));
                        if ("X-AMAZON-APIGATEWAY-ANY-METHOD".equals(method2) || "*".equals(method2)) {
                            method2 = "ANY";
                        }
                        routes.add(new RouteSpec(id, ev.getKey(), method2, path));
                    }
                    case "Schedule" -> schedules.add(new ScheduleSpec(where, id, in.string(props.get("Schedule")), "UTC",
                            enabled(props.get("Enabled"), props.get("State")), input(props.get("Input"))));
                    case "ScheduleV2" -> schedules.add(new ScheduleSpec(where, id,
                            in.string(props.get("ScheduleExpression")),
                            props.get("ScheduleExpressionTimezone") == null ? "UTC" : in.string(props.get("ScheduleExpressionTimezone")),
                            enabled(null, props.get("State")), input(props.get("Input"))));
                    case "EventBridgeRule", "CloudWatchEvent" -> {
                        noInputTransformer(where, props);
                        rules.add(new RuleSpec(where, pattern(where, props.get("Pattern")),
                            List.of(new TargetSpec(TargetKind.FUNCTION, id, input(props.get("Input")),
                                    props.get("InputPath") == null ? null : in.string(props.get("InputPath")),
                                    deadLetter(where, props.get("DeadLetterConfig")))),
                            enabled(null, props.get("State"))));
                    }
                    case "SQS" -> sources.add(new QueueSourceSpec(where, id, queueOf(where, props.get("Queue")),
                            intOf(props.get("BatchSize"), 10), intOf(props.get("MaximumBatchingWindowInSeconds"), 0),
                            reportsFailures(props.get("FunctionResponseTypes")), enabled(props.get("Enabled"), null)));
                    default -> throw new IllegalArgumentException(where + " is a '" + type
                            + "' event, which the local runtime does not run (it runs HttpApi, Schedule, ScheduleV2, EventBridgeRule and SQS)");
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void queue(String id) {
            Map<String, Object> p = template.properties(id);
            String dlq = null;
            int maxReceive = 0;
            Object redrive = p.get("RedrivePolicy");
            if (redrive instanceof Map<?, ?> r) {
                dlq = queueOf(id + ".RedrivePolicy", ((Map<String, Object>) r).get("deadLetterTargetArn"));
                maxReceive = intOf(((Map<String, Object>) r).get("maxReceiveCount"), 0);
            }
            if (Boolean.parseBoolean(in.string(p.getOrDefault("FifoQueue", "false")))) {
                throw new IllegalArgumentException(id + " is a FIFO queue, which the local runtime does not run");
            }
            queues.add(new QueueSpec(id, intOf(p.get("VisibilityTimeout"), 30), dlq, maxReceive));
        }

        @SuppressWarnings("unchecked")
        private void ruleResource(String id) {
            Map<String, Object> p = template.properties(id);
            boolean enabled = enabled(null, p.get("State"));
            List<Map<String, Object>> targets = (List<Map<String, Object>>) p.getOrDefault("Targets", List.of());
            if (p.get("ScheduleExpression") != null) {
                for (Map<String, Object> t : targets) {
                    TargetSpec target = target(id, t);
                    if (target.kind() != TargetKind.FUNCTION) {
                        throw new IllegalArgumentException(id + ": a scheduled rule can target only functions locally");
                    }
                    schedules.add(new ScheduleSpec(id, target.logicalId(), in.string(p.get("ScheduleExpression")), "UTC",
                            enabled, target.input()));
                }
                return;
            }
            if (p.get("EventPattern") == null) {
                throw new IllegalArgumentException(id + " has neither an EventPattern nor a ScheduleExpression");
            }
            rules.add(new RuleSpec(id, pattern(id, p.get("EventPattern")), targets.stream().map(t -> target(id, t)).toList(),
                    enabled));
        }

        @SuppressWarnings("unchecked")
        private void eventSourceMapping(String id) {
            Map<String, Object> p = template.properties(id);
            String fn = logicalIdOf(p.get("FunctionName"));
            if (fn == null) {
                throw new IllegalArgumentException(id + ": FunctionName must be a !Ref or !GetAtt of a function of template.yaml");
            }
            sources.add(new QueueSourceSpec(id, fn, queueOf(id, p.get("EventSourceArn")), intOf(p.get("BatchSize"), 10),
                    intOf(p.get("MaximumBatchingWindowInSeconds"), 0), reportsFailures(p.get("FunctionResponseTypes")),
                    enabled(p.get("Enabled"), null)));
        }

        /** An InputTransformer would reshape the event; delivering it untransformed would mislead, so refuse it. */
        private void noInputTransformer(String where, Map<String, Object> properties) {
            if (properties.get("InputTransformer") != null) {
                throw new IllegalArgumentException(where + " uses an InputTransformer, which the local runtime does not apply;"
                        + " use Input, InputPath or the whole event");
            }
        }

        @SuppressWarnings("unchecked")
        private TargetSpec target(String ruleId, Map<String, Object> t) {
            noInputTransformer(ruleId + " target " + t.get("Id"), t);
            String logical = logicalIdOf(t.get("Arn"));
            if (logical == null || !template.resources().containsKey(logical)) {
                throw new IllegalArgumentException(ruleId + ": target " + t.get("Id")
                        + " must be a !GetAtt X.Arn of a function or queue of template.yaml");
            }
            String type = String.valueOf(template.resource(logical).get("Type"));
            TargetKind kind = switch (type) {
                case "AWS::Serverless::Function" -> TargetKind.FUNCTION;
                case "AWS::SQS::Queue" -> TargetKind.QUEUE;
                default -> throw new IllegalArgumentException(ruleId + ": target " + logical + " is a " + type
                        + "; the local runtime delivers to functions and queues");
            };
            return new TargetSpec(kind, logical, input(t.get("Input")),
                    t.get("InputPath") == null ? null : in.string(t.get("InputPath")),
                    deadLetter(ruleId, t.get("DeadLetterConfig")));
        }

        private String deadLetter(String where, Object config) {
            if (config instanceof Map<?, ?> c && c.get("Arn") != null) {
                return queueOf(where + ".DeadLetterConfig", c.get("Arn"));
            }
            return null;
        }

        /** The logical id behind !Ref X, !GetAtt X.Arn, or the SAM alias forms X.Alias / XAliaslive. */
        @SuppressWarnings("unchecked")
        private String logicalIdOf(Object value) {
            if (value instanceof Map<?, ?> m) {
                if (m.get("Fn::GetAtt") instanceof List<?> parts) {
                    return String.valueOf(parts.get(0));
                }
                if (m.get("Ref") != null) {
                    String ref = String.valueOf(m.get("Ref"));
                    if (ref.endsWith(".Alias")) {
                        ref = ref.substring(0, ref.length() - ".Alias".length());
                    }
                    if (!template.resources().containsKey(ref) && ref.contains("Alias")) {
                        ref = ref.substring(0, ref.lastIndexOf("Alias"));
                    }
                    return ref;
                }
                if (m.get("Fn::Sub") != null) {
                    String s = in.string(value);
                    return s.substring(s.lastIndexOf(':') + 1);
                }
                return null;
            }
            if (value instanceof String s) {
                return s.contains(":") ? s.substring(s.lastIndexOf(':') + 1) : s;
            }
            return null;
        }

        private String queueOf(String where, Object value) {
            String id = logicalIdOf(value);
            if (id == null || !template.resources().containsKey(id)
                    || !"AWS::SQS::Queue".equals(template.resource(id).get("Type"))) {
                throw new IllegalArgumentException(where + ": the queue must be a !GetAtt Q.Arn of an AWS::SQS::Queue of template.yaml");
            }
            return id;
        }

        private String pattern(String where, Object pattern) {
            if (pattern == null) {
                throw new IllegalArgumentException(where + " has no event pattern");
            }
            Object resolved = resolveDeep(pattern);
            if (resolved instanceof String s) {
                return s;
            }
            return Json.write(resolved);
        }

        @SuppressWarnings("unchecked")
        private Object resolveDeep(Object value) {
            Object v = in.resolve(value);
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<String, Object>) m).forEach((k, x) -> out.put(k, resolveDeep(x)));
                return out;
            }
            if (v instanceof List<?> l) {
                return l.stream().map(this::resolveDeep).toList();
            }
            return v;
        }

        private String input(Object input) {
            if (input == null) {
                return null;
            }
            Object resolved = resolveDeep(input);
            return resolved instanceof String s ? s : Json.write(resolved);
        }

        private boolean enabled(Object enabled, Object state) {
            if (enabled != null && !Boolean.parseBoolean(in.string(enabled))) {
                return false;
            }
            return state == null || !"DISABLED".equalsIgnoreCase(in.string(state));
        }

        private boolean reportsFailures(Object types) {
            Object resolved = in.resolve(types);
            return resolved instanceof List<?> l && l.stream().anyMatch(x -> "ReportBatchItemFailures".equals(String.valueOf(x)));
        }

        private int intOf(Object value, int otherwise) {
            if (value == null) {
                return otherwise;
            }
            String s = in.string(value).trim();
            return s.isEmpty() ? otherwise : (int) Double.parseDouble(s);
        }
    }
}
