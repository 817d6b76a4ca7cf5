package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.signin.AzureTokens;
import io.cfnazure.blobstorage.container.azure.AzureAccess;
import io.cfnazure.blobstorage.container.azure.AzureClients;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.blobstorage.container.logging.LibraryLogs;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * The template every handler follows: run the action, and turn what fails into CloudFormation's answer. Failures
 * arrive translated from the edge where each service was called; a transient one in Create, Update or Delete asks
 * CloudFormation to call again (the actions resume idempotently), while Read and List fail with the retriable code.
 */
public abstract class BaseHandlerStd {

    /** How long CloudFormation waits before calling again, unless the service asked for longer (up to the cap). */
    static final int RETRY_DELAY_SECONDS = 15;
    private static final int LONGEST_RETRY_DELAY_SECONDS = 60;
    /** Shorter than the schema's timeouts (10 minutes), so the user gets a message, not a timeout. */
    static final Duration WAIT_BUDGET = Duration.ofMinutes(8);

    /** The clients and caches one warm handler process shares across invocations. */
    public record Dependencies(AzureClients azureClients, CallerSignIn signIn, Clock clock) {
        static final Dependencies SHARED = new Dependencies(new AzureClients(), CallerSignIn.shared(AzureClients.HTTP),
            Clock.systemUTC());
    }

    protected final Dependencies dependencies;

    protected BaseHandlerStd() {
        this(Dependencies.SHARED);
    }

    protected BaseHandlerStd(final Dependencies dependencies) {
        this.dependencies = dependencies;
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
            final int delay = (int) Math.min(LONGEST_RETRY_DELAY_SECONDS, Math.max(RETRY_DELAY_SECONDS,
                failure.retryAfter().map(Duration::toSeconds).orElse(0L)));
            return callAgainLater(invocation, progress, failure.getMessage(), delay);
        }
    }

    protected final boolean waitBudgetSpent(final Invocation invocation) {
        final Long firstAttempt = invocation.callbackContext().getFirstAttemptEpochMillis();
        return firstAttempt == null || dependencies.clock().millis() - firstAttempt >= WAIT_BUDGET.toMillis();
    }

    protected static ProgressEvent<ResourceModel, CallbackContext> callAgainLater(
        final Invocation invocation, final ResourceModel progress, final String reason, final int delaySeconds) {
        final CallbackContext context = invocation.callbackContext();
        context.setRetries(context.getRetries() == null ? 1 : context.getRetries() + 1);
        invocation.log(String.format("%s: %s; calling back in %d s", progress.getContainerUrl(), reason, delaySeconds));
        return ProgressEvent.<ResourceModel, CallbackContext>builder()
            .status(OperationStatus.IN_PROGRESS)
            .resourceModel(progress)
            .callbackContext(context)
            .callbackDelaySeconds(delaySeconds)
            .message(reason)
            .build();
    }

    /** Reads a container back into a SUCCESS event: the model as Azure has it, write-only properties left out. */
    protected static ProgressEvent<ResourceModel, CallbackContext> readBack(
        final StorageAccountGateway gateway, final ContainerAddress address) {
        return ProgressEvent.defaultSuccessHandler(
            Translator.fromProperties(address, gateway.properties(address.containerName())));
    }

    /**
     * The gateway of a storage account, signed in as the app the resource, its secret or the type configuration
     * names, with a client secret or an AWS web identity token ({@link CallerSignIn}). Secrets Manager and STS are
     * called with the caller's credentials; the Entra ID token is fetched once; all within the deadline.
     */
    protected final StorageAccountGateway connect(final Invocation invocation, final String storageAccountName,
                                                  final AzureCloud cloud) {
        final ResourceModel model = invocation.model();
        final AzureTokens.SignedIn signedIn = dependencies.signIn().signIn(AzureCredentials.builder()
                .tenantId(model.getAzureTenantId())
                .clientId(model.getAzureClientId())
                .clientSecretName(model.getAzureClientSecretName())
                .authentication(model.getAzureAuthentication())
                .webIdentityAudience(model.getAzureWebIdentityAudience())
                .build(),
            invocation.typeConfiguration() == null ? null : invocation.typeConfiguration().getAzureCredentials(),
            cloud, cloud.storageScope(storageAccountName), new CallerSignIn.Caller(invocation.proxy(),
                invocation.request().getAwsAccountId(), invocation.request().getRegion(), invocation.callerIdentity(),
                invocation.deadline()));
        return dependencies.azureClients().gateway(new AzureAccess(invocation.request().getAwsAccountId(), cloud,
            storageAccountName, signedIn.signIn().tenantId(), signedIn.signIn().clientId()), signedIn.token(),
            invocation.deadline());
    }
}
