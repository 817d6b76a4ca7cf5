package io.cfnazure.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.access.calls.Causes;
import java.io.PrintStream;

/**
 * One JSON line per item that failed (the batch's counts go to {@link BatchMetrics}), and one per batch whose failed
 * messages SQS would not reschedule: CloudWatch Logs Insights reads the fields. Nothing else the function prints
 * spans lines: errors Reactor drops are one line each ({@link #dropped}).
 * Lines hold object names, outcomes and reasons; the reasons are written by this service and the provider's shared
 * code, which never put a secret or a token in them.
 */
final class CopyLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    CopyLog(final PrintStream out) {
        this.out = out;
    }

    void failure(final String entryPoint, final String itemId, final String object, final CopyFailure failure) {
        final ObjectNode line = JSON.createObjectNode()
            .put("level", failure.isTransient() ? "WARN" : "ERROR")
            .put("message", failure.getMessage())
            .put("entryPoint", entryPoint)
            .put("item", itemId)
            .put("failure", failure.isTransient() ? "transient" : "permanent");
        if (object != null) {
            line.put("object", object);
        }
        if (failure.getCause() != null) {
            line.put("cause", failure.getCause().getClass().getName());
        }
        print(line);
    }

    /** SQS did not take the back-off of some failed messages (SQS entry point, one line per batch). */
    void visibilityUnchanged(final int refused, final int failed, final String firstReason) {
        print(JSON.createObjectNode()
            .put("level", "WARN")
            .put("message", String.format("ChangeMessageVisibility failed for %d of the batch's %d failed messages "
                + "(%s): they come back after the queue's visibility timeout instead of their back-off.", refused,
                failed, firstReason))
            .put("entryPoint", SqsCopyHandler.ENTRY_POINT));
    }

    /**
     * An error that arrived after its request had ended, which Reactor (under the Azure SDK) would otherwise print
     * as a stack trace: its class, on one line.
     */
    void dropped(final Throwable error) {
        print(JSON.createObjectNode()
            .put("level", "WARN")
            .put("message", "An Azure SDK request failed after its result was no longer awaited: "
                + error.getClass().getName())
            .put("cause", Causes.root(error).getClass().getName()));
    }

    private void print(final ObjectNode line) {
        synchronized (out) {
            out.println(line.toString());
        }
    }
}
