package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.arm.ManagementGateway;
import io.cfnazure.blobstorage.container.azure.ContainerGateway.CreateOutcome;
import io.cfnazure.blobstorage.container.azure.ContainerGateway;
import io.cfnazure.blobstorage.container.model.ContainerNames;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import io.cfnazure.cloudformation.HandlerFailure;
import java.util.Map;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;
import software.amazon.cloudformation.exceptions.CfnResourceConflictException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Creates the container with its access level, metadata and encryption scope in one request, through the account's
 * blob service or, with StorageAccountId, through Azure Resource Manager, which then also sets its version-level
 * immutability, retention policy and legal holds (the lock last). Azure keeps a deleted container's name blocked for
 * a while (409 ContainerBeingDeleted, e.g. a stack deleted and deployed again), and may fail transiently: the handler
 * then returns IN_PROGRESS and is called again after a delay, until it succeeds or its wait budget is spent. A
 * repeated Create converges on the container its own request created, and finishes what it left to do.
 */
public class CreateHandler extends BaseHandlerStd {

    public CreateHandler() {
    }

    public CreateHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceHandlerRequest<ResourceModel> request = invocation.request();
        final ResourceModel desired = invocation.model();
        if (desired == null) {
            throw new CfnInvalidRequestException("The request carries no resource model.");
        }
        if (desired.getContainerUrl() != null && invocation.callbackContext().getFirstAttemptEpochMillis() == null) {
            throw new CfnInvalidRequestException("ContainerUrl is read-only: leave it out of the template.");
        }
        final String name = desired.getContainerName() != null ? desired.getContainerName()
            : ContainerNames.generate(request.getStackId(), request.getLogicalResourceIdentifier(),
                request.getClientRequestToken());
        final ContainerAddress address = Translator.address(Translator.accountNameOf(desired), name,
            Translator.cloudOf(desired, invocation.typeConfiguration()));
        final Target target = new Target(address, Translator.accountIdOf(desired, address.accountName()));
        Translator.validateSettings(desired, target.managed());
        // IN_PROGRESS events carry the name and URL, so the next invocation uses the same ones.
        final ResourceModel model = desired.toBuilder().containerName(name).containerUrl(address.url()).build();

        return resumable(invocation, model, () -> {
            final ContainerGateway gateway = connect(invocation, target);
            if (gateway instanceof ManagementGateway management) {
                requireJurisdiction(management, target, desired);
                requireVersioningFor(management, target, desired);
            }
            final String token = request.getClientRequestToken();
            final CreateOutcome outcome = gateway.create(Translator.toNewContainer(name, model, token));
            if (outcome == CreateOutcome.NAME_BEING_RELEASED) {
                return waitForName(invocation, address, model);
            }
            if (outcome == CreateOutcome.NAME_TAKEN) {
                if (!createdBy(gateway, address, token)) {
                    throw HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("The container '%s' in "
                        + "storage account '%s' already exists. Choose another ContainerName, leave it out to get a "
                        + "generated one, or import the existing container into the stack.", name,
                        address.accountName()));
                }
                // CloudFormation invoked Create again for the same operation (a lost response): converge.
                invocation.log("Container " + address.url() + " was created by this request already");
            } else {
                invocation.log("Created container " + address.url());
            }
            if (gateway instanceof ManagementGateway management) {
                Immutability.plan(management.properties(name).protection(), desired, address)
                    .apply(management, address, invocation);
            }
            return readBack(gateway, target);
        });
    }

    private static boolean createdBy(final ContainerGateway gateway, final ContainerAddress address,
                                     final String clientRequestToken) {
        final Map<String, String> metadata = gateway.properties(address.containerName()).metadata();
        return clientRequestToken != null && metadata != null && metadata.entrySet().stream()
            .anyMatch(e -> Translator.CREATED_BY_REQUEST_KEY.equalsIgnoreCase(e.getKey())
                && Translator.createdByRequestValue(clientRequestToken).equals(e.getValue()));
    }

    /** Version-level immutability needs blob versioning on the account: said before Azure is asked. */
    private static void requireVersioningFor(final ManagementGateway gateway, final Target target,
                                             final ResourceModel desired) {
        if (Boolean.TRUE.equals(desired.getVersionLevelImmutability()) && !gateway.versioningEnabled()) {
            throw HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("VersionLevelImmutability needs "
                + "blob versioning on storage account '%s', which is off. Turn it on (an Azure::BlobStorage::Account's "
                + "BlobVersioning, or az storage account blob-service-properties update --enable-versioning true), "
                + "then create the container again. Nothing was created.", target.account().accountName()));
        }
    }

    private ProgressEvent<ResourceModel, CallbackContext> waitForName(
        final Invocation invocation, final ContainerAddress address, final ResourceModel progress) {
        if (waitBudgetSpent(invocation)) {
            throw new CfnResourceConflictException(ResourceModel.TYPE_NAME, address.url(), String.format(
                "Azure still reports the container name '%s' as being deleted after %d minutes; choose another "
                    + "ContainerName or try again later.", address.containerName(), WAIT_BUDGET.toMinutes()));
        }
        return callAgainLater(invocation, progress,
            "Waiting for Azure to release the name of a recently deleted container", null);
    }
}
