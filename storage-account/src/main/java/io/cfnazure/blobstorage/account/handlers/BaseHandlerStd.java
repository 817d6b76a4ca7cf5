package io.cfnazure.blobstorage.account.handlers;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.account.arm.ArmGateway;
import io.cfnazure.blobstorage.account.arm.ManagementSignIn;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.Translator;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import io.cfnazure.blobstorage.container.logging.LibraryLogs;
import io.cfnazure.cloudformation.ActionHandler;
import io.cfnazure.cloudformation.HandlerTemplate;
import io.cfnazure.cloudformation.HandlerFailure;
import java.time.Clock;
import java.time.Duration;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * The template every handler of this type follows ({@link HandlerTemplate}: run the action, turn what fails into
 * CloudFormation's answer, call back after a transient failure), with what this type's handlers share: the clients
 * of a warm process, signing in and connecting to Azure, reading back what Azure has.
 */
public abstract class BaseHandlerStd extends HandlerTemplate<ResourceModel, CallbackContext, Invocation>
    implements ActionHandler<ResourceModel, CallbackContext, Invocation> {

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
        super(dependencies.clock(), WAIT_BUDGET, ResourceModel::getId);
        this.dependencies = dependencies;
    }

    /** Runs the action; the libraries' warnings meanwhile go to the invocation's log as well ({@link LibraryLogs}). */
    @Override
    public final ProgressEvent<ResourceModel, CallbackContext> handleRequest(final Invocation invocation) {
        return LibraryLogs.during(invocation.logger(), () -> answer(invocation));
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
