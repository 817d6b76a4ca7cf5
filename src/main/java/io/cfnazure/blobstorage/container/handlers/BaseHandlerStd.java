package io.cfnazure.blobstorage.container.handlers;

import com.azure.core.credential.AccessToken;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.AzureTokens;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.blobstorage.container.arm.ManagementGateway;
import io.cfnazure.blobstorage.container.azure.AzureAccess;
import io.cfnazure.blobstorage.container.azure.AzureClients;
import io.cfnazure.blobstorage.container.azure.AzureHttpClient;
import io.cfnazure.blobstorage.container.azure.ContainerGateway;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.blobstorage.container.jurisdiction.AccountLocations;
import io.cfnazure.blobstorage.container.logging.LibraryLogs;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import io.cfnazure.cloudformation.ActionHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

    /** How long CloudFormation waits before calling again, unless the service asked for longer (up to the cap). */
    static final int RETRY_DELAY_SECONDS = 15;
    private static final int LONGEST_RETRY_DELAY_SECONDS = 60;
    /** Shorter than the schema's timeouts (10 minutes), so the user gets a message, not a timeout. */
    static final Duration WAIT_BUDGET = Duration.ofMinutes(8);

    /** The clients and caches one warm handler process shares across invocations. */
    public record Dependencies(AzureClients azureClients, ArmClients armClients, CallerSignIn signIn, Clock clock) {
        static final Dependencies SHARED = new Dependencies(new AzureClients(), new ArmClients(),
            CallerSignIn.shared(AzureHttpClient.SHARED), Clock.systemUTC());
    }

    /**
     * The container a request is about, and the plane it is managed through: Azure Resource Manager when
     * {@code account} (its storage account's resource ID) is known, the account's blob service otherwise.
     */
    protected record Target(ContainerAddress address, AccountId account) {

        boolean managed() {
            return account != null;
        }
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
    protected static ProgressEvent<ResourceModel, CallbackContext> readBack(final ContainerGateway gateway,
                                                                           final Target target) {
        return ProgressEvent.defaultSuccessHandler(Translator.fromView(target.address(), target.account(),
            gateway.properties(target.address().containerName())));
    }

    /**
     * Where the model points. A model that names its storage account by StorageAccountName alone is managed through
     * the blob service; by StorageAccountId, through Azure Resource Manager. One that carries only the ContainerUrl
     * (Cloud Control API, drift detection, import) is looked for in the type configuration's SubscriptionId, if set:
     * found there, through Azure Resource Manager; otherwise through the blob service.
     */
    protected final Target targetOf(final Invocation invocation, final ContainerAddress address) {
        final ResourceModel model = invocation.model();
        final AccountId named = Translator.accountIdOf(model, address.accountName());
        final String subscription = invocation.typeConfiguration() == null ? null
            : invocation.typeConfiguration().getSubscriptionId();
        if (named != null || model.getStorageAccountName() != null || subscription == null) {
            return new Target(address, named);
        }
        final ManagementAccess access = managementAccess(invocation, address.cloud(), subscription);
        final Optional<AccountId> found = ManagementGateway.findAccount(dependencies.armClients()
                .management(access.clients(), access.token()), access.clients(), address.accountName(),
            invocation.deadline());
        invocation.log(found.map(id -> "Found " + id + " in Azure Resource Manager").orElse(String.format(
            "Storage account %s is not in subscription %s: using its blob service", address.accountName(),
            subscription)));
        return new Target(address, found.orElse(null));
    }

    /** The gateway of the target's plane. */
    protected final ContainerGateway connect(final Invocation invocation, final Target target) {
        return connect(invocation, target.address().accountName(), target.address().cloud(), target.account());
    }

    /**
     * The gateway of a storage account: through Azure Resource Manager, signed in for the management plane, when its
     * resource ID ({@code account}) is known; through its blob service otherwise.
     */
    protected final ContainerGateway connect(final Invocation invocation, final String storageAccountName,
                                             final AzureCloud cloud, final AccountId account) {
        if (account == null) {
            return connect(invocation, storageAccountName, cloud);
        }
        final ManagementAccess access = managementAccess(invocation, cloud, account.subscriptionId());
        return new ManagementGateway(dependencies.armClients().management(access.clients(), access.token()),
            access.clients(), account, invocation.deadline());
    }

    /** A subscription as the app sees it, and a token of Azure Resource Manager's scope. */
    private record ManagementAccess(ArmClients.Access clients, AccessToken token) {
    }

    private ManagementAccess managementAccess(final Invocation invocation, final AzureCloud cloud,
                                              final String subscriptionId) {
        final AzureTokens.SignedIn signedIn = signIn(invocation, cloud, cloud.managementScope());
        return new ManagementAccess(new ArmClients.Access(invocation.request().getAwsAccountId(), cloud,
            signedIn.signIn().tenantId(), signedIn.signIn().clientId(), subscriptionId), signedIn.token());
    }

    /**
     * Refuses, before anything is created or changed, a storage account whose data leaves the model's Jurisdiction
     * (Azure Resource Manager tells its locations).
     */
    protected static void requireJurisdiction(final ManagementGateway gateway, final Target target,
                                              final ResourceModel model) {
        if (model.getJurisdiction() == null) {
            return;
        }
        final StorageAccountInner account = gateway.account();
        AccountLocations.requireWithin(model.getJurisdiction(), target.account().accountName(),
            account.primaryLocation() != null ? account.primaryLocation() : account.location(),
            account.secondaryLocation());
    }

    /**
     * The blob service gateway of a storage account, signed in as the app the resource, its secret or the type
     * configuration names, with a client secret or an AWS web identity token ({@link CallerSignIn}). Secrets Manager
     * and STS are called with the caller's credentials; the Entra ID token is fetched once; all within the deadline.
     */
    protected final StorageAccountGateway connect(final Invocation invocation, final String storageAccountName,
                                                  final AzureCloud cloud) {
        final AzureTokens.SignedIn signedIn = signIn(invocation, cloud, cloud.storageScope(storageAccountName));
        return dependencies.azureClients().gateway(new AzureAccess(invocation.request().getAwsAccountId(), cloud,
            storageAccountName, signedIn.signIn().tenantId(), signedIn.signIn().clientId()), signedIn.token(),
            invocation.deadline());
    }

    /** A token of {@code scope}, as the app the resource, its secret or the type configuration names. */
    private AzureTokens.SignedIn signIn(final Invocation invocation, final AzureCloud cloud, final String scope) {
        final ResourceModel model = invocation.model();
        return dependencies.signIn().signIn(AzureCredentials.builder()
                .tenantId(model.getAzureTenantId())
                .clientId(model.getAzureClientId())
                .clientSecretName(model.getAzureClientSecretName())
                .authentication(model.getAzureAuthentication())
                .webIdentityAudience(model.getAzureWebIdentityAudience())
                .build(),
            invocation.typeConfiguration() == null ? null : invocation.typeConfiguration().getAzureCredentials(),
            cloud, scope, new CallerSignIn.Caller(invocation.proxy(), invocation.request().getAwsAccountId(),
                invocation.request().getRegion(), invocation.callerIdentity(), invocation.deadline()));
    }
}
