package io.cfnazure.blobstorage.container.credentials;

import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.blobstorage.container.invocation.SafeText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.OutboundWebIdentityFederationDisabledException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/** STS's answers to GetWebIdentityToken, as CloudFormation errors that say which one-time setup step is missing. */
final class StsFailures {

    /** AWS names the refused principal in AccessDenied messages ("User: arn:aws:sts::...:assumed-role/..."). */
    private static final Pattern PRINCIPAL = Pattern.compile("arn:aws[a-z-]*:(sts|iam)::\\d{12}:[\\w+=,.@/-]+");

    private StsFailures() {
    }

    static HandlerFailure translate(final SdkException error, final String accountId, final String region,
                                    final String audience) {
        if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
            return HandlerFailure.of(HandlerErrorCode.NetworkFailure, String.format("AWS STS in %s did not answer in "
                + "the time this invocation had left for a web identity token; CloudFormation will retry.", region), error);
        }
        if (error instanceof OutboundWebIdentityFederationDisabledException) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("IAM outbound identity federation "
                + "is not enabled in AWS account %s, so STS cannot sign a web identity token for AzureAuthentication "
                + "AwsWebIdentity. Enable it once (aws iam enable-outbound-web-identity-federation), read the issuer "
                + "URL (aws iam get-outbound-web-identity-federation-info) and trust it in the app's federated "
                + "identity credential.", accountId), error);
        }
        if (!(error instanceof AwsServiceException service)) {
            return HandlerFailure.of(HandlerErrorCode.NetworkFailure, String.format("Could not reach AWS STS in %s "
                + "for a web identity token; CloudFormation will retry.", region), error);
        }
        final String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
        if ("AccessDenied".equals(code) || "AccessDeniedException".equals(code)) {
            final Matcher principal = PRINCIPAL.matcher(String.valueOf(service.awsErrorDetails().errorMessage()));
            return HandlerFailure.of(HandlerErrorCode.AccessDenied, String.format("%s may not call "
                + "sts:GetWebIdentityToken: allow it in the execution role's policy (with the condition "
                + "sts:IdentityTokenAudience = '%s'), as the project's execution-role.yaml does.",
                principal.find() ? "The role " + principal.group() : "The role CloudFormation uses",
                SafeText.of(audience)), error);
        }
        if ("Throttling".equals(code) || "ThrottlingException".equals(code) || service.statusCode() == 429) {
            return HandlerFailure.of(HandlerErrorCode.Throttling, String.format("AWS STS in %s is throttling web "
                + "identity tokens; CloudFormation will retry.", region), error);
        }
        if (service.statusCode() >= 500) {
            return HandlerFailure.of(HandlerErrorCode.ServiceInternalError, String.format("AWS STS in %s is failing "
                + "(%d %s); CloudFormation will retry.", region, service.statusCode(), SafeText.of(code)), error);
        }
        return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("AWS STS in %s refused a web identity "
            + "token for audience '%s': %s %s.", region, SafeText.of(audience), SafeText.of(code),
            SafeText.of(service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorMessage())), error);
    }
}
