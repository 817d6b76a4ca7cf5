package io.cfnazure.localcloud.cloudformation;

/**
 * The caller's AWS credentials CloudFormation passes a handler in {@code requestData.callerCredentials}; serialized
 * with these field names.
 *
 * @param sessionToken null for long-term credentials
 */
public record CallerCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    /** Never the secret parts: a record's default toString would print them. */
    @Override
    public String toString() {
        return "CallerCredentials[accessKeyId=" + accessKeyId + "]";
    }
}
