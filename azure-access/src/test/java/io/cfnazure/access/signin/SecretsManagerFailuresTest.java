package io.cfnazure.access.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.access.signin.SignInFailure.Category;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Secrets Manager's answers, for the cases the stand-in does not play (KMS, 5xx). */
class SecretsManagerFailuresTest {

    private static final SecretLocation SECRET =
        SecretLocation.of("123456789012", "eu-central-1", "azure/blobstorage/client-secret");

    private static SecretsManagerException awsError(final String code, final int status) {
        return (SecretsManagerException) SecretsManagerException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
            .build();
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            Arguments.of(awsError("ResourceNotFoundException", 400),
                Category.INVALID_SETTING, "has no secret 'azure/blobstorage/client-secret' in eu-central-1"),
            Arguments.of(awsError("AccessDeniedException", 400), Category.ACCESS_DENIED,
                "secretsmanager:GetSecretValue"),
            Arguments.of(awsError("DecryptionFailure", 400), Category.ACCESS_DENIED, "kms:Decrypt"),
            Arguments.of(awsError("ThrottlingException", 400), Category.THROTTLED, "throttled"),
            Arguments.of(awsError("InternalServiceError", 500), Category.SERVICE_ERROR, "failing"),
            Arguments.of(SdkClientException.create("Unable to execute HTTP request"),
                Category.UNREACHABLE, "Secrets Manager"),
            Arguments.of(ApiCallTimeoutException.create(5000), Category.TIMED_OUT,
                "Secrets Manager did not answer in time to read secret 'azure/blobstorage/client-secret' in "
                    + "eu-central-1 (the request timed out)"),
            Arguments.of(SdkClientException.builder().cause(new ConnectException("Connection refused")).build(),
                Category.UNREACHABLE, "Could not connect to AWS Secrets Manager to read secret "
                    + "'azure/blobstorage/client-secret' in eu-central-1 (the connection was refused)"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void mapsEachAnswerToAnActionableCloudFormationError(final SdkException error, final Category code,
                                                         final String messagePart) {
        final SignInFailure failure = SecretsManagerFailures.translate(error, SECRET, TestTerms.RESOURCE);

        assertThat(failure.category()).isEqualTo(code);
        assertThat(failure.getMessage()).contains(messagePart).doesNotContain("\tat ", "Exception:");
    }

    @Test
    void theAdviceNamesTheSettingAndRoleOfWhoeverReads() {
        final SignInFailure missing = SecretsManagerFailures.translate(awsError("ResourceNotFoundException", 400),
            SECRET, EntraIdFailuresTest.FUNCTION_TERMS);
        final SignInFailure denied = SecretsManagerFailures.translate(awsError("AccessDeniedException", 400),
            SECRET, EntraIdFailuresTest.FUNCTION_TERMS);

        assertThat(missing.getMessage()).contains("fix AZURE_CLIENT_SECRET_NAME").doesNotContain("AzureClientSecretName");
        assertThat(denied.getMessage()).startsWith("The function's role may not read").doesNotContain("CloudFormation");
    }
}
