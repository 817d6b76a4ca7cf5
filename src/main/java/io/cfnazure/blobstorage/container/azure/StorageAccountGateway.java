package io.cfnazure.blobstorage.container.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerEncryptionScope;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobContainerItemProperties;
import com.azure.storage.blob.models.BlobContainerListDetails;
import com.azure.storage.blob.models.BlobContainerProperties;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.cloudformation.HandlerFailure;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The Blob service calls the handlers make on one storage account (the data plane), in the shapes the handlers need.
 * Each call gets what remains of the invocation's deadline as its time limit, and each failure leaves here already
 * translated into a {@link HandlerFailure}.
 */
public class StorageAccountGateway implements ContainerGateway {

    /** Below this, a call is not started: it could not finish. */
    private static final Duration SHORTEST_CALL = Duration.ofMillis(50);

    private final BlobServiceClient service;
    private final AzureAccess access;
    private final Deadline deadline;

    public StorageAccountGateway(final BlobServiceClient service, final AzureAccess access, final Deadline deadline) {
        this.service = service;
        this.access = access;
        this.deadline = deadline;
    }

    /** How many blobs a container holds, counted up to a limit. */
    public record BlobCount(int counted, boolean more) {
        public boolean isEmpty() {
            return counted == 0 && !more;
        }
    }

    @Override
    public CreateOutcome create(final NewContainer container) {
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
        return call(container.name(), timeout -> {
            try {
                client.createWithResponse(container.metadata(), container.publicAccess(), timeout, Context.NONE);
                return CreateOutcome.CREATED;
            } catch (final BlobStorageException e) {
                if (BlobErrorCode.CONTAINER_ALREADY_EXISTS.equals(e.getErrorCode())) {
                    return CreateOutcome.NAME_TAKEN;
                }
                if (BlobErrorCode.CONTAINER_BEING_DELETED.equals(e.getErrorCode())) {
                    return CreateOutcome.NAME_BEING_RELEASED;
                }
                throw e;
            }
        });
    }

    @Override
    public ContainerView properties(final String container) {
        final BlobContainerProperties properties = call(container, timeout -> service.getBlobContainerClient(container)
            .getPropertiesWithResponse(null, timeout, Context.NONE).getValue());
        return new ContainerView(container, properties.getBlobPublicAccess(), properties.getMetadata(),
            properties.getDefaultEncryptionScope(), properties.isEncryptionScopeOverridePrevented(), null);
    }

    /**
     * Changes the public access level only. Set Container ACL replaces the stored access policies too, so the current
     * ones are read and written back: nobody loses a policy to an access-level change.
     */
    @Override
    public void setPublicAccess(final String container, final PublicAccessType access) {
        final BlobContainerClient client = service.getBlobContainerClient(container);
        final var identifiers = call(container, timeout ->
            client.getAccessPolicyWithResponse(null, timeout, Context.NONE).getValue().getIdentifiers());
        call(container, timeout ->
            client.setAccessPolicyWithResponse(access, identifiers, null, timeout, Context.NONE));
    }

    @Override
    public void setMetadata(final String container, final Map<String, String> metadata) {
        call(container, timeout -> service.getBlobContainerClient(container)
            .setMetadataWithResponse(metadata, null, timeout, Context.NONE));
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
        return call(container, timeout -> {
            for (final PagedResponse<BlobItem> page : service.getBlobContainerClient(container)
                .listBlobs(options, timeout).iterableByPage(limit)) {
                if (!page.getValue().isEmpty() || page.getContinuationToken() == null) {
                    return new BlobCount(page.getValue().size(), page.getContinuationToken() != null);
                }
            }
            return new BlobCount(0, false);
        });
    }

    @Override
    public void delete(final String container) {
        call(container, timeout -> service.getBlobContainerClient(container)
            .deleteWithResponse(null, timeout, Context.NONE));
    }

    @Override
    public ContainerPage listContainers(final String marker, final int pageSize) {
        final ListBlobContainersOptions options = new ListBlobContainersOptions()
            .setMaxResultsPerPage(pageSize)
            .setDetails(new BlobContainerListDetails().setRetrieveMetadata(true));
        return call(null, timeout -> {
            final PagedResponse<BlobContainerItem> page = service.listBlobContainers(options, timeout)
                .iterableByPage(marker, pageSize).iterator().next();
            return new ContainerPage(page.getValue().stream().map(StorageAccountGateway::view).toList(),
                page.getContinuationToken());
        });
    }

    private static ContainerView view(final BlobContainerItem item) {
        final BlobContainerItemProperties properties = item.getProperties();
        return new ContainerView(item.getName(), properties.getPublicAccess(), item.getMetadata(),
            properties.getDefaultEncryptionScope(), properties.isEncryptionScopeOverridePrevented(), null);
    }

    /** Runs one Azure call with what remains of the deadline; every failure leaves translated. */
    private <T> T call(final String container, final Function<Duration, T> request) {
        final AzureStorageFailures.Subject subject = new AzureStorageFailures.Subject(
            access.storageAccountName(), container, access.tenantId(), access.clientId());
        final Duration timeLeft = deadline.remaining();
        if (timeLeft.compareTo(SHORTEST_CALL) < 0) {
            throw AzureStorageFailures.translate(null, subject, true);
        }
        try {
            return request.apply(timeLeft);
        } catch (final RuntimeException e) {
            // The SDK's own timeout fires as the deadline passes, as a bare RuntimeException, and may beat the clock
            // by a hair: a failure within the last moments is the deadline's.
            final boolean outOfTime = deadline.remaining().compareTo(SHORTEST_CALL) < 0;
            final HandlerFailure failure = AzureStorageFailures.translate(e, subject, outOfTime);
            throw failure != null ? failure : e;
        }
    }
}
