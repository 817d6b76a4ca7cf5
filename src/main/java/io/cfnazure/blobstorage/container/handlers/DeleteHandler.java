package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.arm.ManagementGateway;
import io.cfnazure.blobstorage.container.azure.ContainerGateway;
import io.cfnazure.blobstorage.container.azure.ContainerView.Protection;
import io.cfnazure.blobstorage.container.azure.ContainerView.RetentionPolicy;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway.BlobCount;
import io.cfnazure.cloudformation.HandlerFailure;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import software.amazon.cloudformation.exceptions.CfnResourceConflictException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Deletes the container. One that still holds blobs is kept unless AutoDeleteBlobs is true: nothing is lost by
 * default. (Azure deletes a container's blobs with it, so opting in needs no blob-by-blob work.) Through Azure
 * Resource Manager, which does not list blobs, the blobs are counted through the account's blob service; a legal
 * hold, or a locked retention policy over blobs, keeps the container whatever AutoDeleteBlobs says, as Azure does.
 * Called again after a transient failure, a container already gone is the one this operation deleted.
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
            final Target target = targetOf(invocation, address);
            final ContainerGateway gateway = connect(invocation, target);
            try {
                if (gateway instanceof ManagementGateway management) {
                    requireDeletable(invocation, management, address, autoDeleteBlobs);
                } else if (!autoDeleteBlobs) {
                    requireEmpty(address, ((StorageAccountGateway) gateway)
                        .countBlobs(address.containerName(), BLOB_COUNT_LIMIT));
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

    private static void requireEmpty(final ContainerAddress address, final BlobCount blobs) {
        if (!blobs.isEmpty()) {
            throw new CfnResourceConflictException(ResourceModel.TYPE_NAME, address.url(), String.format(
                "The container is not empty: it holds %s, and nothing was deleted. Empty it first, or set "
                    + "AutoDeleteBlobs: true on the resource (update the stack) to delete it with its blobs.",
                described(blobs)));
        }
    }

    /**
     * What Azure would refuse, said before it is asked: a legal hold; a locked retention policy over blobs. Without
     * AutoDeleteBlobs, blobs keep the container too; Azure Resource Manager does not list them, so they are counted
     * through the account's blob service.
     */
    private void requireDeletable(final Invocation invocation, final ManagementGateway gateway,
                                  final ContainerAddress address, final boolean autoDeleteBlobs) {
        final Protection protection = gateway.properties(address.containerName()).protection();
        if (!protection.legalHoldTags().isEmpty()) {
            throw HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("%s is under legal holds %s, and "
                + "Azure keeps it and its blobs until every hold is cleared: nothing was deleted. %s", address.url(),
                protection.legalHoldTags(), Protection.CLEARING_LEGAL_HOLDS));
        }
        final RetentionPolicy policy = protection.retentionPolicy();
        final boolean lockedPolicy = policy != null && policy.locked();
        if (autoDeleteBlobs && !lockedPolicy) {
            return;
        }
        final BlobCount blobs = countThroughBlobService(invocation, address, autoDeleteBlobs);
        if (blobs == null || blobs.isEmpty()) {
            return;
        }
        if (lockedPolicy) {
            throw HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("%s holds %s under a locked "
                + "time-based retention policy of %d days, and Azure keeps a container with a locked policy while it "
                + "holds blobs, whatever AutoDeleteBlobs says: nothing was deleted. Delete the blobs once their "
                + "retention has passed, then the container.", address.url(), described(blobs), policy.days()));
        }
        requireEmpty(address, blobs);
    }

    /** The container's blobs, through the blob service; null when it refuses the handler and AutoDeleteBlobs is set. */
    private BlobCount countThroughBlobService(final Invocation invocation, final ContainerAddress address,
                                              final boolean autoDeleteBlobs) {
        try {
            return connect(invocation, address.accountName(), address.cloud())
                .countBlobs(address.containerName(), BLOB_COUNT_LIMIT);
        } catch (final HandlerFailure refused) {
            if (refused.getErrorCode() != HandlerErrorCode.AccessDenied) {
                throw refused;
            }
            if (autoDeleteBlobs) {
                invocation.log("The blob service refused to count the blobs of " + address.url()
                    + "; deleting it with whatever it holds, as AutoDeleteBlobs allows");
                return null;
            }
            throw HandlerFailure.of(HandlerErrorCode.AccessDenied, String.format("Deleting %s needs to know whether "
                + "it holds blobs, and Azure Resource Manager does not list blobs; the account's blob service refused "
                + "the handler: %s Nothing was deleted. Set AutoDeleteBlobs: true on the resource (update the stack) "
                + "to delete the container with whatever it holds, or let the handler reach the blob service (the "
                + "account's network rules, and a data role such as Storage Blob Data Reader).", address.url(),
                refused.getMessage()), refused.getCause());
        }
    }

    private static String described(final BlobCount blobs) {
        return String.format("%s%d blobs (versions, snapshots and soft-deleted blobs counted)",
            blobs.more() ? "more than " : "", blobs.counted());
    }
}
