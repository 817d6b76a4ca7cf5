package io.cfnazure.blobstorage.account.handlers;

import com.azure.resourcemanager.storage.models.Kind;
import io.cfnazure.blobstorage.account.arm.ArmGateway.AccountPage;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.Translator;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.arm.AccountId;
import java.util.List;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Lists the StorageV2 accounts of a subscription, or of one of its resource groups, a page of Azure's at a time;
 * nextToken is Azure's link to the next page. Each model has the account's own properties; the blob service's
 * (versioning, change feed, soft delete) would cost a request per account, and Read returns them.
 */
public class ListHandler extends BaseHandlerStd {

    public ListHandler() {
    }

    public ListHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceModel model = invocation.model();
        if (model == null || model.getSubscriptionId() == null) {
            throw new CfnInvalidRequestException("List needs SubscriptionId: the subscription whose storage accounts "
                + "to list (and ResourceGroupName to list one resource group's).");
        }
        final AzureCloud cloud = Translator.cloudOf(model, invocation.typeConfiguration());
        final AccountPage page = connect(invocation, model.getSubscriptionId(), cloud)
            .accounts(model.getResourceGroupName(), invocation.request().getNextToken());
        final List<ResourceModel> models = page.accounts().stream()
            .filter(account -> Kind.STORAGE_V2.equals(account.kind()))
            .map(account -> Translator.fromAccount(AccountId.parse("Id", account.id()), cloud, account, null))
            .toList();
        return ProgressEvent.<ResourceModel, CallbackContext>builder()
            .status(OperationStatus.SUCCESS)
            .resourceModels(models)
            .nextToken(page.nextToken())
            .build();
    }
}
