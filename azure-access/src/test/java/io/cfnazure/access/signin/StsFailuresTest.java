package io.cfnazure.access.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.access.signin.SignInFailure.Category;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.OutboundWebIdentityFederationDisabledException;
import software.amazon.awssdk.services.sts.model.StsException;

class StsFailuresTest {

    private static StsException stsError(final String code, final int status, final String message) {
        return (StsException) StsException.builder().statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            Arguments.of(OutboundWebIdentityFederationDisabledException.builder().statusCode(403).build(),
                Category.INVALID_SETTING, "aws iam enable-outbound-web-identity-federation"),
            Arguments.of(stsError("AccessDenied", 403, "User: arn:aws:sts::123456789012:assumed-role/CfnAzureRole/"
                    + "session is not authorized to perform: sts:GetWebIdentityToken"),
                Category.ACCESS_DENIED,
                "The role arn:aws:sts::123456789012:assumed-role/CfnAzureRole/session may not call sts:GetWebIdentityToken"),
            Arguments.of(stsError("Throttling", 400, "Rate exceeded"), Category.THROTTLED, "will retry"),
            Arguments.of(stsError("InternalFailure", 500, "boom"), Category.SERVICE_ERROR, "failing"),
            Arguments.of(SdkClientException.create("Unable to execute HTTP request"), Category.UNREACHABLE,
                "Could not reach AWS STS in eu-central-1 for a web identity token (the connection failed: "
                    + "SdkClientException)"),
            Arguments.of(ApiCallTimeoutException.create(3000), Category.TIMED_OUT,
                "AWS STS in eu-central-1 did not answer in time for a web identity token (the request timed out)"),
            Arguments.of(SdkClientException.builder().cause(new ConnectException("Connection refused")).build(),
                Category.UNREACHABLE, "Could not connect to AWS STS in eu-central-1 for a web identity "
                    + "token (the connection was refused)"),
            Arguments.of(stsError("InvalidParameterValue", 400, "The audience is not valid."),
                Category.INVALID_SETTING, "refused a web identity token for audience 'api://AzureADTokenExchange' "
                    + "(400 InvalidParameterValue): The audience is not valid."));
    }

    /** STS's answers when it does not accept the caller's own credentials: unknown, expired or mis-signed. */
    @ParameterizedTest
    @ValueSource(strings = {"InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
        "UnrecognizedClientException", "SignatureDoesNotMatch"})
    void refusedCallerCredentialsAreInvalidCredentials(final String code) {
        final SignInFailure failure = StsFailures.translate(stsError(code, 403, "The security token included in the "
            + "request is invalid."), "123456789012", "eu-central-1", "api://AzureADTokenExchange", TestTerms.RESOURCE);

        assertThat(failure.category()).isEqualTo(Category.REFUSED_CREDENTIALS);
        assertThat(failure.getMessage()).isEqualTo("AWS refused the credentials of the role CloudFormation uses when "
            + "asking STS in eu-central-1 for a web identity token (" + code + ").");
    }

    @ParameterizedTest
    @MethodSource("rows")
    void aMessageEndsWithOneFullStop(final SdkException error) {
        assertThat(StsFailures.translate(error, "123456789012", "eu-central-1", "api://AzureADTokenExchange",
            TestTerms.RESOURCE).getMessage()).endsWith(".").doesNotContain("..", " .");
    }

    @ParameterizedTest
    @MethodSource("rows")
    void eachAnswerSaysWhatToFix(final SdkException error, final Category code, final String messagePart) {
        final SignInFailure failure = StsFailures.translate(error, "123456789012", "eu-central-1",
            "api://AzureADTokenExchange", TestTerms.RESOURCE);

        assertThat(failure.category()).isEqualTo(code);
        assertThat(failure.getMessage()).contains(messagePart);
    }
}
