package io.cfnazure.blobstorage.container.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmContainers.container;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.containerPath;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.error;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.rest.PagedIterable;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.cfnazure.blobstorage.container.arm.ArmContainers;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Delete with StorageAccountId: through Azure Resource Manager, which does not list blobs, so the blobs are counted
 * through the blob service (mocked at its client here). What keeps a container in Azure keeps it here, said first.
 */
class ManagementDeleteTest extends HandlerTestSupport {

    private ProgressEvent<ResourceModel, CallbackContext> delete(final ResourceModel model) {
        return new DeleteHandler(dependencies).handleRequest(invocation(request(model), null, null));
    }

    private void armHas(final ArmContainers.Container current) {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), json(200, current.json()));
        arm.on(HttpMethod.DELETE, containerPath(CONTAINER), json(200, ""));
    }

    private void blobServiceCounts(final int blobs) {
        final PagedIterable<BlobItem> page = onePage(Collections.nCopies(blobs, new BlobItem()), null);
        when(container.listBlobs(any(ListBlobsOptions.class), (Duration) any())).thenReturn(page);
    }

    private void blobServiceRefuses() {
        // What the blob service of an account with public network access disabled answers from outside.
        final BlobStorageException firewall = azureError(403, BlobErrorCode.AUTHORIZATION_FAILURE);
        when(container.listBlobs(any(ListBlobsOptions.class), (Duration) any())).thenThrow(firewall);
    }

    private boolean deleteSent() {
        return !arm.sent(HttpMethod.DELETE, containerPath(CONTAINER)).isEmpty();
    }

    @Test
    void anEmptyContainerIsDeletedThroughAzureResourceManager() {
        armHas(container(CONTAINER));
        blobServiceCounts(0);

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(managedModel().containerUrl(URL).build());

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(deleteSent()).isTrue();
    }

    @Test
    void aLegalHoldKeepsTheContainerWhateverAutoDeleteBlobsSays() {
        armHas(container(CONTAINER).legalHold("case2026"));

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(managedModel().containerUrl(URL)
            .autoDeleteBlobs(true).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains(URL, "legal holds [case2026]", "nothing was deleted",
            "Remove LegalHoldTags", "az storage container legal-hold clear");
        assertThat(deleteSent()).isFalse();
    }

    @Test
    void aLockedPolicyOverBlobsKeepsTheContainerWhateverAutoDeleteBlobsSays() {
        armHas(container(CONTAINER).policy(365, true, "e1"));
        blobServiceCounts(2);

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(managedModel().containerUrl(URL)
            .autoDeleteBlobs(true).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains("2 blobs", "locked time-based retention policy of 365 days",
            "whatever AutoDeleteBlobs says", "nothing was deleted");
        assertThat(deleteSent()).isFalse();
    }

    @Test
    void anEmptyContainerWithALockedPolicyIsDeleted() {
        armHas(container(CONTAINER).policy(365, true, "e1"));
        blobServiceCounts(0);

        assertThat(delete(managedModel().containerUrl(URL).build()).getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(deleteSent()).isTrue();
    }

    @Test
    void blobsKeepTheContainerWithoutAutoDeleteBlobsAsOnTheDataPlane() {
        armHas(container(CONTAINER));
        blobServiceCounts(3);

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(managedModel().containerUrl(URL).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains("not empty", "3 blobs", "AutoDeleteBlobs: true");
        assertThat(deleteSent()).isFalse();
    }

    @Test
    void aBlobServiceThatRefusesTheHandlerKeepsTheContainerUnlessAutoDeleteBlobsAllowsIt() {
        armHas(container(CONTAINER));
        blobServiceRefuses();

        final ProgressEvent<ResourceModel, CallbackContext> kept = delete(managedModel().containerUrl(URL).build());
        assertThat(deleteSent()).isFalse();
        final ProgressEvent<ResourceModel, CallbackContext> deleted = delete(managedModel().containerUrl(URL)
            .autoDeleteBlobs(true).build());

        assertThat(kept.getErrorCode()).isEqualTo(HandlerErrorCode.AccessDenied);
        assertThat(kept.getMessage()).contains("Azure Resource Manager does not list blobs", "AuthorizationFailure",
            "Nothing was deleted", "AutoDeleteBlobs: true", "network rules");
        assertThat(deleted.getStatus()).as(deleted.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(deleteSent()).isTrue();
    }

    @Test
    void aContainerGoneAfterThisOperationsOwnDeleteRequestIsDeleted() {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), error(404, "ContainerNotFound",
            "The specified container does not exist."));
        final CallbackContext resumed = CallbackContext.builder().deleteRequested(true)
            .firstAttemptEpochMillis(now.toEpochMilli()).build();

        final ProgressEvent<ResourceModel, CallbackContext> again = new DeleteHandler(dependencies).handleRequest(
            invocation(request(managedModel().containerUrl(URL).autoDeleteBlobs(true).build()), resumed, null));
        final ProgressEvent<ResourceModel, CallbackContext> never = delete(managedModel().containerUrl(URL)
            .autoDeleteBlobs(true).build());

        assertThat(again.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(never.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    }
}
