package io.cfnazure.backup;

import io.cfnazure.access.calls.Deadline;
import java.time.Clock;
import java.time.Duration;

/**
 * The time one Lambda invocation has: the provider's {@link Deadline} (the remaining time less a safety margin) that
 * bounds every call, the whole budget it started with, which decides whether an object is too large for any
 * invocation of this function or only for what is left of this one, and the clock both run on.
 */
public record InvocationTime(Deadline deadline, Duration budget, Clock clock) {

    public static InvocationTime startingNow(final Clock clock, final Duration functionTimeLeft) {
        final Deadline deadline = Deadline.forInvocation(clock, functionTimeLeft, null);
        return new InvocationTime(deadline, deadline.remaining(), clock);
    }
}
