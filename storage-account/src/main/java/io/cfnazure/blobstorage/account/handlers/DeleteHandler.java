package io.cfnazure.blobstorage.account.handlers;

import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.storage.fluent.models.ImmutabilityPolicyInner;
import com.azure.resourcemanager.storage.fluent.models.ListContainerItemInner;
import com.azure.resourcemanager.storage.models.ImmutabilityPolicyState;
import io.cfnazure.blobstorage.account.arm.ArmGateway;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.Translator;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.cloudformation.HandlerFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Deletes the account, then the resource group Create made for it if nothing else is left in it. An account that
 * holds containers is kept unless AutoDeleteBlobs is true: nothing is lost by default. Azure Resource Manager lists
 * containers, not blobs, so any container counts. A container under a legal hold or a locked retention policy keeps the
 * account either way (Azure would refuse), and the failure names it. Called again after a transient failure, an
 * account already gone is the one this operation deleted.
 */
public class DeleteHandler extends BaseHandlerStd {

    /** Enough containers to name the ones that keep the account, in one or a few pages. */
    static final int CONTAINER_LIMIT = 1000;
    /** How many containers a message names. */
    private static final int NAMED = 5;

    public DeleteHandler() {
    }

    public DeleteHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceModel model = invocation.model();
        final AccountId id = Translator.idOf(model);
        final AzureCloud cloud = Translator.cloudOf(model, invocation.typeConfiguration());
        final CallbackContext context = invocation.callbackContext();
        final ResourceModel progress = model.toBuilder().id(id.value()).build();

        return resumable(invocation, progress, () -> {
            final ArmGateway gateway = connect(invocation, id.subscriptionId(), cloud);
            if (gateway.account(id).isPresent()) {
                requireDeletable(gateway, id, Boolean.TRUE.equals(model.getAutoDeleteBlobs()));
                context.setAccountDeleteRequested(true);
                gateway.deleteAccount(id);
                invocation.log("Deleted storage account " + id);
            } else if (Boolean.TRUE.equals(context.getAccountDeleteRequested())) {
                invocation.log("Storage account " + id + " is gone: deleted by this operation's earlier call");
            } else {
                throw notFound(id);
            }
            try {
                return removeResourceGroupMadeFor(invocation, gateway, id, progress);
            } catch (final HandlerFailure failure) {
                throw failure.isTransient() ? failure : groupLeftBehind(id, failure);
            }
        });
    }

    /**
     * The account is gone, the group made for it is not. Said as what it is, with the cleanup's own code; a NotFound
     * would tell CloudFormation that the account had not been there.
     */
    private static HandlerFailure groupLeftBehind(final AccountId id, final HandlerFailure failure) {
        return HandlerFailure.of(failure.getErrorCode() == HandlerErrorCode.NotFound
                ? HandlerErrorCode.GeneralServiceException : failure.getErrorCode(),
            String.format("Storage account '%s' is deleted, but resource group '%s', made for it, is not: %s Delete "
                + "the group once it is empty (az group delete --name %s --subscription %s).", id.accountName(),
                id.resourceGroup(), failure.getMessage(), id.resourceGroup(), id.subscriptionId()), failure.getCause());
    }

    private static void requireDeletable(final ArmGateway gateway, final AccountId id, final boolean autoDeleteBlobs) {
        final List<ListContainerItemInner> containers = gateway.containers(id, CONTAINER_LIMIT);
        final List<String> protectedOnes = new ArrayList<>();
        for (final ListContainerItemInner container : containers) {
            if (Boolean.TRUE.equals(container.hasLegalHold())) {
                protectedOnes.add(String.format("'%s' is under a legal hold", container.name()));
            }
            final RetentionPolicy policy = policyOf(gateway, id, container);
            if (policy != null && ImmutabilityPolicyState.LOCKED.equals(policy.state())) {
                protectedOnes.add(String.format("'%s' has a locked time-based retention policy of %s days",
                    container.name(), policy.days()));
            }
        }
        if (!protectedOnes.isEmpty()) {
            throw HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("Storage account '%s' cannot be "
                + "deleted: container %s. Azure keeps protected blobs, and the account with them, until every legal "
                + "hold is cleared and every retention period has passed; nothing was deleted.", id.accountName(),
                named(protectedOnes)));
        }
        if (!autoDeleteBlobs && !containers.isEmpty()) {
            throw HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("Storage account '%s' holds %s%d "
                + "containers (%s), and nothing was deleted. Delete them first, or set AutoDeleteBlobs: true on the "
                + "resource (update the stack) to delete the account with every blob in it. Azure Resource Manager "
                + "does not list blobs, so an empty container counts too.", id.accountName(),
                containers.size() == CONTAINER_LIMIT ? "at least " : "", containers.size(),
                named(containers.stream().map(ListContainerItemInner::name).toList())));
        }
    }

    /**
     * The container's retention policy, if it has one. Azure's list of containers says that a container has one
     * (Microsoft's example of the list shows hasImmutabilityPolicy alone), not always which: the policy is then read.
     */
    private static RetentionPolicy policyOf(final ArmGateway gateway, final AccountId id,
                                            final ListContainerItemInner container) {
        if (container.immutabilityPolicy() != null) {
            return new RetentionPolicy(container.immutabilityPolicy().state(),
                container.immutabilityPolicy().immutabilityPeriodSinceCreationInDays());
        }
        if (!Boolean.TRUE.equals(container.hasImmutabilityPolicy())) {
            return null;
        }
        final ImmutabilityPolicyInner policy = gateway.immutabilityPolicy(id, container.name());
        return new RetentionPolicy(policy.state(), policy.immutabilityPeriodSinceCreationInDays());
    }

    private record RetentionPolicy(ImmutabilityPolicyState state, Integer days) {
    }

    /**
     * Deletes the resource group when Create made it for this account (its tag says so) and it is empty; Azure deletes
     * a resource group asynchronously, so the invocation may answer IN_PROGRESS.
     */
    private ProgressEvent<ResourceModel, CallbackContext> removeResourceGroupMadeFor(
        final Invocation invocation, final ArmGateway gateway, final AccountId id, final ResourceModel progress) {
        final CallbackContext context = invocation.callbackContext();
        final Optional<ResourceGroupInner> group = gateway.resourceGroup(id.resourceGroup());
        if (group.isEmpty() || group.get().tags() == null
            || !id.accountName().equals(group.get().tags().get(Translator.CREATED_FOR_ACCOUNT_TAG))) {
            return done();
        }
        if (!Boolean.TRUE.equals(context.getResourceGroupDeleteRequested())) {
            if (gateway.resourceGroupHoldsResourcesOtherThan(id)) {
                invocation.log(String.format("Kept resource group %s: it was made for %s, and holds other resources now",
                    id.resourceGroup(), id.accountName()));
                return done();
            }
            context.setResourceGroupDeleteRequested(true);
        }
        if (gateway.deleteResourceGroup(id.resourceGroup(), Duration.ZERO)) {
            invocation.log("Deleted resource group " + id.resourceGroup() + ", made for " + id.accountName());
            return done();
        }
        if (waitBudgetSpent(invocation)) {
            throw HandlerFailure.of(HandlerErrorCode.NotStabilized, String.format("The account is deleted, but Azure "
                + "did not finish deleting its resource group '%s' within %d minutes; it goes on in Azure.",
                id.resourceGroup(), WAIT_BUDGET.toMinutes()));
        }
        return callAgainLater(invocation, progress, "Azure is deleting resource group " + id.resourceGroup(), null);
    }

    private static ProgressEvent<ResourceModel, CallbackContext> done() {
        return ProgressEvent.<ResourceModel, CallbackContext>builder().status(OperationStatus.SUCCESS).build();
    }

    private static String named(final List<String> items) {
        return items.stream().limit(NAMED).collect(Collectors.joining(", "))
            + (items.size() > NAMED ? String.format(" and %d more", items.size() - NAMED) : "");
    }
}
