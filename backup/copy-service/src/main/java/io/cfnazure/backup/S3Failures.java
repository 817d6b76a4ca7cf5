package io.cfnazure.backup;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * S3's answers as {@link CopyFailure}s (Secrets Manager's are the provider's, through the shared sign-in code): what trying again cannot fix is permanent, with what to
 * do; throttling, 5xx and anything that never got an answer (network, a checksum that did not match) are transient.
 */
public final class S3Failures {

    private S3Failures() {
    }

    /** A failure reading {@code s3://bucket/key} (GetObject, HeadObject). */
    static CopyFailure reading(final SdkException error, final String bucket, final String key) {
        return reading(error, bucket, key, "s3:GetObject (and s3:GetObjectVersion, for versions) on the bucket's "
            + "objects");
    }

    /** A failure reading the part sizes of {@code s3://bucket/key} (GetObjectAttributes). */
    static CopyFailure readingAttributes(final SdkException error, final String bucket, final String key) {
        return reading(error, bucket, key, "s3:GetObjectAttributes (and s3:GetObjectVersionAttributes, for "
            + "versions) on the bucket's objects");
    }

    /**
     * A failure writing {@code s3://bucket/key} (HeadObject of the target, PutObject, a multipart upload's requests)
     * in a restore. A write condition that no longer holds means the target changed since it was checked: transient,
     * the retry decides again from what is there then.
     */
    public static CopyFailure writing(final SdkException error, final String bucket, final String key) {
        final String object = String.format("s3://%s/%s", bucket, Texts.bounded(key));
        if (!(error instanceof AwsServiceException service)) {
            return CopyFailure.transientFailure(String.format("Writing %s failed before S3 answered (%s); nothing "
                + "was written and it will be retried.", object, error.getClass().getSimpleName()), error);
        }
        final String code = code(service);
        if (conditionFailed(service)) {
            return CopyFailure.transientFailure(String.format("%s changed while it was being restored (%s): someone "
                + "wrote it meanwhile; nothing was written and the retry decides again.", object, code), error);
        }
        return switch (code) {
            case "BadDigest", "InvalidDigest", "XAmzContentChecksumMismatch" -> CopyFailure.transientFailure(
                String.format("S3 received other bytes than were sent for %s (%s); nothing was written and it will "
                    + "be retried.", object, code), error);
            case "NoSuchBucket" -> CopyFailure.permanent(String.format("Bucket '%s' does not exist: create it, or "
                + "restore into another bucket.", bucket), error);
            case "AccessDenied", "AllAccessDisabled" -> CopyFailure.permanent(String.format("The restore function's "
                + "role may not write %s (%s): allow s3:PutObject (and s3:AbortMultipartUpload) on the target "
                + "bucket's objects, s3:ListBucket on the bucket, and kms:GenerateDataKey when it uses a "
                + "customer-managed KMS key.", object, code), error);
            default -> byStatus(service, "S3", "writing " + object, code);
        };
    }

    /** Whether a restore's write failed only because the target is no longer as its condition said. */
    public static boolean targetChanged(final CopyFailure failure) {
        return failure.getCause() instanceof AwsServiceException service && conditionFailed(service);
    }

    private static boolean conditionFailed(final AwsServiceException service) {
        final String code = code(service);
        return "PreconditionFailed".equals(code) || "ConditionalRequestConflict".equals(code);
    }

    private static CopyFailure reading(final SdkException error, final String bucket, final String key,
                                       final String permission) {
        final String object = String.format("s3://%s/%s", bucket, Texts.bounded(key));
        if (!(error instanceof AwsServiceException service)) {
            return CopyFailure.transientFailure(String.format("Reading %s failed before S3 answered, or its bytes "
                + "did not match S3's checksum (%s); it will be retried.", object, error.getClass().getSimpleName()),
                error);
        }
        final String code = code(service);
        return switch (code) {
            case "NoSuchKey", "NoSuchVersion" -> CopyFailure.permanent(String.format("%s no longer exists (%s): it was "
                + "deleted before it could be copied; there is nothing to copy.", object, code), error);
            case "NoSuchBucket" -> CopyFailure.permanent(String.format("Bucket '%s' does not exist.", bucket), error);
            case "AccessDenied", "AllAccessDisabled" -> CopyFailure.permanent(String.format("The function's role may "
                + "not read %s (%s): allow %s, and kms:Decrypt when they use a customer-managed KMS key.", object,
                code, permission), error);
            case "InvalidObjectState" -> CopyFailure.permanent(String.format("%s is in an archive storage class "
                + "(%s): restore it first, then copy it with a Batch Operations task.", object, code), error);
            case "PermanentRedirect", "AuthorizationHeaderMalformed" -> CopyFailure.permanent(String.format("Bucket "
                + "'%s' is in another Region than the function (%s).", bucket, code), error);
            default -> byStatus(service, "S3", "reading " + object, code);
        };
    }

    private static CopyFailure byStatus(final AwsServiceException service, final String name, final String what,
                                        final String code) {
        final int status = service.statusCode();
        if (status == 429 || status >= 500 || service.isThrottlingException()) {
            return CopyFailure.transientFailure(String.format("%s is throttling or failing (%d %s) while %s; it will "
                + "be retried.", name, status, Texts.bounded(code), what), service);
        }
        return CopyFailure.permanent(String.format("%s refused %s: %d %s.", name, what, status, Texts.bounded(code)),
            service);
    }

    private static String code(final AwsServiceException service) {
        return service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null ? ""
            : service.awsErrorDetails().errorCode();
    }
}
