package io.cfnazure.blobstorage.container.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerEncryptionScope;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobContainerListDetails;
import com.azure.storage.blob.models.BlobContainerProperties;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.PublicAccessType;
import java.util.List;
import java.util.Map;

/** The Blob service calls the handlers make on one storage account, in the shapes the handlers need. */
public class StorageAccountGateway {

    private final BlobServiceClient service;

    public StorageAccountGateway(final BlobServiceClient service) {
        this.service = service;
    }

    /** Desired settings of a new container; null fields leave Azure's defaults. */
    public record NewContainer(
        String name, Map<String, String> metadata, PublicAccessType publicAccess, String defaultEncryptionScope,
        boolean denyEncryptionScopeOverride) {
    }

    /** One page of containers and the marker of the next page (null on the last). */
    public record ContainerPage(List<BlobContainerItem> containers, String nextMarker) {
    }

    /** How many blobs a container holds, counted up to a limit. */
    public record BlobCount(int counted, boolean more) {
        public boolean isEmpty() {
            return counted == 0 && !more;
        }
    }

    public void create(final NewContainer container) {
        final BlobContainerClient client = container.defaultEncryptionScope() == null
            ? service.getBlobContainerClient(container.name())
            // The default encryption scope is a property of the container client that creates the container.
            : new BlobContainerClientBuilder()
                .pipeline(service.getHttpPipeline())
                .endpoint(service.getAccountUrl())
                .containerName(container.name())
                .blobContainerEncryptionScope(new BlobContainerEncryptionScope()
                    .setDefaultEncryptionScope(container.defaultEncryptionScope())
                    .setEncryptionScopeOverridePrevented(container.denyEncryptionScopeOverride()))
                .buildClient();
        client.createWithResponse(container.metadata(), container.publicAccess(), null, Context.NONE);
    }

    public BlobContainerProperties properties(final String container) {
        return service.getBlobContainerClient(container).getProperties();
    }

    /**
     * Changes the public access level only. Set Container ACL replaces the stored access policies too, so the current
     * ones are read and written back: nobody loses a policy to an access-level change.
     */
    public void setPublicAccess(final String container, final PublicAccessType access) {
        final BlobContainerClient client = service.getBlobContainerClient(container);
        client.setAccessPolicy(access, client.getAccessPolicy().getIdentifiers());
    }

    public void setMetadata(final String container, final Map<String, String> metadata) {
        service.getBlobContainerClient(container).setMetadata(metadata);
    }

    /**
     * Counts what deleting the container would destroy: blobs with their versions, snapshots, soft-deleted blobs and
     * uncommitted blocks. Azure may answer a page with fewer items than asked, even none, and a marker; only a page
     * with items or the last page decides.
     */
    public BlobCount countBlobs(final String container, final int limit) {
        final ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(limit)
            .setDetails(new BlobListDetails().setRetrieveVersions(true).setRetrieveSnapshots(true)
                .setRetrieveDeletedBlobs(true).setRetrieveUncommittedBlobs(true));
        for (final PagedResponse<BlobItem> page : service.getBlobContainerClient(container)
            .listBlobs(options, null).iterableByPage(limit)) {
            if (!page.getValue().isEmpty() || page.getContinuationToken() == null) {
                return new BlobCount(page.getValue().size(), page.getContinuationToken() != null);
            }
        }
        return new BlobCount(0, false);
    }

    public void delete(final String container) {
        service.getBlobContainerClient(container).delete();
    }

    public ContainerPage listContainers(final String marker, final int pageSize) {
        final ListBlobContainersOptions options = new ListBlobContainersOptions()
            .setMaxResultsPerPage(pageSize)
            .setDetails(new BlobContainerListDetails().setRetrieveMetadata(true));
        final PagedResponse<BlobContainerItem> page = service.listBlobContainers(options, null)
            .iterableByPage(marker, pageSize).iterator().next();
        return new ContainerPage(page.getValue(), page.getContinuationToken());
    }
}
