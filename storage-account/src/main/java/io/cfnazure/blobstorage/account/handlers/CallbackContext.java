package io.cfnazure.blobstorage.account.handlers;

import io.cfnazure.cloudformation.ResumableContext;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/**
 * What one invocation of a Create, Update or Delete hands the next while Azure works (an account being created, a
 * resource group being deleted, a transient failure, the time running out). CloudFormation stores it as JSON between
 * invocations, so it holds plain values only.
 */
@Data
@Builder(toBuilder = true)
@NoArgsConstructor
@AllArgsConstructor
public class CallbackContext implements ResumableContext {
    /** When this operation was first invoked (epoch milliseconds): its wait budget counts from here. */
    private Long firstAttemptEpochMillis;
    /** How many invocations of this operation have asked to be called again. */
    private Integer retries;
    /** Create has sent Azure its create request: an account that Azure does not show yet is on its way. */
    private Boolean createRequested;
    /** Delete has sent Azure its delete request: an account found gone afterwards was deleted by this operation. */
    private Boolean accountDeleteRequested;
    /** Delete has asked Azure to delete the resource group Create made for the account. */
    private Boolean resourceGroupDeleteRequested;
}
