package io.cfnazure.localcloud.cloudformation;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** The handler's log (what CloudWatch Logs would get), line by line to a sink, with the given secrets masked. */
final class HandlerLog implements LambdaLogger {

    private static final String MASK = "****";

    private final Consumer<String> sink;
    private final List<String> secrets;

    /**
     * @param sink    gets each line that is not blank
     * @param secrets what to mask; nulls are ignored
     */
    HandlerLog(final Consumer<String> sink, final List<String> secrets) {
        this.sink = sink;
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(secret -> !secret.isEmpty()).toList();
    }

    @Override
    public void log(final String message) {
        if (message == null) {
            return;
        }
        String masked = message;
        for (final String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        masked.lines().filter(line -> !line.isBlank()).forEach(sink);
    }

    @Override
    public void log(final byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }
}
