package io.cfnazure.blobstorage.container.localrunner;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Prints what happens as CloudFormation's stack events read: time, status, logical ID, type and status reason, e.g.
 * {@code 09:51:02  CREATE_COMPLETE  BackupContainer  Azure::BlobStorage::Container  https://...}.
 */
final class EventPrinter {

    private static final String STACK_TYPE = "AWS::CloudFormation::Stack";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final Clock clock;

    EventPrinter(final PrintStream out, final Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    void stackEvent(final String status, final String stackName, final String reason) {
        event(status, stackName, STACK_TYPE, reason);
    }

    /** @param reason the status reason or physical ID; null for none */
    void event(final String status, final String logicalId, final String type, final String reason) {
        out.printf("%s  %-20s  %-16s  %s%s%n", LocalTime.now(clock).format(TIME), status, logicalId, type,
            reason == null ? "" : "  " + reason);
    }

    /** A line of the handler's own log (--verbose), set apart from the events. */
    void handlerLog(final String line) {
        out.println("          | " + line);
    }

    void line(final String text) {
        out.println(text);
    }

    void heading(final String text) {
        out.println();
        out.println("== " + text);
    }
}
