package io.cmautopilot.local.template;

import io.cmautopilot.engines.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions to the local runtime's values: {@code Ref} of a parameter gives its
 * local override or Default, {@code Ref Table} the local table name, {@code Ref Bus} the bus name, {@code Ref}/
 * {@code GetAtt} of a queue its local URL/ARN/name, pseudo parameters fixed local values; {@code Sub}, {@code Join},
 * {@code If}, {@code Select}, {@code Split} and the condition functions are evaluated as CloudFormation does.
 */
public final class Intrinsics {
    public static final String STACK = "cm-local";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    /** What {@code !Ref} of the HTTP API gives locally; its execute-api URL is replaced by the local base URL. */
    public static final String API_ID = "local";
    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Template template;
    private final Map<String, String> parameterOverrides;
    private final String tableName;
    private final String busName;
    private final String apiBaseUrl;

    public Intrinsics(Template template, Map<String, String> parameterOverrides, String tableName, String busName) {
        this(template, parameterOverrides, tableName, busName, null);
    }

    /** {@code apiBaseUrl}: the local HTTP API's URL, which the API's execute-api URL resolves to (null: unknown yet). */
    public Intrinsics(Template template, Map<String, String> parameterOverrides, String tableName, String busName,
                      String apiBaseUrl) {
        this.template = template;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        this.tableName = tableName;
        this.busName = busName;
        this.apiBaseUrl = apiBaseUrl;
    }

    /** The string value of a template value (a scalar or an intrinsic). */
    public String string(Object value) {
        Object v = resolve(value);
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    public Object resolve(Object value) {
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            if (value instanceof List<?> list) {
                return list.stream().map(this::resolve).toList();
            }
            return value;
        }
        Map.Entry<String, Object> e = ((Map<String, Object>) map).entrySet().iterator().next();
        Object arg = e.getValue();
        return switch (e.getKey()) {
            case "Ref" -> ref(String.valueOf(arg));
            case "Fn::GetAtt" -> {
                List<Object> parts = (List<Object>) arg;
                yield getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
            }
            case "Fn::Sub" -> sub(arg);
            case "Fn::Join" -> {
                List<Object> parts = (List<Object>) arg;
                List<Object> items = (List<Object>) resolve(parts.get(1));
                yield String.join(string(parts.get(0)), items.stream().map(this::string).toList());
            }
            case "Fn::Select" -> {
                List<Object> parts = (List<Object>) arg;
                List<Object> items = (List<Object>) resolve(parts.get(1));
                yield items.get(Integer.parseInt(string(parts.get(0))));
            }
            case "Fn::Split" -> {
                List<Object> parts = (List<Object>) arg;
                yield List.of(string(parts.get(1)).split(Pattern.quote(string(parts.get(0))), -1));
            }
            case "Fn::If" -> {
                List<Object> parts = (List<Object>) arg;
                yield condition(String.valueOf(parts.get(0))) ? resolve(parts.get(1)) : resolve(parts.get(2));
            }
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition" -> test(value);
            default -> value;
        };
    }

    /** Whether a named condition of the template's Conditions section holds locally. */
    public boolean condition(String name) {
        Object c = template.section("Conditions").get(name);
        if (c == null) {
            throw new IllegalArgumentException("template.yaml has no condition " + name);
        }
        return test(c);
    }

    @SuppressWarnings("unchecked")
    private boolean test(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            return Boolean.parseBoolean(string(value));
        }
        Map.Entry<String, Object> e = ((Map<String, Object>) map).entrySet().iterator().next();
        return switch (e.getKey()) {
            case "Condition" -> condition(String.valueOf(e.getValue()));
            case "Fn::Equals" -> {
                List<Object> parts = (List<Object>) e.getValue();
                yield string(parts.get(0)).equals(string(parts.get(1)));
            }
            case "Fn::Not" -> !test(((List<Object>) e.getValue()).get(0));
            case "Fn::And" -> ((List<Object>) e.getValue()).stream().allMatch(this::test);
            case "Fn::Or" -> ((List<Object>) e.getValue()).stream().anyMatch(this::test);
            default -> Boolean.parseBoolean(string(value));
        };
    }

    public String ref(String name) {
        switch (name) {
            case "AWS::StackName":
                return STACK;
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return null;
            default:
                break;
        }
        Object parameter = template.section("Parameters").get(name);
        if (parameter instanceof Map<?, ?> p) {
            if (parameterOverrides.containsKey(name)) {
                return parameterOverrides.get(name);
            }
            return p.get("Default") == null ? "" : String.valueOf(p.get("Default"));
        }
        Map<String, Object> resource = template.resources().get(name);
        if (resource == null) {
            throw new IllegalArgumentException("template.yaml refers to " + name + ", which is neither a parameter nor a resource");
        }
        return switch (String.valueOf(resource.get("Type"))) {
            case "AWS::DynamoDB::Table" -> tableName;
            case "AWS::Events::EventBus" -> busName;
            case "AWS::SQS::Queue" -> queueUrl(name);
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> name;
            case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> API_ID;
            default -> "arn:aws:local:" + REGION + ":" + ACCOUNT + ":" + name;
        };
    }

    public String getAtt(String resourceId, String attribute) {
        Map<String, Object> resource = template.resources().get(resourceId);
        if (resource == null) {
            throw new IllegalArgumentException("template.yaml has no resource " + resourceId + " (in a GetAtt)");
        }
        String type = String.valueOf(resource.get("Type"));
        return switch (type + "." + attribute) {
            case "AWS::SQS::Queue.Arn" -> queueArn(resourceId);
            case "AWS::SQS::Queue.QueueName" -> resourceId;
            case "AWS::SQS::Queue.QueueUrl" -> queueUrl(resourceId);
            case "AWS::Events::EventBus.Name" -> busName;
            case "AWS::Events::EventBus.Arn" -> "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/" + busName;
            case "AWS::Serverless::HttpApi.ApiEndpoint", "AWS::ApiGatewayV2::Api.ApiEndpoint" ->
                    apiUrl("https://" + API_ID + ".execute-api." + REGION + ".amazonaws.com");
            case "AWS::DynamoDB::Table.Arn" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + tableName;
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" ->
                    "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + resourceId;
            default -> "arn:aws:local:" + REGION + ":" + ACCOUNT + ":" + resourceId + "/" + attribute;
        };
    }

    public static String queueArn(String logicalId) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + logicalId;
    }

    public static String queueUrl(String logicalId) {
        return "http://127.0.0.1/local-sqs/" + ACCOUNT + "/" + logicalId;
    }

    @SuppressWarnings("unchecked")
    private String sub(Object arg) {
        String text;
        Map<String, Object> vars = Map.of();
        if (arg instanceof List<?> parts) {
            text = String.valueOf(parts.get(0));
            vars = (Map<String, Object>) parts.get(1);
        } else {
            text = String.valueOf(arg);
        }
        Matcher m = SUB_VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> unresolved = new ArrayList<>();
        while (m.find()) {
            String var = m.group(1).trim();
            String value;
            if (vars.containsKey(var)) {
                value = string(vars.get(var));
            } else if (var.contains(".") && !var.startsWith("AWS::")) {
                int dot = var.indexOf('.');
                value = getAtt(var.substring(0, dot), var.substring(dot + 1));
            } else {
                try {
                    value = ref(var);
                } catch (IllegalArgumentException e) {
                    unresolved.add(var);
                    value = m.group();
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        if (!unresolved.isEmpty()) {
            throw new IllegalArgumentException("Fn::Sub refers to unknown " + unresolved + " in '" + text + "'");
        }
        // ${!Literal} is CloudFormation's escape for a literal ${Literal}.
        return apiUrl(out.toString().replace("${!", "${"));
    }

    /** The deployed API's URL (https://<api>.execute-api.<region>.amazonaws.com) becomes the local one. */
    private String apiUrl(String value) {
        if (apiBaseUrl == null) {
            return value;
        }
        return value.replace("https://" + API_ID + ".execute-api." + REGION + ".amazonaws.com", apiBaseUrl);
    }
}
