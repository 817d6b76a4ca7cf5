package io.cfnazure.backup;

import java.time.Duration;
import java.util.Optional;

/**
 * Why an object could not be copied, and whether trying again can help. Transient failures (throttling, 5xx, network,
 * a concurrent writer) go back to the queue or to Batch Operations as TemporaryFailure; permanent ones (access denied,
 * secret missing, object gone, too large) are reported with the reason and end in the dead-letter queue or as
 * PermanentFailure. The message is written for the operator: it names the object and what to do, never a secret.
 */
public final class CopyFailure extends RuntimeException {

    private final boolean retriable;
    private final transient Duration retryAfter;

    private CopyFailure(final String reason, final Throwable cause, final boolean retriable,
                        final Duration retryAfter) {
        super(reason, cause);
        this.retriable = retriable;
        this.retryAfter = retryAfter;
    }

    public static CopyFailure transientFailure(final String reason, final Throwable cause) {
        return new CopyFailure(reason, cause, true, null);
    }

    /** A transient failure whose service said how long to wait (Retry-After); {@code retryAfter} null if it did not. */
    public static CopyFailure transientFailure(final String reason, final Duration retryAfter, final Throwable cause) {
        return new CopyFailure(reason, cause, true, retryAfter);
    }

    public static CopyFailure permanent(final String reason, final Throwable cause) {
        return new CopyFailure(reason, cause, false, null);
    }

    public boolean isTransient() {
        return retriable;
    }

    /** How long the service that failed asked to wait before trying again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
