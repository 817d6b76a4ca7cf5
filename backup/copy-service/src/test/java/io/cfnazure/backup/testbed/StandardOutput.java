package io.cfnazure.backup.testbed;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What the function prints (its log lines and metrics go to standard output, as in Lambda), captured while chosen
 * actions run. A function binds its log to the standard output of its creation, so create it inside {@link #during}.
 */
public final class StandardOutput {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    /** Runs {@code action} with this JVM's standard output going here. */
    public synchronized <T> T during(final Supplier<T> action) {
        final PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return action.get();
        } finally {
            System.setOut(original);
        }
    }

    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }
}
