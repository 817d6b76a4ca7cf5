package io.cfnazure.backup;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cfnazure.backup.testbed.LambdaRuntime;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One cold invocation, in a JVM of its own started like Lambda's (the benchmark starts it): the handler built from the
 * environment as Lambda's runtime builds it, then one SQS event handled. Prints JSON with the times from the JVM's
 * start to the handler, the handler's construction, and the first invocation.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(final String[] args) throws Exception {
        final String event = Files.readString(Path.of(args[0]));
        final long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
        final long constructing = System.currentTimeMillis();
        final SqsCopyHandler handler = new SqsCopyHandler();
        final long constructed = System.currentTimeMillis();
        final String response = LambdaRuntime.invoke(handler, SQSEvent.class, SQSBatchResponse.class, event,
            Duration.ofMinutes(15));
        final long answered = System.currentTimeMillis();
        System.out.printf("{\"jvmToHandlerMs\":%d,\"initMs\":%d,\"firstInvocationMs\":%d,\"response\":%s}%n",
            constructed - jvmStarted, constructed - constructing, answered - constructed, response);
    }
}
