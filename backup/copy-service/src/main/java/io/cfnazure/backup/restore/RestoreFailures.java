package io.cfnazure.backup.restore;

import com.azure.core.http.HttpHeaderName;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.calls.RetryAfter;
import io.cfnazure.access.calls.SafeText;
import io.cfnazure.access.signin.SignInFailure;
import io.cfnazure.backup.AzureFailures;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.Texts;

/**
 * Azure's answers to a restore's reads as {@link CopyFailure}s. Unlike the copy's writes ({@link AzureFailures}), a
 * failed precondition here means the blob changed while it was read: transient, the retry reads what is there then.
 */
final class RestoreFailures {

    private RestoreFailures() {
    }

    static CopyFailure readingBlob(final Throwable error, final BlobContainerClient container, final String name) {
        final CopyFailure known = Causes.find(error, CopyFailure.class);
        if (known != null) {
            return known;
        }
        final SignInFailure signIn = Causes.find(error, SignInFailure.class);
        if (signIn != null) {
            return AzureFailures.signingIn(signIn);
        }
        final String what = String.format("blob '%s' in container '%s' of storage account '%s'", Texts.bounded(name),
            container.getBlobContainerName(), container.getAccountName());
        final BlobStorageException storage = Causes.find(error, BlobStorageException.class);
        if (storage == null) {
            return CopyFailure.transientFailure(String.format("Reading %s broke off (%s); nothing was written to S3 "
                + "and it will be retried.", what, Causes.root(error).getClass().getSimpleName()), error);
        }
        final int status = storage.getStatusCode();
        final BlobErrorCode code = storage.getErrorCode();
        final String codeName = code == null ? "" : code.toString();
        if (BlobErrorCode.BLOB_NOT_FOUND.equals(code)) {
            return RestoreSource.noBlob(container, name);
        }
        if (BlobErrorCode.CONDITION_NOT_MET.equals(code) || status == 412) {
            return CopyFailure.transientFailure(String.format("%s changed while it was being restored (%s); nothing "
                + "was written to S3 and the retry restores what is there then.", what, codeName), error);
        }
        if (status == 429 || status >= 500 || status == 408) {
            return CopyFailure.transientFailure(String.format("Azure is throttling or failing (%s) for %s; nothing "
                + "was written to S3 and it will be retried.", SafeText.words(status, codeName), what),
                RetryAfter.parse(storage.getResponse() == null ? null
                    : storage.getResponse().getHeaderValue(HttpHeaderName.RETRY_AFTER)), error);
        }
        final String advice = BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH.equals(code)
            ? ": assign the app's service principal a role that reads blobs (and lists them, with their versions) on "
                + "the container, for example Storage Blob Data Reader"
            : BlobErrorCode.AUTHORIZATION_FAILURE.equals(code)
            ? ": the storage account's firewall or network rules refuse the function" : "";
        return CopyFailure.permanent(String.format("Azure refused reading %s: %s%s.", what,
            SafeText.words(status, codeName), advice), error);
    }
}
