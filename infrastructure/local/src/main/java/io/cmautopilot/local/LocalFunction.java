package io.cmautopilot.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.local.template.Wiring.FunctionSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One function of template.yaml, as Lambda runs it: the {@code Handler} class built once through its public
 * {@code (Services)} constructor, then invoked with events deserialised into the handler method's declared input
 * type. One instance handles one event at a time, like one Lambda execution environment.
 */
public final class LocalFunction {
    private final FunctionSpec spec;
    private final Object handler;
    private final Method method;
    private final Type inputType;
    private final boolean withContext;
    private final boolean stream;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    private LocalFunction(FunctionSpec spec, Object handler, Method method, Type inputType, boolean withContext,
                          boolean stream) {
        this.spec = spec;
        this.handler = handler;
        this.method = method;
        this.inputType = inputType;
        this.withContext = withContext;
        this.stream = stream;
    }

    /** Loads and builds the handler; the message names the function and what is wrong when it cannot. */
    public static LocalFunction create(FunctionSpec spec, Services services) {
        Class<?> cls;
        try {
            cls = Class.forName(spec.handlerClass(), true, LocalFunction.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(spec.logicalId() + ": the Handler class " + spec.handlerClass()
                    + " is not on the local runtime's class path (is its module a dependency of infrastructure/local?)", e);
        }
        Constructor<?> constructor;
        try {
            constructor = cls.getConstructor(Services.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(spec.logicalId() + ": " + cls.getName()
                    + " needs a public constructor taking io.cmautopilot.core.config.Services for the local runtime");
        }
        Object handler;
        try {
            handler = constructor.newInstance(services);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(spec.logicalId() + ": " + cls.getSimpleName() + "(Services) failed: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(spec.logicalId() + ": cannot build " + cls.getName() + ": " + e, e);
        }
        if (handler instanceof RequestStreamHandler && spec.handlerMethod().equals("handleRequest")) {
            try {
                Method m = cls.getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class, Context.class);
                return new LocalFunction(spec, handler, m, JsonNode.class, true, true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
        Method m = Arrays.stream(cls.getMethods())
                .filter(x -> x.getName().equals(spec.handlerMethod()) && !x.isBridge() && !Modifier.isStatic(x.getModifiers()))
                .filter(x -> x.getParameterCount() == 1
                        || (x.getParameterCount() == 2 && x.getParameterTypes()[1] == Context.class))
                .max(Comparator.comparingInt((Method x) -> x.getParameterTypes()[0] == Object.class ? 0 : 1))
                .orElseThrow(() -> new IllegalStateException(spec.logicalId() + ": " + cls.getName()
                        + " has no public method " + spec.handlerMethod() + "(Input, Context)"));
        Type declared = m.getGenericParameterTypes()[0];
        if (declared instanceof TypeVariable<?> || declared == Object.class) {
            // handleRequest inherited from a generic base class: RequestHandler's own type argument says what comes in.
            declared = requestHandlerInput(cls).orElse(declared);
        }
        return new LocalFunction(spec, handler, m, declared, m.getParameterCount() == 2, false);
    }

    /** The {@code I} of {@code RequestHandler<I, O>} as {@code cls} binds it, through generic superclasses. */
    static Optional<Type> requestHandlerInput(Class<?> cls) {
        return find(cls, new HashMap<>());
    }

    private static Optional<Type> find(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType p) {
            raw = (Class<?>) p.getRawType();
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            Map<TypeVariable<?>, Type> next = new HashMap<>(bindings);
            for (int i = 0; i < vars.length; i++) {
                next.put(vars[i], args[i] instanceof TypeVariable<?> v && bindings.containsKey(v) ? bindings.get(v) : args[i]);
            }
            bindings = next;
            if (raw == RequestHandler.class) {
                Type input = bindings.get(vars[0]);
                return input instanceof TypeVariable<?> ? Optional.empty() : Optional.ofNullable(input);
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
        } else {
            return Optional.empty();
        }
        List<Type> supers = new ArrayList<>(Arrays.asList(raw.getGenericInterfaces()));
        if (raw.getGenericSuperclass() != null) {
            supers.add(raw.getGenericSuperclass());
        }
        for (Type s : supers) {
            Optional<Type> found = find(s, bindings);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    public String id() {
        return spec.logicalId();
    }

    public FunctionSpec spec() {
        return spec;
    }

    /** The handler's declared input type (the RequestHandler's first type argument). */
    public Type inputType() {
        return inputType;
    }

    /** Invokes the handler with an event; throws {@link FunctionError} when the handler throws. */
    public JsonNode invoke(JsonNode event) {
        oneAtATime.lock();
        try {
            Context context = new LocalContext(spec.logicalId(), spec.memoryMb(), spec.timeoutSeconds());
            if (stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                method.invoke(handler, new ByteArrayInputStream(Json.writeBytes(event)), out, context);
                return out.size() == 0 ? Json.MAPPER.nullNode() : Json.tree(out.toByteArray());
            }
            Object input = LambdaSerde.fromJson(event, inputType);
            Object output = withContext ? method.invoke(handler, input, context) : method.invoke(handler, input);
            return LambdaSerde.toJson(output);
        } catch (InvocationTargetException e) {
            throw new FunctionError(spec.logicalId(), e.getCause());
        } catch (IllegalAccessException | IOException | RuntimeException e) {
            throw new FunctionError(spec.logicalId(), e);
        } finally {
            oneAtATime.unlock();
        }
    }

    /** The handler threw (or its event could not be built): what Lambda reports as a function error. */
    public static final class FunctionError extends RuntimeException {
        public FunctionError(String functionId, Throwable cause) {
            super(functionId + " failed: " + cause, cause);
        }
    }
}
