package io.cfnazure.blobstorage.account.handlers;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.blobstorage.account.arm.ArmGateway;
import io.cfnazure.blobstorage.account.arm.ManagementSignIn;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.Translator;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.blobstorage.container.logging.LibraryLogs;
import io.cfnazure.cloudformation.ActionHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * The template every handler follows: run the action, and turn what fails into CloudFormation's answer. Failures
 * arrive translated from the edge where each service was called; a transient one in Create, Update or Delete asks
 * CloudFormation to call again (the actions resume idempotently), while Read and List fail with the retriable code.
 */
public abstract class BaseHandlerStd
    implements ActionHandler<ResourceModel, CallbackContext, TypeConfigurationModel> {

    /** How long CloudFormation waits before calling again, unless Azure asked for longer (up to the cap). */
    static final int RETRY_DELAY_SECONDS = 15;
    private static final int LONGEST_RETRY_DELAY_SECONDS = 60;
    /** Shorter than the schema's timeouts (30 minutes), so the user gets a message, not a timeout. */
    static final Duration WAIT_BUDGET = Duration.ofMinutes(25);
    /** Kept back from following a long-running operation, for the calls that come after it in the invocation. */
    static final Duration AFTER_LONG_OPERATION = Duration.ofSeconds(8);

    /** The clients and caches one warm handler process shares across invocations. */
    public record Dependencies(ArmClients armClients, ManagementSignIn signIn, Clock clock) {
        static final Dependencies SHARED = new Dependencies(new ArmClients(), ManagementSignIn.shared(),
            Clock.systemUTC());
    }

    protected final Dependencies dependencies;

    protected BaseHandlerStd() {
        this(Dependencies.SHARED);
    }

    protected BaseHandlerStd(final Dependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public final ProgressEvent<ResourceModel, CallbackContext> handleRequest(
        final AmazonWebServicesClientProxy proxy, final ResourceHandlerRequest<ResourceModel> request,
        final CallbackContext callbackContext, final Logger logger, final TypeConfigurationModel typeConfiguration,
        final Deadline deadline, final String callerIdentity) {
        return handleRequest(new Invocation(proxy, request, callbackContext, logger, typeConfiguration, deadline,
            callerIdentity));
    }

    /** Runs the action; the libraries' warnings meanwhile go to the invocation's log as well ({@link LibraryLogs}). */
    public final ProgressEvent<ResourceModel, CallbackContext> handleRequest(final Invocation invocation) {
        return LibraryLogs.during(invocation.logger(), () -> handleAndAnswer(invocation));
    }

    private ProgressEvent<ResourceModel, CallbackContext> handleAndAnswer(final Invocation invocation) {
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

    protected abstract ProgressEvent<ResourceModel, CallbackContext> handle(Invocation invocation);

    /**
     * Runs the steps of a Create, Update or Delete. When they fail transiently (throttling, an outage, no answer in
     * the time left) and the operation's wait budget allows, the invocation answers IN_PROGRESS with {@code progress}
     * and its callback context, and CloudFormation calls again after a delay.
     */
    protected final ProgressEvent<ResourceModel, CallbackContext> resumable(
        final Invocation invocation, final ResourceModel progress,
        final Supplier<ProgressEvent<ResourceModel, CallbackContext>> steps) {
        final CallbackContext context = invocation.callbackContext();
        if (context.getFirstAttemptEpochMillis() == null) {
            context.setFirstAttemptEpochMillis(dependencies.clock().millis());
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

    protected final boolean waitBudgetSpent(final Invocation invocation) {
        final Long firstAttempt = invocation.callbackContext().getFirstAttemptEpochMillis();
        return firstAttempt == null || dependencies.clock().millis() - firstAttempt >= WAIT_BUDGET.toMillis();
    }

    /** IN_PROGRESS with the progress so far; called again after Azure's Retry-After, within bounds. */
    protected static ProgressEvent<ResourceModel, CallbackContext> callAgainLater(
        final Invocation invocation, final ResourceModel progress, final String reason, final Duration retryAfter) {
        final CallbackContext context = invocation.callbackContext();
        context.setRetries(context.getRetries() == null ? 1 : context.getRetries() + 1);
        final int delaySeconds = (int) Math.min(LONGEST_RETRY_DELAY_SECONDS,
            Math.max(RETRY_DELAY_SECONDS, retryAfter == null ? 0 : retryAfter.toSeconds()));
        invocation.log(String.format("%s: %s; calling back in %d s", progress.getId(), reason, delaySeconds));
        return ProgressEvent.<ResourceModel, CallbackContext>builder()
            .status(OperationStatus.IN_PROGRESS)
            .resourceModel(progress)
            .callbackContext(context)
            .callbackDelaySeconds(delaySeconds)
            .message(reason)
            .build();
    }

    /** Reads an account back into a SUCCESS event: the model as Azure has it, write-only properties left out. */
    protected static ProgressEvent<ResourceModel, CallbackContext> readBack(final ArmGateway gateway,
                                                                           final AccountId id, final AzureCloud cloud) {
        return ProgressEvent.defaultSuccessHandler(Translator.fromAccount(id, cloud,
            gateway.account(id).orElseThrow(() -> notFound(id)), gateway.blobService(id)));
    }

    protected static HandlerFailure notFound(final AccountId id) {
        return HandlerFailure.of(HandlerErrorCode.NotFound, String.format("Storage account '%s' does not exist in "
            + "resource group '%s' of subscription %s.", id.accountName(), id.resourceGroup(), id.subscriptionId()));
    }

    /**
     * The gateway of a subscription, signed in as the app the resource, its secret or the type configuration names
     * ({@link ManagementSignIn}), with the token fetched once and every call within the deadline.
     */
    protected final ArmGateway connect(final Invocation invocation, final String subscriptionId,
                                       final AzureCloud cloud) {
        final String awsAccountId = invocation.request().getAwsAccountId();
        final ManagementSignIn.SignedIn signedIn = dependencies.signIn().signIn(
            Translator.credentialsOf(invocation.model()),
            invocation.typeConfiguration() == null ? null : invocation.typeConfiguration().getAzureCredentials(),
            cloud, new CallerSignIn.Caller(invocation.proxy(), awsAccountId, invocation.request().getRegion(),
                invocation.callerIdentity(), invocation.deadline()));
        final ArmClients.Access access = new ArmClients.Access(awsAccountId, cloud, signedIn.tenantId(),
            signedIn.clientId(), subscriptionId);
        return new ArmGateway(dependencies.armClients().management(access, signedIn.token()), access,
            invocation.deadline());
    }
}
