package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.storage.blob.models.BlobErrorCode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * The error mapping row by row, for conditions the local components cannot produce (real Azure's DNS failures,
 * 5xx, throttling, KMS); the integration tests cover the rest against Azurite and the stand-ins.
 */
class ErrorTranslatorTest {

    private static final FailureContext CONTEXT = new FailureContext("mystorage01", "backups",
        "azure/blobstorage/client-secret", "eu-central-1", "11111111-2222-3333-4444-555555555555",
        "66666666-7777-8888-9999-000000000000");

    static Stream<Arguments> rows() {
        return Stream.of(
            Arguments.of(HandlerTestSupport.azureError(404, BlobErrorCode.CONTAINER_NOT_FOUND),
                HandlerErrorCode.NotFound, "does not exist"),
            Arguments.of(HandlerTestSupport.azureError(404, null), HandlerErrorCode.NotFound, "does not exist"),
            Arguments.of(HandlerTestSupport.azureError(409, BlobErrorCode.CONTAINER_ALREADY_EXISTS),
                HandlerErrorCode.AlreadyExists, "already exists"),
            Arguments.of(HandlerTestSupport.azureError(401, BlobErrorCode.INVALID_AUTHENTICATION_INFO),
                HandlerErrorCode.InvalidCredentials, "AzureTenantId"),
            Arguments.of(HandlerTestSupport.azureError(403, BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH),
                HandlerErrorCode.AccessDenied, "Storage Blob Data Contributor"),
            Arguments.of(HandlerTestSupport.azureError(403, BlobErrorCode.AUTHORIZATION_FAILURE),
                HandlerErrorCode.AccessDenied, "firewall"),
            Arguments.of(HandlerTestSupport.azureError(400, BlobErrorCode.INVALID_RESOURCE_NAME),
                HandlerErrorCode.InvalidRequest, "InvalidResourceName"),
            Arguments.of(HandlerTestSupport.azureError(400, BlobErrorCode.OUT_OF_RANGE_INPUT),
                HandlerErrorCode.InvalidRequest, "OutOfRangeInput"),
            Arguments.of(HandlerTestSupport.azureError(503, BlobErrorCode.SERVER_BUSY),
                HandlerErrorCode.Throttling, "throttling"),
            Arguments.of(HandlerTestSupport.azureError(429, BlobErrorCode.fromString("TooManyRequests")),
                HandlerErrorCode.Throttling, "throttling"),
            Arguments.of(HandlerTestSupport.azureError(500, BlobErrorCode.INTERNAL_ERROR),
                HandlerErrorCode.ServiceInternalError, "InternalError"),
            Arguments.of(HandlerTestSupport.azureError(500, BlobErrorCode.OPERATION_TIMED_OUT),
                HandlerErrorCode.ServiceInternalError, "OperationTimedOut"),
            Arguments.of(new RuntimeException(new ExecutionException(new ClientAuthenticationException(
                    "AADSTS7000215: Invalid client secret provided.", null))),
                HandlerErrorCode.InvalidCredentials, "secret 'azure/blobstorage/client-secret'"),
            Arguments.of(new ClientAuthenticationException("AADSTS700016: Application with identifier not found", null),
                HandlerErrorCode.InvalidCredentials, "AzureClientId"),
            Arguments.of(awsError("ResourceNotFoundException", 400),
                HandlerErrorCode.InvalidRequest, "has no secret 'azure/blobstorage/client-secret' in eu-central-1"),
            Arguments.of(awsError("AccessDeniedException", 400),
                HandlerErrorCode.AccessDenied, "secretsmanager:GetSecretValue"),
            Arguments.of(awsError("DecryptionFailure", 400),
                HandlerErrorCode.AccessDenied, "kms:Decrypt"),
            Arguments.of(awsError("ThrottlingException", 400), HandlerErrorCode.Throttling, "throttled"),
            Arguments.of(awsError("InternalServiceError", 500), HandlerErrorCode.ServiceInternalError, "failed"),
            Arguments.of(SdkClientException.create("Unable to execute HTTP request"),
                HandlerErrorCode.NetworkFailure, "Secrets Manager"),
            Arguments.of(new UncheckedIOException(new UnknownHostException("mystorage01.blob.core.windows.net")),
                HandlerErrorCode.NetworkFailure, "may not exist"),
            Arguments.of(new UncheckedIOException(unresolvedHost()),
                HandlerErrorCode.NetworkFailure, "'mystorage01' does not resolve"),
            Arguments.of(new RuntimeException(new ConnectException("Connection refused")),
                HandlerErrorCode.NetworkFailure, "Could not reach Azure"),
            Arguments.of(new RuntimeException(new HttpTimeoutException("request timed out")),
                HandlerErrorCode.NetworkFailure, "Could not reach Azure"),
            Arguments.of(new IllegalStateException("boom"), HandlerErrorCode.InternalFailure, "IllegalStateException"));
    }

    /** How java.net.http reports a host name that does not resolve (seen with the real client). */
    private static ConnectException unresolvedHost() {
        final ConnectException e = new ConnectException();
        e.initCause(new UnresolvedAddressException());
        return e;
    }

    private static SecretsManagerException awsError(final String code, final int status) {
        return (SecretsManagerException) SecretsManagerException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
            .build();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void mapsEachFailureToAnActionableCloudFormationError(final Throwable error, final HandlerErrorCode code,
                                                          final String messagePart) {
        final ErrorTranslator.Failure failure = ErrorTranslator.translate(error, CONTEXT);

        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.message()).contains(messagePart).doesNotContain("\tat ", "Exception:");
    }
}
