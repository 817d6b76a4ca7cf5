package io.cfnazure.blobstorage.container.arm;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.AsyncPollResponse;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollerFlux;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.cloudformation.HandlerFailure;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Azure Resource Manager requests of one invocation: each gets what remains of the deadline as its time limit, and
 * each failure leaves here translated into a {@link HandlerFailure} ({@link ArmFailures}, with the resource type's
 * own codes). Long-running operations are followed only while the deadline allows.
 */
public final class ArmCalls {

    /** Below this, a call is not started: it could not finish. */
    private static final Duration SHORTEST_CALL = Duration.ofMillis(50);

    private final Deadline deadline;
    private final ArmFailures.Specific specific;

    public ArmCalls(final Deadline deadline, final ArmFailures.Specific specific) {
        this.deadline = deadline;
        this.specific = specific;
    }

    /** Runs one request with what remains of the deadline; every failure leaves translated. Empty answers are null. */
    public <T> T call(final ArmFailures.Subject subject, final Mono<T> request) {
        final Duration timeLimit = deadline.remaining();
        if (timeLimit.compareTo(SHORTEST_CALL) < 0) {
            throw ArmFailures.translate(null, subject, true, specific);
        }
        try {
            return request.timeout(timeLimit).block();
        } catch (final RuntimeException e) {
            // A failure within the last moments is the deadline's, whatever the SDK made of it.
            final boolean outOfTime = deadline.remaining().compareTo(SHORTEST_CALL) < 0;
            final HandlerFailure failure = ArmFailures.translate(e, subject, outOfTime, specific);
            throw failure != null ? failure : e;
        }
    }

    /**
     * Follows a long-running operation until it ends or the time left, less {@code reserve}, runs out; whether it
     * ended. The first response is the answer to the request that starts it.
     */
    public <T> boolean follow(final ArmFailures.Subject subject, final PollerFlux<PollResult<T>, T> poller,
                              final Duration reserve) {
        final Duration window = deadline.remaining().minus(reserve);
        if (window.compareTo(SHORTEST_CALL) < 0) {
            return false;
        }
        final AsyncPollResponse<PollResult<T>, T> last = call(subject,
            poller.take(window).reduce((earlier, later) -> later));
        if (last == null) {
            return false;
        }
        if (LongRunningOperationStatus.FAILED.equals(last.getStatus())
            || LongRunningOperationStatus.USER_CANCELLED.equals(last.getStatus())) {
            throw ArmFailures.failedOperation(last.getValue() == null ? null : last.getValue().getError(), subject,
                specific);
        }
        return last.getStatus().isComplete();
    }

    /**
     * Azure's answer that the resource (or its resource group) does not exist, as absence; any other failure stands,
     * a subscription that cannot be used among them.
     */
    public static <T> Mono<Optional<T>> absentOn404(final Mono<Optional<T>> request) {
        return request.onErrorResume(ManagementException.class, e -> e.getResponse() != null
            && e.getResponse().getStatusCode() == 404 && (e.getValue() == null
                || !ArmFailures.SUBSCRIPTION_NOT_USABLE.contains(e.getValue().getCode()))
            ? Mono.just(Optional.empty()) : Mono.error(e));
    }
}
