package io.cfnazure.blobstorage.container.credentials;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Error codes that AWS services answer alike, so each service's translation reads them the same way. */
final class AwsErrorCodes {

    /**
     * AWS did not accept the credentials the request was signed with: unknown (query and JSON protocols name it
     * differently), expired, or signed with the wrong secret key.
     */
    static final Set<String> CREDENTIALS_REFUSED = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
        "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch", "InvalidSignatureException");

    private AwsErrorCodes() {
    }

    /** The error code AWS answered with, or "" when the answer had none. */
    static String of(final AwsServiceException error) {
        return error.awsErrorDetails() == null || error.awsErrorDetails().errorCode() == null ? ""
            : error.awsErrorDetails().errorCode();
    }
}
