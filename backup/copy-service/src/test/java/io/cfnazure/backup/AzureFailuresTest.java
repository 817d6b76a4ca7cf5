package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlobClientBase;
import org.junit.jupiter.api.Test;

/** Azure's answers without an error code (a HEAD request's, a proxy's) still make one whole sentence. */
class AzureFailuresTest {

    private static BlobStorageException azureError(final int status, final BlobErrorCode code) {
        final BlobStorageException e = mock(BlobStorageException.class);
        when(e.getStatusCode()).thenReturn(status);
        when(e.getErrorCode()).thenReturn(code);
        return e;
    }

    private static BlobClientBase blob() {
        final BlobClientBase blob = mock(BlobClientBase.class);
        when(blob.getBlobName()).thenReturn("reports/2026.csv");
        when(blob.getContainerName()).thenReturn("backup");
        when(blob.getAccountName()).thenReturn("mystorage01");
        return blob;
    }

    @Test
    void aRefusalWithoutAnErrorCodeEndsWithItsStatus() {
        final CopyFailure failure = AzureFailures.writing(azureError(403, null), blob());

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.getMessage()).isEqualTo("Azure refused blob 'reports/2026.csv' in container 'backup' of "
            + "storage account 'mystorage01': 403.");
    }

    @Test
    void anOutageWithoutAnErrorCodeNamesItsStatusAlone() {
        final CopyFailure failure = AzureFailures.writing(azureError(502, null), blob());

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.getMessage()).startsWith("Azure is throttling or failing (502) for blob 'reports/2026.csv'");
    }

    @Test
    void aRefusalWithAnErrorCodeNamesBoth() {
        assertThat(AzureFailures.writing(azureError(403, BlobErrorCode.AUTHORIZATION_FAILURE), blob()).getMessage())
            .contains("mystorage01': 403 AuthorizationFailure: the storage account's firewall");
    }

    @Test
    void aMissingDataRoleIsPermanentAndPointsAtTheRoleThatCannotDelete() {
        final CopyFailure failure = AzureFailures.writing(
            azureError(403, BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH), blob());

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.getMessage()).contains("403 AuthorizationPermissionMismatch")
            .contains("read, write, add").contains("backup/cdk/README.md").doesNotContain("Storage Blob Data Contributor");
    }
}
