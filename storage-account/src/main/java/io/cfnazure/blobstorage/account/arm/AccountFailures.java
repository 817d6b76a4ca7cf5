package io.cfnazure.blobstorage.account.arm;

import io.cfnazure.blobstorage.container.arm.ArmFailures;
import io.cfnazure.cloudformation.HandlerFailure;
import java.util.Set;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * The answers of Azure Resource Manager that are about storage accounts, as CloudFormation errors that say what to
 * do: a name taken, in this subscription or elsewhere; a name, resource group or location refused; a quota reached;
 * an account its blobs protect. Everything else ARM answers is translated the same way for both types
 * ({@link ArmFailures}).
 */
public final class AccountFailures {

    /** The storage resource provider's error codes for accounts. */
    static final String ACCOUNT_NAME_TAKEN = "StorageAccountAlreadyTaken";
    static final String ACCOUNT_EXISTS_IN_SUBSCRIPTION = "StorageAccountAlreadyExists";
    static final String ACCOUNT_IN_ANOTHER_RESOURCE_GROUP = "StorageAccountInAnotherResourceGroup";
    static final Set<String> INVALID_NAME = Set.of("AccountNameInvalid", "StorageAccountNameNotValid");
    static final Set<String> LOCATION_REFUSED = Set.of("InvalidResourceLocation", "LocationNotAvailableForResourceType",
        "LocationRequired", "AccountTypeNotSupportedInLocation");
    static final String PROTECTED_FROM_DELETION = "AccountProtectedFromDeletion";

    private AccountFailures() {
    }

    /** The template names a resource group that is not there, and does not ask for one. */
    public static HandlerFailure resourceGroupNotFound(final String subscriptionId, final String resourceGroup) {
        return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Resource group '%s' does not exist in "
            + "subscription %s. Correct ResourceGroupName, create the group, or set CreateResourceGroup: true.",
            resourceGroup, subscriptionId));
    }

    /** The failure of an answer about an account, or null when ARM's shared translation decides. */
    static HandlerFailure translate(final ArmFailures.Answer answer, final ArmFailures.Subject subject,
                                    final Throwable cause) {
        final String code = answer.code();
        final String message = answer.message();
        final String what = subject.describe();
        final String name = subject.accountName();
        if (ACCOUNT_NAME_TAKEN.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("The storage account name '%s' is "
                + "taken by an account outside this subscription (names are unique across Azure). Choose another "
                + "AccountName, or leave it out to get a generated one.", name), cause);
        }
        if (ACCOUNT_EXISTS_IN_SUBSCRIPTION.equals(code) || ACCOUNT_IN_ANOTHER_RESOURCE_GROUP.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("A storage account named '%s' "
                + "already exists in %s of subscription %s (%s). Import it into the stack, or choose another "
                + "AccountName.", name, ACCOUNT_IN_ANOTHER_RESOURCE_GROUP.equals(code) ? "another resource group"
                    : "resource group '" + subject.resourceGroup() + "'", subject.subscriptionId(), code), cause);
        }
        if (INVALID_NAME.contains(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Azure refused the account name "
                + "'%s' (%s): use 3-24 lowercase letters and digits. %s", name, code, message), cause);
        }
        if (ArmFailures.RESOURCE_GROUP_NOT_FOUND.equals(code)) {
            return resourceGroupNotFound(subject.subscriptionId(), subject.resourceGroup());
        }
        if (LOCATION_REFUSED.contains(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Azure refused the location of "
                + "the %s (%s: %s). Choose another Location or Sku.", what, code, message), cause);
        }
        if (code.endsWith("QuotaExceeded") || code.endsWith("LimitExceeded")) {
            return HandlerFailure.of(HandlerErrorCode.ServiceLimitExceeded, String.format("Azure's limit was reached "
                + "for the %s (%s: %s). Delete accounts you no longer need, choose another Location, or ask Microsoft "
                + "for a higher quota.", what, code, message), cause);
        }
        if (PROTECTED_FROM_DELETION.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("Azure refuses to delete the %s "
                + "(%s: %s): blobs under a legal hold or an unexpired immutability policy protect it. Nothing was "
                + "deleted.", what, code, message), cause);
        }
        return null;
    }
}
