package io.cfnazure.blobstorage.container.leakscan;

import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Records what the whole test run gives out, for {@link LeakScanTest}: every handler log line and every answer of
 * every {@link CloudFormationDriver} in this JVM, whoever built it, and all the JVM prints to standard output and
 * error (where the SDKs' own loggers write). JUnit starts it before the run's first test class and stops it after
 * the last (META-INF/services/org.junit.platform.launcher.TestExecutionListener).
 */
public final class RunRecording implements TestExecutionListener, CloudFormationDriver.Observer {

    private static final List<String> LOG_LINES = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> ANSWERS = Collections.synchronizedList(new ArrayList<>());
    private static final ByteArrayOutputStream PRINTED = new ByteArrayOutputStream();

    private PrintStream standardOutput;
    private PrintStream standardError;

    @Override
    public void testPlanExecutionStarted(final TestPlan testPlan) {
        standardOutput = System.out;
        standardError = System.err;
        System.setOut(tee(standardOutput));
        System.setErr(tee(standardError));
        CloudFormationDriver.observeEveryDriver(this);
    }

    @Override
    public void testPlanExecutionFinished(final TestPlan testPlan) {
        CloudFormationDriver.stopObserving(this);
        System.setOut(standardOutput);
        System.setErr(standardError);
    }

    @Override
    public void logLine(final String line) {
        LOG_LINES.add(line);
    }

    @Override
    public void answer(final String answer) {
        ANSWERS.add(answer);
    }

    static List<String> logLines() {
        synchronized (LOG_LINES) {
            return List.copyOf(LOG_LINES);
        }
    }

    static List<String> answers() {
        synchronized (ANSWERS) {
            return List.copyOf(ANSWERS);
        }
    }

    static List<String> printedLines() {
        synchronized (PRINTED) {
            return PRINTED.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Prints to {@code original} and keeps a copy in {@link #PRINTED}. */
    private static PrintStream tee(final PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(final int b) {
                original.write(b);
                synchronized (PRINTED) {
                    PRINTED.write(b);
                }
            }

            @Override
            public void write(final byte[] bytes, final int offset, final int length) {
                original.write(bytes, offset, length);
                synchronized (PRINTED) {
                    PRINTED.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
