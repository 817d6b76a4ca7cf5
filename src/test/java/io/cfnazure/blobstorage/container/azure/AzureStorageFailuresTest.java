package io.cfnazure.blobstorage.container.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.cfnazure.cloudformation.HandlerFailure;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * Azure Storage's answers row by row, for conditions Azurite cannot produce (DNS failures, 5xx, throttling); the
 * integration tests cover the rest against Azurite.
 */
class AzureStorageFailuresTest {

    private static final AzureStorageFailures.Subject CONTAINER = new AzureStorageFailures.Subject("mystorage01",
        "backups", "11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000");

    static BlobStorageException azureError(final int status, final BlobErrorCode code, final String serviceMessage) {
        final BlobStorageException e = mock(BlobStorageException.class);
        lenient().when(e.getStatusCode()).thenReturn(status);
        lenient().when(e.getErrorCode()).thenReturn(code);
        lenient().when(e.getServiceMessage()).thenReturn(serviceMessage);
        return e;
    }

    static BlobStorageException azureError(final int status, final BlobErrorCode code) {
        return azureError(status, code, code + " from Azure\nRequestId:abc\nTime:now");
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            Arguments.of(azureError(404, BlobErrorCode.CONTAINER_NOT_FOUND), HandlerErrorCode.NotFound, "does not exist"),
            Arguments.of(azureError(404, null), HandlerErrorCode.NotFound, "does not exist"),
            Arguments.of(azureError(409, BlobErrorCode.CONTAINER_ALREADY_EXISTS),
                HandlerErrorCode.AlreadyExists, "already exists"),
            Arguments.of(azureError(401, BlobErrorCode.INVALID_AUTHENTICATION_INFO),
                HandlerErrorCode.InvalidCredentials, "AzureTenantId"),
            Arguments.of(azureError(403, BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH),
                HandlerErrorCode.AccessDenied, "Storage Blob Data Contributor"),
            Arguments.of(azureError(403, BlobErrorCode.AUTHORIZATION_FAILURE), HandlerErrorCode.AccessDenied, "firewall"),
            Arguments.of(azureError(400, BlobErrorCode.INVALID_RESOURCE_NAME),
                HandlerErrorCode.InvalidRequest, "InvalidResourceName"),
            Arguments.of(azureError(400, BlobErrorCode.OUT_OF_RANGE_INPUT),
                HandlerErrorCode.InvalidRequest, "OutOfRangeInput"),
            Arguments.of(azureError(503, BlobErrorCode.SERVER_BUSY), HandlerErrorCode.Throttling, "throttling"),
            Arguments.of(azureError(429, BlobErrorCode.fromString("TooManyRequests")),
                HandlerErrorCode.Throttling, "throttling"),
            Arguments.of(azureError(500, BlobErrorCode.INTERNAL_ERROR),
                HandlerErrorCode.ServiceInternalError, "InternalError"),
            Arguments.of(azureError(500, BlobErrorCode.OPERATION_TIMED_OUT),
                HandlerErrorCode.ServiceInternalError, "OperationTimedOut"),
            Arguments.of(new UncheckedIOException(new UnknownHostException("mystorage01.blob.core.windows.net")),
                HandlerErrorCode.NetworkFailure, "may not exist"),
            Arguments.of(new UncheckedIOException(unresolvedHost()),
                HandlerErrorCode.NetworkFailure, "'mystorage01' does not resolve"),
            Arguments.of(new RuntimeException(new ConnectException("Connection refused")),
                HandlerErrorCode.NetworkFailure, "Could not connect to Azure Storage for storage account "
                    + "'mystorage01' (the connection was refused)"),
            Arguments.of(new RuntimeException(new HttpTimeoutException("request timed out")),
                HandlerErrorCode.NetworkFailure, "Azure Storage did not answer in time for the container 'backups' "
                    + "in storage account 'mystorage01' (the request timed out)"),
            Arguments.of(new UncheckedIOException(new java.io.IOException("Connection reset")),
                HandlerErrorCode.NetworkFailure, "Could not reach Azure Storage for storage account 'mystorage01' "
                    + "(the connection failed: IOException)"),
            Arguments.of(new RuntimeException(new java.util.concurrent.TimeoutException()),
                HandlerErrorCode.NetworkFailure, "did not answer"));
    }

    /** How java.net.http reports a host name that does not resolve (seen with the real client). */
    private static ConnectException unresolvedHost() {
        final ConnectException e = new ConnectException();
        e.initCause(new UnresolvedAddressException());
        return e;
    }

    @ParameterizedTest
    @MethodSource("rows")
    void mapsEachFailureToAnActionableCloudFormationError(final Throwable error, final HandlerErrorCode code,
                                                          final String messagePart) {
        final HandlerFailure failure = AzureStorageFailures.translate(error, CONTAINER, false);

        assertThat(failure.getErrorCode()).isEqualTo(code);
        assertThat(failure.getMessage()).contains(messagePart).doesNotContain("\tat ", "Exception:");
    }

    @Test
    void anUnknown403DropsTheSdksSharedKeyAdvice() {
        final HandlerFailure failure = AzureStorageFailures.translate(azureError(403,
            BlobErrorCode.fromString("SomethingNew"), "This request is not authorized. If you are using a "
                + "StorageSharedKeyCredential, and the server returned an error message that says 'Signature did not "
                + "match', you can compare the string to sign with the one generated by the SDK.\nRequestId:1"),
            CONTAINER, false);

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.AccessDenied);
        assertThat(failure.getMessage()).contains("This request is not authorized", "Storage Blob Data Contributor")
            .doesNotContain("StorageSharedKeyCredential", "Signature did not match");
    }

    @Test
    void aCallAboutNoContainerNamesTheAccountOnly() {
        final HandlerFailure failure = AzureStorageFailures.translate(azureError(500, BlobErrorCode.INTERNAL_ERROR),
            new AzureStorageFailures.Subject("mystorage01", null, "t", "c"), false);

        assertThat(failure.getMessage()).contains("storage account 'mystorage01'").doesNotContain("null");
    }

    @Test
    void aCallCutOffByTheDeadlineIsANetworkFailureCloudFormationRetries() {
        final HandlerFailure failure = AzureStorageFailures.translate(new IllegalStateException("Timeout on blocking"),
            CONTAINER, true);

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.NetworkFailure);
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.getMessage()).contains("did not answer", "the request timed out", "will retry");
    }

    static Stream<Arguments> azuresOwnWords() {
        return Stream.of(
            Arguments.of(azureError(403, BlobErrorCode.fromString("SomethingNew"), ""), "Azure answered 403 "
                + "SomethingNew for the container 'backups' in storage account 'mystorage01'. Assign"),
            Arguments.of(azureError(403, null, null), "Azure answered 403 for the container 'backups' in storage "
                + "account 'mystorage01'. Assign"),
            Arguments.of(azureError(409, BlobErrorCode.fromString("SomethingNew"), "The lease is held.\nRequestId:1"),
                "Azure answered 409 SomethingNew for the container 'backups' in storage account 'mystorage01': The "
                    + "lease is held."),
            Arguments.of(azureError(400, BlobErrorCode.fromString("SomethingNew"), "  "), "Azure rejected the request "
                + "for the container 'backups' in storage account 'mystorage01' (400 SomethingNew). Check"));
    }

    @ParameterizedTest
    @MethodSource("azuresOwnWords")
    void azuresOwnMessageEndsOurSentenceOnceAndAnEmptyOneLeavesNoTrace(final BlobStorageException error,
                                                                      final String message) {
        assertThat(AzureStorageFailures.translate(error, CONTAINER, false).getMessage()).contains(message)
            .doesNotContain(": .", "..", " .", "()");
    }

    @Test
    void throttlingCarriesTheWaitAzureAskedFor() {
        final BlobStorageException busy = azureError(503, BlobErrorCode.SERVER_BUSY);
        final com.azure.core.http.HttpResponse response = mock(com.azure.core.http.HttpResponse.class);
        lenient().when(response.getHeaderValue(com.azure.core.http.HttpHeaderName.RETRY_AFTER)).thenReturn("30");
        lenient().when(busy.getResponse()).thenReturn(response);

        assertThat(AzureStorageFailures.translate(busy, CONTAINER, false).retryAfter())
            .contains(java.time.Duration.ofSeconds(30));
    }
}
