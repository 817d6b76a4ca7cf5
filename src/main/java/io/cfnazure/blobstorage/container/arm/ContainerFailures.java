package io.cfnazure.blobstorage.container.arm;

import io.cfnazure.blobstorage.container.azure.AzureStorageFailures;
import io.cfnazure.blobstorage.container.azure.ContainerView.Protection;
import io.cfnazure.cloudformation.HandlerFailure;
import java.util.Locale;
import java.util.Set;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * The answers of Azure Resource Manager that are about containers, their immutability policies and legal holds, as
 * CloudFormation errors that say what to do. Everything else ARM answers is translated the same way for both types
 * ({@link ArmFailures}).
 */
final class ContainerFailures {

    /** The storage resource provider's error codes for containers (ARM passes the blob service's on). */
    static final Set<String> NOT_FOUND = Set.of("ContainerNotFound", "ResourceNotFound", "ParentResourceNotFound",
        ArmFailures.RESOURCE_GROUP_NOT_FOUND);
    static final String ALREADY_EXISTS = "ContainerAlreadyExists";
    /** What ARM answers for a blob service failure, e.g. a name still blocked after a delete: its message tells. */
    static final String OPERATION_FAILURE = "ContainerOperationFailure";
    static final String BEING_DELETED = "ContainerBeingDeleted";
    static final String PUBLIC_ACCESS_NOT_PERMITTED = "PublicAccessNotPermitted";
    static final String LEGAL_HOLD = "ContainerHasLegalHold";
    static final String LOCKED_POLICY = "ContainerImmutabilityPolicyLocked";
    static final String CONDITION_NOT_MET = "ConditionNotMet";
    static final String POLICY_NOT_FOUND = "ImmutabilityPolicyNotFound";

    private ContainerFailures() {
    }

    /** Whether ARM answered that a deleted container's name is still blocked (409 ContainerBeingDeleted, or so said). */
    static boolean nameBeingReleased(final ArmFailures.Answer answer) {
        return answer.status() == 409 && (BEING_DELETED.equals(answer.code())
            || OPERATION_FAILURE.equals(answer.code())
            && answer.message().toLowerCase(Locale.ROOT).contains("being deleted"));
    }

    /** The failure of an answer about a container, or null when ARM's shared translation decides. */
    static HandlerFailure translate(final ArmFailures.Answer answer, final ArmFailures.Subject subject,
                                    final Throwable cause) {
        final String code = answer.code();
        final String what = subject.describe();
        if (answer.status() == 404 && NOT_FOUND.contains(code)) {
            return HandlerFailure.of(HandlerErrorCode.NotFound, String.format("The %s does not exist (%s).", what,
                code), cause);
        }
        if (ALREADY_EXISTS.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("The %s already exists. Choose "
                + "another ContainerName, leave it out to get a generated one, or import the existing container into "
                + "the stack.", what), cause);
        }
        if (PUBLIC_ACCESS_NOT_PERMITTED.equals(code)) {
            return AzureStorageFailures.publicAccessNotPermitted(subject.accountName(), cause);
        }
        if (LEGAL_HOLD.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("Azure refuses to delete the %s: "
                + "it is under a legal hold (%s). Nothing was deleted. %s", what, code, Protection.CLEARING_LEGAL_HOLDS),
                cause);
        }
        if (LOCKED_POLICY.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("Azure refuses to delete the %s: "
                + "it has a locked time-based retention policy and blobs under it (%s). Nothing was deleted; the "
                + "container can be deleted once its blobs are past their retention and deleted.", what, code), cause);
        }
        if (CONDITION_NOT_MET.equals(code) || POLICY_NOT_FOUND.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("The retention policy of the %s "
                + "changed while the handler was changing it (%s): someone else changed it meanwhile. Check the "
                + "policy, then update the stack again.", what, code), cause);
        }
        return null;
    }
}
