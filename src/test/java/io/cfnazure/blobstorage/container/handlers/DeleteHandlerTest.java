package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.core.http.rest.PagedIterable;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class DeleteHandlerTest extends HandlerTestSupport {

    private ProgressEvent<ResourceModel, CallbackContext> delete(final ResourceModel model) {
        return new DeleteHandler(dependencies).handleRequest(invocation(request(model), null, null));
    }

    private void containerHolds(final int blobs, final boolean more) {
        final PagedIterable<BlobItem> page = onePage(Collections.nCopies(blobs, new BlobItem()), more ? "marker" : null);
        when(container.listBlobs(any(ListBlobsOptions.class), (Duration) any())).thenReturn(page);
    }

    @Test
    void aContainerWithBlobsIsKeptAndTheMessageSaysHowManyAndHowToOptIn() {
        containerHolds(3, false);

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(fullModel().containerUrl(URL).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains("not empty", "3 blobs", "nothing was deleted", "AutoDeleteBlobs: true");
        verify(container, never()).deleteWithResponse(any(), any(), any());
    }

    @Test
    void aLargeContainerIsCountedUpToOnePage() {
        containerHolds(DeleteHandler.BLOB_COUNT_LIMIT, true);

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(fullModel().containerUrl(URL).build());

        assertThat(event.getMessage()).contains("more than " + DeleteHandler.BLOB_COUNT_LIMIT + " blobs");
        verify(container, never()).deleteWithResponse(any(), any(), any());
    }

    @Test
    void anEmptyContainerIsDeletedAndNoModelIsReturned() {
        containerHolds(0, false);

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(fullModel().containerUrl(URL).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getResourceModel()).isNull();
        verify(container).deleteWithResponse(any(), any(), any());
    }

    @Test
    void autoDeleteBlobsDeletesTheContainerWithItsBlobs() {
        final ProgressEvent<ResourceModel, CallbackContext> event =
            delete(fullModel().containerUrl(URL).autoDeleteBlobs(true).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        verify(container).deleteWithResponse(any(), any(), any());
    }

    @Test
    void aContainerAlreadyGoneOrBeingDeletedIsNotFound() {
        for (final BlobErrorCode code : List.of(BlobErrorCode.CONTAINER_NOT_FOUND, BlobErrorCode.CONTAINER_BEING_DELETED)) {
            final BlobStorageException error = azureError(code == BlobErrorCode.CONTAINER_NOT_FOUND ? 404 : 409, code);
            doThrow(error).when(container).deleteWithResponse(any(), any(), any());

            final ProgressEvent<ResourceModel, CallbackContext> event =
                delete(fullModel().containerUrl(URL).autoDeleteBlobs(true).build());

            assertThat(event.getErrorCode()).as(code.toString()).isEqualTo(HandlerErrorCode.NotFound);
        }
    }

    @Test
    void anEmptyFirstPageWithAMarkerIsNotAnEmptyContainerAndVersionsCount() {
        @SuppressWarnings("unchecked")
        final com.azure.core.http.rest.PagedResponse<BlobItem> empty = org.mockito.Mockito.mock(
            com.azure.core.http.rest.PagedResponse.class);
        when(empty.getValue()).thenReturn(List.of());
        when(empty.getContinuationToken()).thenReturn("marker");
        @SuppressWarnings("unchecked")
        final com.azure.core.http.rest.PagedResponse<BlobItem> oneVersion = org.mockito.Mockito.mock(
            com.azure.core.http.rest.PagedResponse.class);
        when(oneVersion.getValue()).thenReturn(List.of(new BlobItem().setName("report.csv").setVersionId("v1")));
        @SuppressWarnings("unchecked")
        final PagedIterable<BlobItem> pages = org.mockito.Mockito.mock(PagedIterable.class);
        when(pages.iterableByPage(org.mockito.ArgumentMatchers.anyInt())).thenReturn(List.of(empty, oneVersion));
        final org.mockito.ArgumentCaptor<ListBlobsOptions> options = org.mockito.ArgumentCaptor.forClass(
            ListBlobsOptions.class);
        when(container.listBlobs(options.capture(), (Duration) any())).thenReturn(pages);

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(fullModel().containerUrl(URL).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains("1 blobs");
        verify(container, never()).deleteWithResponse(any(), any(), any());
        assertThat(options.getValue().getDetails().getRetrieveVersions()).isTrue();
        assertThat(options.getValue().getDetails().getRetrieveDeletedBlobs()).isTrue();
        assertThat(options.getValue().getDetails().getRetrieveSnapshots()).isTrue();
    }
}
