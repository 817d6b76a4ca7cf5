package io.cfnazure.cloudformation;

import io.cfnazure.access.calls.Causes;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * The template every handler of both types follows (each type's BaseHandlerStd extends it): run the action, and turn
 * what fails into CloudFormation's answer. Failures arrive translated from the edge where each service was called; a
 * transient one in Create, Update or Delete asks CloudFormation to call again (the actions resume idempotently), while
 * Read and List fail with the retriable code.
 *
 * @param <M> the type's resource model
 * @param <C> the type's callback context
 * @param <I> the type's Invocation
 */
public abstract class HandlerTemplate<M, C extends ResumableContext, I extends HandlerInvocation<C>> {

    /** How long CloudFormation waits before calling again, unless the service asked for longer (up to the cap). */
    public static final int RETRY_DELAY_SECONDS = 15;
    private static final int LONGEST_RETRY_DELAY_SECONDS = 60;

    private final Clock clock;
    private final Duration waitBudget;
    private final Function<M, String> progressName;

    /**
     * @param waitBudget   how long an operation may keep asking to be called again: shorter than the schema's timeouts,
     *                     so the user gets a message, not a timeout
     * @param progressName what names the resource in the log line of a call back
     */
    protected HandlerTemplate(final Clock clock, final Duration waitBudget, final Function<M, String> progressName) {
        this.clock = clock;
        this.waitBudget = waitBudget;
        this.progressName = progressName;
    }

    protected abstract ProgressEvent<M, C> handle(I invocation);

    /** Runs the action and answers CloudFormation, whatever it threw. */
    protected final ProgressEvent<M, C> answer(final I invocation) {
        try {
            return handle(invocation);
        } catch (final BaseHandlerException e) {
            invocation.log(String.format("%s failed with %s: %s", getClass().getSimpleName(), e.getErrorCode(),
                e.getMessage()));
            if (e.getErrorCode() == HandlerErrorCode.InternalFailure && e.getCause() != null) {
                invocation.log("Cause: " + Causes.describe(e.getCause()));
            }
            return ProgressEvent.failed(null, null, e.getErrorCode(), e.getMessage());
        } catch (final RuntimeException e) {
            invocation.log(String.format("%s failed unexpectedly: %s", getClass().getSimpleName(), Causes.describe(e)));
            return ProgressEvent.failed(null, null, HandlerErrorCode.InternalFailure, String.format(
                "Unexpected %s; the handler's log has details. Please report it.",
                Causes.root(e).getClass().getSimpleName()));
        }
    }

    /**
     * Runs the steps of a Create, Update or Delete. When they fail transiently (throttling, an outage, no answer in
     * the time left) and the operation's wait budget allows, the invocation answers IN_PROGRESS with {@code progress}
     * and its callback context, and CloudFormation calls again after a delay.
     */
    protected final ProgressEvent<M, C> resumable(final I invocation, final M progress,
                                                  final Supplier<ProgressEvent<M, C>> steps) {
        final C context = invocation.callbackContext();
        if (context.getFirstAttemptEpochMillis() == null) {
            context.setFirstAttemptEpochMillis(clock.millis());
        }
        try {
            return steps.get();
        } catch (final HandlerFailure failure) {
            if (!failure.isTransient() || waitBudgetSpent(invocation)) {
                throw failure;
            }
            return callAgainLater(invocation, progress, failure.getMessage(), failure.retryAfter().orElse(null));
        }
    }

    protected final boolean waitBudgetSpent(final I invocation) {
        final Long firstAttempt = invocation.callbackContext().getFirstAttemptEpochMillis();
        return firstAttempt == null || clock.millis() - firstAttempt >= waitBudget.toMillis();
    }

    /** IN_PROGRESS with the progress so far; called again after the service's Retry-After, within bounds. */
    protected final ProgressEvent<M, C> callAgainLater(final I invocation, final M progress, final String reason,
                                                       final Duration retryAfter) {
        final C context = invocation.callbackContext();
        context.setRetries(context.getRetries() == null ? 1 : context.getRetries() + 1);
        final int delaySeconds = (int) Math.min(LONGEST_RETRY_DELAY_SECONDS,
            Math.max(RETRY_DELAY_SECONDS, retryAfter == null ? 0 : retryAfter.toSeconds()));
        invocation.log(String.format("%s: %s; calling back in %d s", progressName.apply(progress), reason,
            delaySeconds));
        return ProgressEvent.<M, C>builder()
            .status(OperationStatus.IN_PROGRESS)
            .resourceModel(progress)
            .callbackContext(context)
            .callbackDelaySeconds(delaySeconds)
            .message(reason)
            .build();
    }
}
