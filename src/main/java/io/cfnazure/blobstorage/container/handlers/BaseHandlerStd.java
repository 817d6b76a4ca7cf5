package io.cfnazure.blobstorage.container.handlers;

import com.azure.core.credential.AccessToken;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.ContainerAddress;
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
import io.cfnazure.blobstorage.container.jurisdiction.AccountLocations;
import io.cfnazure.blobstorage.container.logging.LibraryLogs;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import io.cfnazure.cloudformation.ActionHandler;
import io.cfnazure.cloudformation.HandlerTemplate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * The template every handler of this type follows ({@link HandlerTemplate}: run the action, turn what fails into
 * CloudFormation's answer, call back after a transient failure), with what this type's handlers share: the clients
 * of a warm process, signing in and connecting to Azure, reading back what Azure has.
 */
public abstract class BaseHandlerStd extends HandlerTemplate<ResourceModel, CallbackContext, Invocation>
    implements ActionHandler<ResourceModel, CallbackContext, Invocation> {

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
        super(dependencies.clock(), WAIT_BUDGET, ResourceModel::getContainerUrl);
        this.dependencies = dependencies;
    }

    /** Runs the action; the libraries' warnings meanwhile go to the invocation's log as well ({@link LibraryLogs}). */
    @Override
    public final ProgressEvent<ResourceModel, CallbackContext> handleRequest(final Invocation invocation) {
        return LibraryLogs.during(invocation.logger(), () -> answer(invocation));
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
