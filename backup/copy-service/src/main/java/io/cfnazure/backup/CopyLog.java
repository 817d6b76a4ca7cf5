package io.cfnazure.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * One JSON line per item that failed (the batch's counts go to {@link BatchMetrics}): CloudWatch Logs Insights reads the fields.
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

    private void print(final ObjectNode line) {
        synchronized (out) {
            out.println(line.toString());
        }
    }
}
