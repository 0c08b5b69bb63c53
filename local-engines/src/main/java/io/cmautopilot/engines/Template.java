package io.cmautopilot.engines;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * template.yaml read as plain maps and lists. CloudFormation short-form tags become their long form
 * ({@code !Ref X} → {@code {Ref: X}}, {@code !GetAtt A.B} → {@code {Fn::GetAtt: [A, B]}}, {@code !Sub s} →
 * {@code {Fn::Sub: s}}...), so the template test, the table factory and the local runtime see one shape.
 */
public final class Template {
    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    public static Template load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object parsed = new Yaml(new CfnConstructor()).load(reader);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            return new Template(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Template project() {
        return load(ProjectRoot.template());
    }

    public Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) root.getOrDefault("Resources", Map.of());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String name) {
        return (Map<String, Object>) root.getOrDefault(name, Map.of());
    }

    public Map<String, Object> resource(String logicalId) {
        Map<String, Object> r = resources().get(logicalId);
        if (r == null) {
            throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) resource(logicalId).getOrDefault("Properties", Map.of());
    }

    /** Logical ids of the resources of one type, in template order. */
    public List<String> ofType(String type) {
        return resources().entrySet().stream().filter(e -> type.equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey).toList();
    }

    /** Globals.Function merged under a function's own properties (the function wins), as SAM does for scalars. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> functionProperties(String logicalId) {
        Map<String, Object> globals = (Map<String, Object>) section("Globals").getOrDefault("Function", Map.of());
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        properties(logicalId).forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && merged.get(k) instanceof Map<?, ?> g) {
                Map<String, Object> deep = new LinkedHashMap<>((Map<String, Object>) g);
                deep.putAll((Map<String, Object>) m);
                merged.put(k, deep);
            } else {
                merged.put(k, v);
            }
        });
        Object env = properties(logicalId).get("Environment");
        Object genv = globals.get("Environment");
        if (env instanceof Map<?, ?> e && genv instanceof Map<?, ?> ge) {
            Map<String, Object> vars = new LinkedHashMap<>();
            if (ge.get("Variables") instanceof Map<?, ?> gv) {
                vars.putAll((Map<String, Object>) gv);
            }
            if (e.get("Variables") instanceof Map<?, ?> v) {
                vars.putAll((Map<String, Object>) v);
            }
            merged.put("Environment", Map.of("Variables", vars));
        }
        return merged;
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of("Ref", "Condition")) {
                yamlConstructors.put(new Tag("!" + fn), new LongForm(fn));
            }
            for (String fn : List.of("Sub", "Join", "Select", "Split", "If", "Not", "Equals", "And", "Or",
                    "FindInMap", "Base64", "Cidr", "ImportValue", "GetAZs", "Transform")) {
                yamlConstructors.put(new Tag("!" + fn), new LongForm("Fn::" + fn));
            }
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
        }

        private final class LongForm extends AbstractConstruct {
            private final String key;

            LongForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode s) {
                    value = constructScalar(s);
                } else if (node instanceof SequenceNode s) {
                    value = constructSequence(s);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }

        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                if (node instanceof ScalarNode s) {
                    String v = constructScalar(s);
                    int dot = v.indexOf('.');
                    return Map.of("Fn::GetAtt", List.of(v.substring(0, dot), v.substring(dot + 1)));
                }
                return Map.of("Fn::GetAtt", constructSequence((SequenceNode) node));
            }
        }
    }
}
