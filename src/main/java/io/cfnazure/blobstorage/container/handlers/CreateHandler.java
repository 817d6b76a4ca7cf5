package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway.CreateOutcome;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.blobstorage.container.model.ContainerNames;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;
import software.amazon.cloudformation.exceptions.CfnResourceConflictException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Creates the container with its access level, metadata and encryption scope in one request. Azure keeps a deleted
 * container's name blocked for a while (409 ContainerBeingDeleted, e.g. a stack deleted and deployed again), and may
 * fail transiently: the handler then returns IN_PROGRESS and is called again after a delay, until it succeeds or its
 * wait budget is spent. A repeated Create converges on the container its own request created.
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
        final ContainerAddress address = Translator.address(desired.getStorageAccountName(), name,
            Translator.cloudOf(desired, invocation.typeConfiguration()));
        Translator.validateSettings(desired);
        // IN_PROGRESS events carry the name and URL, so the next invocation uses the same ones.
        final ResourceModel model = desired.toBuilder().containerName(name).containerUrl(address.url()).build();

        return resumable(invocation, model, () -> {
            final StorageAccountGateway gateway = connect(invocation, address.accountName(), address.cloud());
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
            return readBack(gateway, address);
        });
    }

    private static boolean createdBy(final StorageAccountGateway gateway, final ContainerAddress address,
                                     final String clientRequestToken) {
        return clientRequestToken != null && gateway.properties(address.containerName()).getMetadata().entrySet()
            .stream().anyMatch(e -> Translator.CREATED_BY_REQUEST_KEY.equalsIgnoreCase(e.getKey())
                && Translator.createdByRequestValue(clientRequestToken).equals(e.getValue()));
    }

    private ProgressEvent<ResourceModel, CallbackContext> waitForName(
        final Invocation invocation, final ContainerAddress address, final ResourceModel progress) {
        if (waitBudgetSpent(invocation)) {
            throw new CfnResourceConflictException(ResourceModel.TYPE_NAME, address.url(), String.format(
                "Azure still reports the container name '%s' as being deleted after %d minutes; choose another "
                    + "ContainerName or try again later.", address.containerName(), WAIT_BUDGET.toMinutes()));
        }
        return callAgainLater(invocation, progress,
            "Waiting for Azure to release the name of a recently deleted container", RETRY_DELAY_SECONDS);
    }
}
