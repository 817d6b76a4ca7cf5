package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway.BlobCount;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import software.amazon.cloudformation.exceptions.CfnResourceConflictException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Deletes the container. One that still holds blobs is kept unless AutoDeleteBlobs is true: nothing is lost by
 * default. (Azure deletes a container's blobs with it, so opting in needs no blob-by-blob work.) Called again after a
 * transient failure, a container already gone is the one this operation deleted.
 */
public class DeleteHandler extends BaseHandlerStd {

    /** One listing page: enough to say how many blobs a small container holds, cheap for a large one. */
    static final int BLOB_COUNT_LIMIT = 1000;

    public DeleteHandler() {
    }

    public DeleteHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceModel model = invocation.model();
        final ContainerAddress address = Translator.addressOf(model, invocation.typeConfiguration());
        final boolean autoDeleteBlobs = Boolean.TRUE.equals(model.getAutoDeleteBlobs());
        final CallbackContext context = invocation.callbackContext();
        final boolean resumed = Boolean.TRUE.equals(context.getDeleteRequested());

        return resumable(invocation, model.toBuilder().containerUrl(address.url()).build(), () -> {
            final StorageAccountGateway gateway = connect(invocation, address.accountName(), address.cloud());
            try {
                if (!autoDeleteBlobs) {
                    requireEmpty(gateway, address);
                }
                context.setDeleteRequested(true);
                gateway.delete(address.containerName());
                invocation.log("Deleted container " + address.url());
            } catch (final HandlerFailure failure) {
                if (!resumed || failure.getErrorCode() != HandlerErrorCode.NotFound) {
                    throw failure;
                }
                invocation.log("Container " + address.url() + " is gone: deleted by this operation's earlier call");
            }
            return ProgressEvent.<ResourceModel, CallbackContext>builder()
                .status(OperationStatus.SUCCESS)
                .build();
        });
    }

    private static void requireEmpty(final StorageAccountGateway gateway, final ContainerAddress address) {
        final BlobCount blobs = gateway.countBlobs(address.containerName(), BLOB_COUNT_LIMIT);
        if (!blobs.isEmpty()) {
            throw new CfnResourceConflictException(ResourceModel.TYPE_NAME, address.url(), String.format(
                "The container is not empty: it holds %s%d blobs (versions, snapshots and soft-deleted blobs counted), "
                    + "and nothing was deleted. Empty it first, or set AutoDeleteBlobs: true on the resource (update the "
                    + "stack) to delete it with its blobs.",
                blobs.more() ? "more than " : "", blobs.counted()));
        }
    }
}
