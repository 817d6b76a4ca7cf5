package io.cfnazure.backup.audit;

import com.azure.storage.blob.models.BlobStorageException;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.calls.SafeText;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Why an audit could not finish, for the operator: which service refused what, and the permission or setting to check.
 * An audit that fails publishes {@code AuditFailures} instead of its counts ({@link AuditMetrics#failed}).
 */
final class AuditFailure extends RuntimeException {

    AuditFailure(final String message, final Throwable cause) {
        super(message, cause);
    }

    /** An S3 request of the audit failed: {@code what} names it, {@code permission} what the role needs for it. */
    static AuditFailure s3(final SdkException error, final String what, final String permission) {
        if (error instanceof AwsServiceException service) {
            final String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            final boolean denied = service.statusCode() == 403;
            return new AuditFailure(String.format("S3 refused %s: %s%s.", what,
                SafeText.words(service.statusCode(), code), denied ? "; the audit function's role needs " + permission
                    : service.statusCode() >= 500 || service.isThrottlingException()
                    ? "; S3 is failing or throttling, the next run tries again" : ""), error);
        }
        return new AuditFailure(String.format("S3 did not answer %s (%s); the next run tries again.", what,
            Causes.root(error).getClass().getSimpleName()), error);
    }

    /** Listing the container failed. */
    static AuditFailure azure(final RuntimeException error, final String container) {
        final BlobStorageException storage = Causes.find(error, BlobStorageException.class);
        if (storage == null) {
            return new AuditFailure(String.format("Listing the blobs of %s failed before Azure answered (%s); the "
                + "next run tries again.", container, Causes.root(error).getClass().getSimpleName()), error);
        }
        return new AuditFailure(String.format("Azure refused listing the blobs of %s: %s%s.", container,
            SafeText.words(storage.getStatusCode(), storage.getErrorCode()), storage.getStatusCode() == 403
                ? "; the app needs a role with the blob data action read (Microsoft.Storage/storageAccounts/"
                + "blobServices/containers/blobs/read) on the container, and the account's network rules must let "
                + "the function in" : ""), error);
    }
}
