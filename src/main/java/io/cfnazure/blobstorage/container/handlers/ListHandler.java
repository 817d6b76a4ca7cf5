package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.azure.AzureNamingRules;
import io.cfnazure.blobstorage.container.azure.ContainerGateway.ContainerPage;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.util.List;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Lists the containers of one storage account a page at a time; nextToken is Azure's continuation marker. With
 * StorageAccountId, through Azure Resource Manager, whose list leaves out metadata, retention policy and legal holds
 * (Read returns them).
 */
public class ListHandler extends BaseHandlerStd {

    /**
     * The largest page. Lambda's response may not exceed 6 MB; one container's model is at most about 17 KB of JSON
     * (8 KiB of metadata, doubled by escaping, plus names and URL), so 100 of them stay far below it, whatever the
     * metadata holds. Azure's own limit (5,000) is not: a few hundred containers with full metadata exceed 6 MB.
     */
    static final int MAX_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;

    public ListHandler() {
    }

    public ListHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceModel model = invocation.model();
        if (model == null || model.getStorageAccountName() == null && model.getStorageAccountId() == null) {
            throw new CfnInvalidRequestException("List needs StorageAccountName or StorageAccountId: the storage "
                + "account whose containers to list.");
        }
        final String account = AzureNamingRules.requireAccountName(Translator.accountNameOf(model));
        final AzureCloud cloud = Translator.cloudOf(model, invocation.typeConfiguration());
        final Integer maxResults = invocation.request().getMaxResults();
        final int pageSize = maxResults == null || maxResults <= 0 ? DEFAULT_PAGE_SIZE
            : Math.min(maxResults, MAX_PAGE_SIZE);
        final AccountId id = Translator.accountIdOf(model, account);

        final ContainerPage page = connect(invocation, account, cloud, id)
            .listContainers(invocation.request().getNextToken(), pageSize);
        final List<ResourceModel> models = page.containers().stream()
            // $root, $web and $logs are Azure's system containers: outside this type's names, not its resources.
            .filter(item -> ContainerAddress.isValidContainerName(item.name()))
            .map(item -> {
                final ContainerAddress address = new ContainerAddress(account, item.name(), cloud);
                return id != null ? Translator.fromManagementListing(address, id, item)
                    : Translator.fromView(address, null, item);
            })
            .toList();
        return ProgressEvent.<ResourceModel, CallbackContext>builder()
            .status(OperationStatus.SUCCESS)
            .resourceModels(models)
            .nextToken(page.nextMarker())
            .build();
    }
}
