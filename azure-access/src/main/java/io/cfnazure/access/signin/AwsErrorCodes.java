package io.cfnazure.access.signin;

import io.cfnazure.access.signin.SignInFailure.Category;
import io.cfnazure.access.calls.NoAnswer;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What AWS services answer alike (error codes), and how the AWS SDK reports no answer, so each service's translation
 * reads them the same way.
 */
final class AwsErrorCodes {

    /**
     * AWS did not accept the credentials the request was signed with: unknown (query and JSON protocols name it
     * differently), expired, or signed with the wrong secret key.
     */
    static final Set<String> CREDENTIALS_REFUSED = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
        "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch", "InvalidSignatureException");

    private AwsErrorCodes() {
    }

    /**
     * A call that got no answer from AWS, as a network failure that says why: its time limits (the invocation's
     * deadline) ran out, or the cause the HTTP client gave (the exception's kind when it gave none).
     *
     * @param service what was called ("AWS STS in eu-central-1")
     * @param purpose what for ("for a web identity token")
     */
    static SignInFailure noAnswer(final SdkException error, final String service, final String purpose,
                                   final SignInTerms terms) {
        final NoAnswer fromCause = error instanceof ApiCallTimeoutException
            || error instanceof ApiCallAttemptTimeoutException ? NoAnswer.REQUEST_TIMED_OUT : NoAnswer.of(error);
        final NoAnswer noAnswer = fromCause != null ? fromCause
            : new NoAnswer(NoAnswer.Kind.CONNECTION_FAILED, error.getClass().getSimpleName());
        return SignInFailure.of(Category.of(noAnswer), String.format("%s; %s.", noAnswer.sentence(service, purpose),
            terms.retried()), error);
    }

    /** The error code AWS answered with, or "" when the answer had none. */
    static String of(final AwsServiceException error) {
        return error.awsErrorDetails() == null || error.awsErrorDetails().errorCode() == null ? ""
            : error.awsErrorDetails().errorCode();
    }
}
