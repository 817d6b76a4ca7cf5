package io.cfnazure.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * What Lambda's Java runtime does on a cold start, for one invocation: loads the handler class from the function's
 * jar in a class loader of its own (the function sees that jar and the JDK, nothing else), constructs it (the init
 * phase), then calls {@code handleRequest(InputStream, OutputStream, Context)} once. Prints how long each step took
 * and the response, then its CPU time, and exits. Uses the JDK only, so that nothing of the benchmark reaches the function's class path.
 * <p>
 * Arguments: the jar, the handler class, the file holding the request JSON.
 */
public final class LambdaRuntimeStandIn {

    static final String TIMINGS = "TIMINGS ";
    static final String RESPONSE = "RESPONSE ";
    static final String CPU = "CPU ";
    private static final long FUNCTION_TIMEOUT_MILLIS = 60_000; // template.yml
    private static final int MEMORY_MB = 512; // template.yml

    private LambdaRuntimeStandIn() {
    }

    public static void main(final String[] args) throws Exception {
        final long start = System.nanoTime();
        final byte[] request = Files.readAllBytes(Path.of(args[2]));
        final URLClassLoader function = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()},
            ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(function);

        final Class<?> handlerClass = Class.forName(args[1], true, function);
        final long loaded = System.nanoTime();
        final Object handler = handlerClass.getConstructor().newInstance();
        final long constructed = System.nanoTime();

        final Class<?> contextType = function.loadClass("com.amazonaws.services.lambda.runtime.Context");
        final Method handleRequest = handlerClass.getMethod("handleRequest", InputStream.class, OutputStream.class,
            contextType);
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        handleRequest.invoke(handler, new ByteArrayInputStream(request), response, context(function, contextType));
        final long answered = System.nanoTime();

        final PrintStream out = System.out;
        out.println(TIMINGS + (loaded - start) + " " + (constructed - loaded) + " " + (answered - constructed));
        out.println(RESPONSE + response.toString(StandardCharsets.UTF_8).replace('\n', ' '));
        out.flush();
        // The whole process's CPU time up to the response (all threads: class loading, JIT, GC, the handler), read
        // after the response so that reading it costs the measured time nothing.
        out.println(CPU + ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L));
        out.flush();
        System.exit(0);
    }

    /** A Lambda context whose remaining time counts down from the function's timeout; the log goes to stderr. */
    private static Object context(final ClassLoader function, final Class<?> contextType) throws Exception {
        final long deadline = System.currentTimeMillis() + FUNCTION_TIMEOUT_MILLIS;
        final String requestId = UUID.randomUUID().toString();
        final Class<?> loggerType = function.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
        final Object logger = Proxy.newProxyInstance(function, new Class<?>[] {loggerType}, (proxy, method, args) -> {
            if (method.getName().equals("log") && args != null && args.length > 0) {
                System.err.println(args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : String.valueOf(args[0]));
            }
            return null;
        });
        return Proxy.newProxyInstance(function, new Class<?>[] {contextType}, (proxy, method, args) ->
            switch (method.getName()) {
                case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
                case "getLogger" -> logger;
                case "getAwsRequestId", "getLogStreamName" -> requestId;
                case "getFunctionName" -> "azure-blobstorage-container-TypeFunction";
                case "getFunctionVersion" -> "$LATEST";
                case "getMemoryLimitInMB" -> MEMORY_MB;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "LambdaContext[" + requestId + "]";
                default -> null;
            });
    }
}
