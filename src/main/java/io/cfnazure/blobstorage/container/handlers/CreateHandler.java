package io.cfnazure.blobstorage.container.handlers;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.cfnazure.blobstorage.container.azure.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.model.ContainerNames;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;
import software.amazon.cloudformation.exceptions.CfnResourceConflictException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Creates the container with its access level, metadata and encryption scope in one request. Azure keeps a deleted
 * container's name blocked for a while (409 ContainerBeingDeleted, e.g. a stack deleted and deployed again), and may
 * fail transiently: the handler then returns IN_PROGRESS and is called again after a delay, until it succeeds or its
 * wait budget is spent. A repeated Create converges on the container its own request created.
 */
public class CreateHandler extends BaseHandlerStd {

    static final int RETRY_DELAY_SECONDS = 15;
    /** Shorter than the schema's create timeout (10 minutes), so the user gets a message, not a timeout. */
    static final Duration WAIT_BUDGET = Duration.ofMinutes(8);
    private static final Set<HandlerErrorCode> TRANSIENT = EnumSet.of(
        HandlerErrorCode.Throttling, HandlerErrorCode.ServiceInternalError, HandlerErrorCode.NetworkFailure);

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
            .then(progress -> retryingTransientFailures(invocation, progress,
                () -> createContainer(invocation, gateway, address, progress)))
            .then(progress -> retryingTransientFailures(invocation, progress, () -> readBack(gateway, address)));
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
                && Translator.createdByRequestValue(clientRequestToken).equals(e.getValue()));
    }

    /**
     * Runs a step; when Azure fails transiently (throttling, 5xx, network), asks to be called again instead of failing:
     * the container may already exist, and the next invocation recognises it as its own.
     */
    private ProgressEvent<ResourceModel, CallbackContext> retryingTransientFailures(
        final Invocation invocation, final ProgressEvent<ResourceModel, CallbackContext> progress,
        final Supplier<ProgressEvent<ResourceModel, CallbackContext>> step) {
        try {
            return step.get();
        } catch (final RuntimeException e) {
            final HandlerErrorCode code = ErrorTranslator.translate(e, invocation.failureContext()).code();
            if (!TRANSIENT.contains(code) || waitBudgetSpent(invocation)) {
                throw e;
            }
            return callAgainLater(invocation, progress, "Azure failed transiently (" + code + "); trying again");
        }
    }

    private ProgressEvent<ResourceModel, CallbackContext> waitForName(
        final Invocation invocation, final ContainerAddress address,
        final ProgressEvent<ResourceModel, CallbackContext> progress) {
        if (waitBudgetSpent(invocation)) {
            throw new CfnResourceConflictException(ResourceModel.TYPE_NAME, address.url(), String.format(
                "Azure still reports the container name '%s' as being deleted after %d minutes; choose another "
                    + "ContainerName or try again later.", address.containerName(), WAIT_BUDGET.toMinutes()));
        }
        return callAgainLater(invocation, progress,
            "Waiting for Azure to release the name of a recently deleted container");
    }

    private boolean waitBudgetSpent(final Invocation invocation) {
        final Long firstAttempt = invocation.callbackContext.getFirstAttemptEpochMillis();
        return firstAttempt == null || dependencies.clock().millis() - firstAttempt >= WAIT_BUDGET.toMillis();
    }

    private static ProgressEvent<ResourceModel, CallbackContext> callAgainLater(
        final Invocation invocation, final ProgressEvent<ResourceModel, CallbackContext> progress, final String reason) {
        final CallbackContext context = invocation.callbackContext;
        context.setRetries(context.getRetries() == null ? 1 : context.getRetries() + 1);
        invocation.log(String.format("%s: %s; calling back in %d s", progress.getResourceModel().getContainerUrl(),
            reason, RETRY_DELAY_SECONDS));
        return ProgressEvent.<ResourceModel, CallbackContext>builder()
            .status(OperationStatus.IN_PROGRESS)
            .resourceModel(progress.getResourceModel())
            .callbackContext(context)
            .callbackDelaySeconds(RETRY_DELAY_SECONDS)
            .message(reason)
            .build();
    }
}
