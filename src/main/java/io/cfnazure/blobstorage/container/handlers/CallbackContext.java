package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.cloudformation.ResumableContext;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/**
 * What one invocation of a Create, Update or Delete hands the next while it waits for Azure (a container name still
 * blocked, a transient failure, the time running out). CloudFormation stores it as JSON between invocations, so it
 * holds plain values only.
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
    /** Delete has sent Azure its delete request: a container found gone afterwards was deleted by this operation. */
    private Boolean deleteRequested;
}
