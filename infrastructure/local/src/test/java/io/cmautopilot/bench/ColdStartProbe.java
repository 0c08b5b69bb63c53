package io.cmautopilot.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Runs in a fresh JVM whose class path is one function's shaded jar (plus the Lambda serialisation library the
 * runtime itself uses): measures JVM start → handler constructed (init, what SnapStart snapshots) → first and second
 * invocation. Prints one line {@code init=<ms> first=<ms> second=<ms> jvm=<ms>}.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        long initDone = System.currentTimeMillis();
        Class<?> input = inputType(type);
        Object event = LambdaEventSerializers.serializerFor(input, ColdStartProbe.class.getClassLoader())
                .fromJson(args[1]);
        Method handle = type.getMethod("handleRequest", input, com.amazonaws.services.lambda.runtime.Context.class);
        long t0 = System.nanoTime();
        handle.invoke(handler, event, null);
        long first = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        handle.invoke(handler, event, null);
        long second = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("init=" + (initDone - mainAt) + " first=" + first + " second=" + second + " jvm=" + (mainAt - jvmStart));
        System.exit(0);
    }

    static Class<?> inputType(Class<?> handler) {
        for (Type t : handler.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                return (Class<?>) p.getActualTypeArguments()[0];
            }
        }
        throw new IllegalArgumentException(handler + " is not a RequestHandler");
    }
}
