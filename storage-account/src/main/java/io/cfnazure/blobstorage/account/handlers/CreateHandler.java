package io.cfnazure.blobstorage.account.handlers;

import com.azure.resourcemanager.storage.fluent.models.CheckNameAvailabilityResultInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.ProvisioningState;
import com.azure.resourcemanager.storage.models.Reason;
import io.cfnazure.blobstorage.account.arm.AccountFailures;
import io.cfnazure.blobstorage.account.arm.ArmGateway;
import io.cfnazure.blobstorage.account.jurisdiction.Placement;
import io.cfnazure.blobstorage.account.model.AccountNames;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.Translator;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.cloudformation.HandlerFailure;
import io.cfnazure.access.calls.SafeText;
import java.util.Map;
import java.util.Optional;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Creates the account where the jurisdiction allows, then sets its blob service (versioning, change feed, soft
 * delete). Azure creates an account asynchronously: the handler follows the operation while its invocation lasts, then
 * answers IN_PROGRESS and looks again when CloudFormation calls back. The account's name and ID are fixed, and carried
 * in every IN_PROGRESS event, before the create request leaves; the account is tagged with a hash of the request, so a
 * Create called again after a lost answer recognises its own account and never takes over another. What fails for good
 * after the account exists deletes it again: nothing is left that the stack does not know about.
 */
public class CreateHandler extends BaseHandlerStd {

    public CreateHandler() {
    }

    public CreateHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceHandlerRequest<ResourceModel> request = invocation.request();
        final ResourceModel desired = invocation.model();
        if (desired == null) {
            throw new CfnInvalidRequestException("The request carries no resource model.");
        }
        if (desired.getId() != null && invocation.callbackContext().getFirstAttemptEpochMillis() == null) {
            throw new CfnInvalidRequestException("Id is read-only: leave it out of the template.");
        }
        Translator.validateSettings(desired);
        final AzureCloud cloud = Translator.cloudOf(desired, invocation.typeConfiguration());
        final String location = Placement.locationFor(desired.getLocation(), request.getRegion(), cloud,
            desired.getJurisdiction(), Translator.withDefaults(desired).getSku());
        final AccountId id = new AccountId(desired.getSubscriptionId(), desired.getResourceGroupName(),
            desired.getAccountName() != null ? desired.getAccountName()
                : AccountNames.generate(request.getStackId(), request.getLogicalResourceIdentifier(),
                    request.getClientRequestToken()));
        final ResourceModel progress = desired.toBuilder()
            .accountName(id.accountName()).location(location).id(id.value()).build();

        return resumable(invocation, progress, () -> {
            final ArmGateway gateway = connect(invocation, id.subscriptionId(), cloud);
            try {
                return createAndConfigure(invocation, gateway, id, progress, cloud);
            } catch (final HandlerFailure failure) {
                if (failure.isTransient() || !Boolean.TRUE.equals(invocation.callbackContext().getCreateRequested())) {
                    throw failure;
                }
                throw withoutLeftovers(invocation, gateway, id, failure);
            }
        });
    }

    private ProgressEvent<ResourceModel, CallbackContext> createAndConfigure(
        final Invocation invocation, final ArmGateway gateway, final AccountId id, final ResourceModel progress,
        final AzureCloud cloud) {
        final String token = invocation.request().getClientRequestToken();
        final Optional<StorageAccountInner> existing = gateway.account(id);
        if (existing.isEmpty()) {
            final Optional<ProgressEvent<ResourceModel, CallbackContext>> waiting =
                requestAccount(invocation, gateway, id, progress);
            if (waiting.isPresent()) {
                return waiting.get();
            }
        } else if (!Translator.createdBy(existing.get(), token)) {
            throw HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("A storage account named '%s' "
                + "already exists in resource group '%s' of subscription %s. Import it into the stack, or choose "
                + "another AccountName.", id.accountName(), id.resourceGroup(), id.subscriptionId()));
        } else if (!ProvisioningState.SUCCEEDED.equals(existing.get().provisioningState())) {
            return waitFor(invocation, progress, String.format("Azure is creating the account (%s)",
                existing.get().provisioningState()));
        }
        gateway.setBlobService(id, Translator.toBlobService(progress));
        invocation.log("Set blob versioning, change feed and soft delete of " + id);
        return readBack(gateway, id, cloud);
    }

    /**
     * Makes the resource group if asked, checks the name, sends the create request and follows it while the
     * invocation lasts. Empty when the account is ready for the next step.
     */
    private Optional<ProgressEvent<ResourceModel, CallbackContext>> requestAccount(
        final Invocation invocation, final ArmGateway gateway, final AccountId id, final ResourceModel progress) {
        final CallbackContext context = invocation.callbackContext();
        final boolean requestedBefore = Boolean.TRUE.equals(context.getCreateRequested());
        ensureResourceGroup(invocation, gateway, id, progress);
        final CheckNameAvailabilityResultInner name = checkName(invocation, gateway, id);
        if (name != null && !Boolean.TRUE.equals(name.nameAvailable())) {
            // This operation's own request may hold the name while Azure does not show the account yet: after a
            // request of its own, or with a name derived from this operation's token (another holds it only by a
            // chance of one in a trillion).
            if (requestedBefore || invocation.model().getAccountName() == null
                && !Reason.ACCOUNT_NAME_INVALID.equals(name.reason())) {
                return Optional.of(waitFor(invocation, progress, "Waiting for Azure to show the account it is "
                    + "creating"));
            }
            throw nameRefused(id, name);
        }
        context.setCreateRequested(true);
        final boolean created = gateway.createAccount(id, Translator.toCreateParameters(progress,
            progress.getLocation(), invocation.request().getClientRequestToken()), AFTER_LONG_OPERATION);
        invocation.log(String.format("Asked Azure to create %s in %s", id, progress.getLocation()));
        return created ? Optional.empty() : Optional.of(waitFor(invocation, progress, "Azure is creating the account"));
    }

    /**
     * Azure's view of the name, or null when the app may not ask: the check is an action on the subscription, and an
     * app that manages accounts in one resource group may hold no role there. The create request's answer then says
     * whether the name is taken (StorageAccountAlreadyTaken).
     */
    private static CheckNameAvailabilityResultInner checkName(final Invocation invocation, final ArmGateway gateway,
                                                              final AccountId id) {
        try {
            return gateway.checkNameAvailability(id);
        } catch (final HandlerFailure failure) {
            if (failure.getErrorCode() != HandlerErrorCode.AccessDenied) {
                throw failure;
            }
            invocation.log("Could not check the name " + id.accountName() + " before creating the account: "
                + failure.getMessage());
            return null;
        }
    }

    private static void ensureResourceGroup(final Invocation invocation, final ArmGateway gateway, final AccountId id,
                                            final ResourceModel progress) {
        if (gateway.resourceGroup(id.resourceGroup()).isPresent()) {
            return;
        }
        if (!Boolean.TRUE.equals(progress.getCreateResourceGroup())) {
            throw AccountFailures.resourceGroupNotFound(id.subscriptionId(), id.resourceGroup());
        }
        gateway.createResourceGroup(id.resourceGroup(), progress.getLocation(),
            Map.of(Translator.CREATED_FOR_ACCOUNT_TAG, id.accountName()));
        invocation.log(String.format("Created resource group %s in %s for account %s", id.resourceGroup(),
            progress.getLocation(), id.accountName()));
    }

    private static HandlerFailure nameRefused(final AccountId id, final CheckNameAvailabilityResultInner name) {
        if (Reason.ACCOUNT_NAME_INVALID.equals(name.reason())) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Azure refused the account name "
                + "'%s': %s", id.accountName(), SafeText.of(name.message())));
        }
        return HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("The storage account name '%s' is "
            + "taken by an account in another resource group or subscription (names are unique across Azure). Choose "
            + "another AccountName, or leave it out to get a generated one.", id.accountName()));
    }

    private ProgressEvent<ResourceModel, CallbackContext> waitFor(final Invocation invocation,
                                                                  final ResourceModel progress, final String reason) {
        if (waitBudgetSpent(invocation)) {
            throw HandlerFailure.of(HandlerErrorCode.NotStabilized, String.format("Azure did not finish creating "
                + "storage account %s within %d minutes.", progress.getId(), WAIT_BUDGET.toMinutes()));
        }
        return callAgainLater(invocation, progress, reason, null);
    }

    /**
     * The failure, after deleting the account this request created, if there is one: a Create that fails leaves no
     * account behind, since CloudFormation will not delete what it never saw created.
     */
    private static HandlerFailure withoutLeftovers(final Invocation invocation, final ArmGateway gateway,
                                                   final AccountId id, final HandlerFailure failure) {
        final Optional<StorageAccountInner> account;
        try {
            account = gateway.account(id);
        } catch (final HandlerFailure lookup) {
            return withOutcome(invocation, failure, String.format("Whether Azure created the account could not be "
                + "checked (%s): if az storage account show --ids %s finds it, delete it.", lookup.getMessage(), id));
        }
        if (account.isEmpty() || !Translator.createdBy(account.get(), invocation.request().getClientRequestToken())) {
            return failure;
        }
        try {
            gateway.deleteAccount(id);
            return withOutcome(invocation, failure, "The account it created was deleted again.");
        } catch (final HandlerFailure cleanup) {
            return withOutcome(invocation, failure, String.format("The account it created could not be deleted "
                + "again (%s): delete it with az storage account delete --ids %s.", cleanup.getMessage(), id));
        }
    }

    private static HandlerFailure withOutcome(final Invocation invocation, final HandlerFailure failure,
                                              final String outcome) {
        invocation.log(outcome);
        return HandlerFailure.of(failure.getErrorCode(), failure.getMessage() + " " + outcome, failure.getCause());
    }
}
