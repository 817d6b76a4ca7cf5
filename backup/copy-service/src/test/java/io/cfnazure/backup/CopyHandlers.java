package io.cfnazure.backup;

import java.time.Clock;
import java.util.Map;

/** The copy function's entry points as the tests of other packages (the audit's, the drill's) build them. */
public final class CopyHandlers {

    private CopyHandlers() {
    }

    /** The SQS entry point of a function with {@code environment}, on the system clock. */
    public static SqsCopyHandler sqs(final Map<String, String> environment) {
        return new SqsCopyHandler(CopyFunction.create(environment, Clock.systemUTC()));
    }
}
