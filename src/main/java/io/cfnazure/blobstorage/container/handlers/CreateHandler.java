package io.cfnazure.blobstorage.container.handlers;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.cfnazure.blobstorage.container.azure.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.model.ContainerNames;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.time.Duration;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;
import software.amazon.cloudformation.exceptions.CfnResourceConflictException;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Creates the container with its access level, metadata and encryption scope in one request. Azure keeps a deleted
 * container's name blocked for a while (409 ContainerBeingDeleted, typical in a replacement): the handler then
 * returns IN_PROGRESS and tries again after a delay, until the name is free or its wait budget is spent.
 */
public class CreateHandler extends BaseHandlerStd {

    static final int RETRY_DELAY_SECONDS = 15;
    /** Shorter than the schema's create timeout (10 minutes), so the user gets this message, not a timeout. */
    static final Duration NAME_BLOCKED_BUDGET = Duration.ofMinutes(8);

    public CreateHandler() {
    }

    public CreateHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceHandlerRequest<ResourceModel> request = invocation.request;
        final ResourceModel desired = invocation.model();
        if (desired == null) {
            throw new CfnInvalidRequestException("The request carries no resource model.");
        }
        if (desired.getContainerUrl() != null && invocation.callbackContext.getFirstAttemptEpochMillis() == null) {
            throw new CfnInvalidRequestException("ContainerUrl is read-only: leave it out of the template.");
        }
        final String name = desired.getContainerName() != null ? desired.getContainerName()
            : ContainerNames.generate(request.getStackId(), request.getLogicalResourceIdentifier(),
                request.getClientRequestToken());
        final ContainerAddress address = new ContainerAddress(desired.getStorageAccountName(), name,
            Translator.cloudOf(desired, invocation.typeConfiguration));
        Translator.validateSettings(desired);
        // IN_PROGRESS events carry the name and URL, so the next invocation uses the same ones.
        final ResourceModel model = desired.toBuilder().containerName(name).containerUrl(address.url()).build();

        final StorageAccountGateway gateway = invocation.connect(address);
        return ProgressEvent.progress(model, invocation.callbackContext)
            .then(progress -> createContainer(invocation, gateway, address, progress))
            .then(progress -> readBack(gateway, address));
    }

    private ProgressEvent<ResourceModel, CallbackContext> createContainer(
        final Invocation invocation, final StorageAccountGateway gateway, final ContainerAddress address,
        final ProgressEvent<ResourceModel, CallbackContext> progress) {
        final CallbackContext context = invocation.callbackContext;
        final String token = invocation.request.getClientRequestToken();
        if (context.getFirstAttemptEpochMillis() == null) {
            context.setFirstAttemptEpochMillis(dependencies.clock().millis());
        }
        try {
            gateway.create(Translator.toNewContainer(address.containerName(), progress.getResourceModel(), token));
            invocation.log("Created container " + address.url());
            return progress;
        } catch (final BlobStorageException e) {
            if (BlobErrorCode.CONTAINER_ALREADY_EXISTS.equals(e.getErrorCode()) && createdBy(gateway, address, token)) {
                // CloudFormation invoked Create again for the same operation (a lost response): converge.
                invocation.log("Container " + address.url() + " was created by this request already");
                return progress;
            }
            if (BlobErrorCode.CONTAINER_BEING_DELETED.equals(e.getErrorCode())) {
                return waitForName(invocation, address, progress);
            }
            throw e;
        }
    }

    private static boolean createdBy(final StorageAccountGateway gateway, final ContainerAddress address,
                                     final String clientRequestToken) {
        return clientRequestToken != null && gateway.properties(address.containerName()).getMetadata().entrySet()
            .stream().anyMatch(e -> Translator.CREATED_BY_REQUEST_KEY.equalsIgnoreCase(e.getKey())
                && clientRequestToken.equals(e.getValue()));
    }

    private ProgressEvent<ResourceModel, CallbackContext> waitForName(
        final Invocation invocation, final ContainerAddress address,
        final ProgressEvent<ResourceModel, CallbackContext> progress) {
        final CallbackContext context = invocation.callbackContext;
        final long waitedMillis = dependencies.clock().millis() - context.getFirstAttemptEpochMillis();
        if (waitedMillis >= NAME_BLOCKED_BUDGET.toMillis()) {
            throw new CfnResourceConflictException(ResourceModel.TYPE_NAME, address.url(), String.format(
                "Azure still reports the container name '%s' as being deleted after %d minutes; choose another "
                    + "ContainerName or try again later.", address.containerName(), NAME_BLOCKED_BUDGET.toMinutes()));
        }
        context.setNameBlockedAttempts(context.getNameBlockedAttempts() == null ? 1 : context.getNameBlockedAttempts() + 1);
        invocation.log(String.format("Container name %s is still being deleted by Azure; trying again in %d s",
            address.containerName(), RETRY_DELAY_SECONDS));
        return ProgressEvent.<ResourceModel, CallbackContext>builder()
            .status(OperationStatus.IN_PROGRESS)
            .resourceModel(progress.getResourceModel())
            .callbackContext(context)
            .callbackDelaySeconds(RETRY_DELAY_SECONDS)
            .message("Waiting for Azure to release the name of a recently deleted container")
            .build();
    }
}
