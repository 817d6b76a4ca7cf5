package io.cfnazure.access.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The moment one handler invocation must have answered by. Every call to Secrets Manager, Entra ID and Azure Storage
 * is given what remains of it, so no chain of calls and retries can outlast the function.
 */
public final class Deadline {

    /** What Lambda gives a function of template.yml when nothing says otherwise (the executable entry point). */
    public static final Duration DEFAULT_FUNCTION_TIMEOUT = Duration.ofSeconds(60);
    /** The contract's limit for Read and List, whatever the function's timeout. */
    public static final Duration READ_AND_LIST_LIMIT = Duration.ofSeconds(30);
    /** Kept back for what the wrapper does after the handler returns: writing the response, publishing metrics. */
    private static final Duration MINIMUM_MARGIN = Duration.ofSeconds(2);
    private static final int MARGIN_PERCENT = 10;

    private final Clock clock;
    private final Instant at;

    private Deadline(final Clock clock, final Instant at) {
        this.clock = clock;
        this.at = at;
    }

    /**
     * The deadline of an invocation that started at {@code clock.instant()} with {@code functionTimeLeft} before the
     * function times out: that time minus a safety margin (10 %, at least 2 s), and no later than {@code limit} minus
     * the same margin when a limit applies.
     */
    public static Deadline forInvocation(final Clock clock, final Duration functionTimeLeft, final Duration limit) {
        final Duration available = limit == null || functionTimeLeft.compareTo(limit) < 0 ? functionTimeLeft : limit;
        final Duration margin = max(MINIMUM_MARGIN, available.multipliedBy(MARGIN_PERCENT).dividedBy(100));
        return new Deadline(clock, clock.instant().plus(max(Duration.ZERO, available.minus(margin))));
    }

    /** A deadline a fixed time from now, without margin (tests, and callers that computed their own budget). */
    public static Deadline in(final Clock clock, final Duration budget) {
        return new Deadline(clock, clock.instant().plus(budget));
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return max(Duration.ZERO, Duration.between(clock.instant(), at));
    }

    public boolean hasPassed() {
        return !clock.instant().isBefore(at);
    }

    private static Duration max(final Duration a, final Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
