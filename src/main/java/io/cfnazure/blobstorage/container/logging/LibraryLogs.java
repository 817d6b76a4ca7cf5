package io.cfnazure.blobstorage.container.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.calls.SafeText;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import software.amazon.cloudformation.proxy.Logger;

/**
 * The libraries' own log lines: the AWS SDK's, azure-core's, azure-identity's and MSAL's, and through Commons Logging
 * Apache HttpClient's and the plugin's AWS SDK v1. Only what an operator acts on is kept, one line per event. While a
 * handler runs ({@link #during}), a line goes to the handler's logger, which a registered type publishes to the log
 * group of its logging configuration, in the user's account; otherwise to stdout, the function's log (in a
 * registered type, AWS's own). Logback finds this class through META-INF/services: configured in code, so that a
 * cold start parses no XML.
 */
public final class LibraryLogs extends ContextAwareBase implements Configurator {

    /**
     * WARN and above: failures, retries given up, credential problems. DEBUG and INFO of these libraries describe
     * requests, and Apache HttpClient's DEBUG (org.apache.http.wire) holds whole request and response bodies, secret
     * values included. Named as well as defaulted, so that lowering the default never opens them.
     */
    private static final Map<String, Level> LEVELS = Map.of(
        "software.amazon.awssdk", Level.WARN,
        "com.amazonaws", Level.WARN,
        "com.azure", Level.WARN,
        "com.microsoft.aad.msal4j", Level.WARN,
        "org.apache.http", Level.WARN,
        // The plugin's ExecutableWrapper (the executable entry point) writes the handler's own lines to this logger at
        // DEBUG: the same lines that the Lambda entry point writes to the function's log.
        "GLOBAL", Level.DEBUG,
        // When the deadline cuts a storage call short, the Azure SDK logs the timeout (StorageImplUtils, as "null")
        // and the interrupted send (JdkHttpClient) as errors; the handler reports that failure itself, named.
        // JdkHttpClient also warns on every request that java.net.http sets Content-Length itself, which it does.
        "com.azure.storage.common.implementation.StorageImplUtils", Level.OFF,
        "com.azure.core.http.jdk.httpclient.JdkHttpClient", Level.OFF);

    private static final ThreadLocal<Logger> INVOCATION_OF_THIS_THREAD = new ThreadLocal<>();
    private static final Deque<Logger> INVOCATIONS_IN_PROGRESS = new ConcurrentLinkedDeque<>();
    /** Set while a line is handed to a handler's logger, whose own SDK calls may log (CloudWatch Logs). */
    private static final ThreadLocal<Boolean> PUBLISHING = ThreadLocal.withInitial(() -> false);

    /**
     * Runs one invocation of a handler, sending the libraries' warnings to its logger: those of this thread, and those
     * of the libraries' own threads (MSAL's, the HTTP client's) while no other invocation runs in this process.
     * Lambda runs one invocation at a time; where several overlap (tests, the local runner), a line whose invocation
     * cannot be told goes to stdout.
     */
    public static <T> T during(final Logger handlerLog, final Supplier<T> action) {
        INVOCATION_OF_THIS_THREAD.set(handlerLog);
        INVOCATIONS_IN_PROGRESS.add(handlerLog);
        try {
            return action.get();
        } finally {
            INVOCATIONS_IN_PROGRESS.removeFirstOccurrence(handlerLog);
            INVOCATION_OF_THIS_THREAD.remove();
        }
    }

    @Override
    public ExecutionStatus configure(final LoggerContext context) {
        final ToHandlerLogOrStdout appender = new ToHandlerLogOrStdout();
        appender.setContext(context);
        appender.start();
        final ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The logger of the invocation a line logged now on this thread belongs to, or null when none can be told. */
    private static Logger handlerLogOfThisThread() {
        final Logger own = INVOCATION_OF_THIS_THREAD.get();
        if (own != null) {
            return own;
        }
        return INVOCATIONS_IN_PROGRESS.size() == 1 ? INVOCATIONS_IN_PROGRESS.peekFirst() : null;
    }

    /** "LEVEL logger - message", with the exception's chain of classes and messages, on one bounded line. */
    private static String line(final ILoggingEvent event) {
        final IThrowableProxy thrown = event.getThrowableProxy();
        final String exception = thrown == null ? ""
            : ": " + (thrown instanceof ThrowableProxy proxy ? Causes.describe(proxy.getThrowable()) : thrown.getClassName());
        return SafeText.oneLine(event.getLevel() + " " + event.getLoggerName() + " - "
            + String.valueOf(event.getFormattedMessage()).stripTrailing() + exception);
    }

    private static final class ToHandlerLogOrStdout extends UnsynchronizedAppenderBase<ILoggingEvent> {

        @Override
        protected void append(final ILoggingEvent event) {
            final Logger handlerLog = event.getLevel().isGreaterOrEqual(Level.WARN) && !PUBLISHING.get()
                ? handlerLogOfThisThread() : null;
            if (handlerLog == null) {
                // Looked up for every line: System.out may have been replaced since.
                System.out.println(line(event));
                return;
            }
            PUBLISHING.set(true);
            try {
                handlerLog.log(line(event));
            } finally {
                PUBLISHING.set(false);
            }
        }
    }
}
