package io.cfnazure.backup;

/**
 * Why an object could not be copied, and whether trying again can help. Transient failures (throttling, 5xx, network,
 * a concurrent writer) go back to the queue or to Batch Operations as TemporaryFailure; permanent ones (access denied,
 * secret missing, object gone, too large) are reported with the reason and end in the dead-letter queue or as
 * PermanentFailure. The message is written for the operator: it names the object and what to do, never a secret.
 */
public final class CopyFailure extends RuntimeException {

    private final boolean retriable;

    private CopyFailure(final String reason, final Throwable cause, final boolean retriable) {
        super(reason, cause);
        this.retriable = retriable;
    }

    public static CopyFailure transientFailure(final String reason, final Throwable cause) {
        return new CopyFailure(reason, cause, true);
    }

    public static CopyFailure permanent(final String reason, final Throwable cause) {
        return new CopyFailure(reason, cause, false);
    }

    public boolean isTransient() {
        return retriable;
    }
}
