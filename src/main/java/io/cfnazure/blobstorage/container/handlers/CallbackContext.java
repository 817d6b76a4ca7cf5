package io.cfnazure.blobstorage.container.handlers;

import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/**
 * What one invocation hands the next while a Create waits for Azure (a container name still blocked, a transient
 * failure). CloudFormation stores it as JSON between invocations, so it holds plain values only.
 */
@Data
@Builder(toBuilder = true)
@NoArgsConstructor
@AllArgsConstructor
public class CallbackContext {
    /** When this operation first asked Azure to create the container (epoch milliseconds). */
    private Long firstAttemptEpochMillis;
    /** How many invocations of this operation have asked to be called again. */
    private Integer retries;
}
