package io.cfnazure.blobstorage.container.credentials;

import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.blobstorage.container.invocation.SafeText;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/** Secrets Manager's answers to GetSecretValue, as CloudFormation errors that name the secret and what to do. */
final class SecretsManagerFailures {

    private SecretsManagerFailures() {
    }

    static HandlerFailure translate(final SdkException error, final SecretLocation location) {
        final String secret = String.format("secret '%s' in %s", SafeText.of(location.secretId()), location.region());
        if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
            return HandlerFailure.of(HandlerErrorCode.NetworkFailure, String.format(
                "Secrets Manager did not answer in the time this invocation had left to read %s; CloudFormation will "
                    + "retry.", secret), error);
        }
        if (!(error instanceof AwsServiceException service)) {
            return HandlerFailure.of(HandlerErrorCode.NetworkFailure, String.format(
                "Could not reach AWS Secrets Manager to read %s (%s); CloudFormation will retry.", secret,
                error instanceof SdkClientException ? "no answer" : error.getClass().getSimpleName()), error);
        }
        final String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
        return switch (code) {
            case "ResourceNotFoundException" -> HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format(
                "Secrets Manager has no %s: create it with the Azure client secret, or fix AzureClientSecretName "
                    + "(or the type configuration's AzureCredentials.ClientSecretName).", secret));
            case "AccessDeniedException" -> HandlerFailure.of(HandlerErrorCode.AccessDenied, String.format(
                "The role CloudFormation uses may not read %s: allow secretsmanager:GetSecretValue on it (and "
                    + "kms:Decrypt on its KMS key when it uses a customer-managed key).", secret));
            case "DecryptionFailure" -> HandlerFailure.of(HandlerErrorCode.AccessDenied, String.format(
                "Secrets Manager could not decrypt %s: allow kms:Decrypt on the secret's KMS key to the role "
                    + "CloudFormation uses.", secret));
            case "InvalidRequestException", "InvalidParameterException" -> HandlerFailure.of(
                HandlerErrorCode.InvalidRequest, String.format("Secrets Manager refused to read %s (%s), for example "
                    + "because it is scheduled for deletion: restore it or name another secret.", secret, code));
            case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
                 "InvalidClientTokenId" -> HandlerFailure.of(HandlerErrorCode.InvalidCredentials, String.format(
                "AWS refused the caller's credentials when reading %s (%s).", secret, code));
            case "ThrottlingException" -> HandlerFailure.of(HandlerErrorCode.Throttling, String.format(
                "Secrets Manager throttled reading %s; CloudFormation will retry.", secret));
            default -> service.statusCode() >= 500 || service.statusCode() == 429
                ? HandlerFailure.of(service.statusCode() == 429 ? HandlerErrorCode.Throttling
                    : HandlerErrorCode.ServiceInternalError, String.format("Secrets Manager is failing (%d %s) to "
                    + "read %s; CloudFormation will retry.", service.statusCode(), SafeText.of(code), secret), error)
                : HandlerFailure.of(HandlerErrorCode.GeneralServiceException, String.format(
                    "Secrets Manager failed to read %s: %d %s.", secret, service.statusCode(), SafeText.of(code)),
                    error);
        };
    }
}
