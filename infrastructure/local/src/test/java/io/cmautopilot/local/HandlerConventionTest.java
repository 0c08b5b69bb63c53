package io.cmautopilot.local;

import io.cmautopilot.core.config.Services;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One wiring style for every function (docs/ARCHITECTURE.md, "Wiring"): each handler named in template.yaml has
 * exactly three non-private constructors, the no-argument one Lambda calls, the {@code (Services)} one the local
 * runtime calls, and one taking the domain collaborators (for tests), which never takes {@code Services}.
 */
class HandlerConventionTest {
    static List<Class<?>> handlers() throws ClassNotFoundException {
        Template template = Template.project();
        List<Class<?>> out = new ArrayList<>();
        for (String fn : template.ofType("AWS::Serverless::Function")) {
            String handler = String.valueOf(template.properties(fn).get("Handler"));
            out.add(Class.forName(handler.substring(0, handler.indexOf("::"))));
        }
        return out;
    }

    @Test
    void every_handler_has_the_constructor_trio() throws Exception {
        List<Class<?>> handlers = handlers();
        assertThat(handlers).hasSizeGreaterThanOrEqualTo(9);
        List<String> problems = new ArrayList<>();
        for (Class<?> h : handlers) {
            List<Constructor<?>> visible = Arrays.stream(h.getDeclaredConstructors())
                    .filter(c -> !Modifier.isPrivate(c.getModifiers())).toList();
            boolean lambda = visible.stream().anyMatch(c -> c.getParameterCount() == 0
                    && Modifier.isPublic(c.getModifiers()));
            boolean local = visible.stream().anyMatch(c -> Modifier.isPublic(c.getModifiers())
                    && Arrays.equals(c.getParameterTypes(), new Class<?>[]{Services.class}));
            List<Constructor<?>> collaborators = visible.stream().filter(c -> c.getParameterCount() > 0)
                    .filter(c -> !Arrays.equals(c.getParameterTypes(), new Class<?>[]{Services.class})).toList();
            boolean leaks = collaborators.stream()
                    .anyMatch(c -> Arrays.asList(c.getParameterTypes()).contains(Services.class));
            if (!lambda || !local || collaborators.size() != 1 || leaks) {
                problems.add(h.getSimpleName() + ": no-arg " + lambda + ", (Services) " + local + ", collaborator "
                        + "constructors " + collaborators.size() + (leaks ? ", one takes Services" : ""));
            }
        }
        assertThat(problems).as("handlers off the constructor trio").isEmpty();
    }
}
