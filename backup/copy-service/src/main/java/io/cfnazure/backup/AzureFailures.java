package io.cfnazure.backup;

import com.azure.core.http.HttpHeaderName;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlobClientBase;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.calls.RetryAfter;
import io.cfnazure.access.calls.SafeText;
import io.cfnazure.access.signin.SignInFailure;

/**
 * Azure's answers as {@link CopyFailure}s. Only Azure's status and error code are used, never the SDK's message
 * (it is long, and the copy's log should say what to do). A precondition that no longer holds means another copy of
 * the same key committed meanwhile: transient, the retry decides again from what is now there. Throttling keeps the
 * wait the service asked for, which the SQS entry point honours when it sets the message's next delivery.
 */
public final class AzureFailures {

    private AzureFailures() {
    }

    /** A failure writing or reading {@code blob}. */
    static CopyFailure writing(final Throwable error, final BlobClientBase blob) {
        final CopyFailure known = Causes.find(error, CopyFailure.class);
        if (known != null) {
            return known;
        }
        final String what = String.format("blob '%s' in container '%s' of storage account '%s'",
            Texts.bounded(blob.getBlobName()), blob.getContainerName(), blob.getAccountName());
        final BlobStorageException storage = Causes.find(error, BlobStorageException.class);
        if (storage == null) {
            final SignInFailure signIn = Causes.find(error, SignInFailure.class);
            if (signIn != null) {
                return signingIn(signIn);
            }
            return CopyFailure.transientFailure(String.format("Writing %s failed before Azure answered (%s); it will "
                + "be retried.", what, Causes.root(error).getClass().getSimpleName()), error);
        }
        final int status = storage.getStatusCode();
        final BlobErrorCode code = storage.getErrorCode();
        final String codeName = code == null ? "" : code.toString();
        if (BlobErrorCode.CONDITION_NOT_MET.equals(code) || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code)) {
            return CopyFailure.transientFailure(String.format("%s changed while it was being copied (%s): another "
                + "copy of the same key finished first; the retry decides again.", what, codeName), error);
        }
        if (BlobErrorCode.MD5MISMATCH.equals(code) || BlobErrorCode.INVALID_MD5.equals(code)) {
            return CopyFailure.transientFailure(String.format("Azure received different bytes than were sent for %s "
                + "(%s); nothing was committed and it will be retried.", what, codeName), error);
        }
        if (status == 429 || status >= 500 || status == 408) {
            return CopyFailure.transientFailure(String.format("Azure is throttling or failing (%s) for %s; nothing "
                + "was committed and it will be retried.", SafeText.words(status, codeName), what),
                RetryAfter.parse(storage.getResponse() == null ? null
                    : storage.getResponse().getHeaderValue(HttpHeaderName.RETRY_AFTER)), error);
        }
        final String advice = BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH.equals(code)
            ? ": assign the app's service principal a role with the blob data actions the copy needs (read, write, add; "
                + "delete too when deletes are mirrored) on the container or account, as backup/cdk/README.md describes"
            : BlobErrorCode.AUTHORIZATION_FAILURE.equals(code)
            ? ": the storage account's firewall or network rules refuse the function" : "";
        // Everything else Azure refuses (403, 404 ContainerNotFound, 400 InvalidMetadata, 413) needs a person.
        return status >= 400
            ? CopyFailure.permanent(String.format("Azure refused %s: %s%s.", what, SafeText.words(status, codeName),
                advice), error)
            : CopyFailure.transientFailure(String.format("Azure answered %s for %s.", SafeText.words(status, codeName),
                what), error);
    }

    /**
     * A failure signing in (reading the secret or getting the AWS token, Entra ID): a transient one (throttling, an
     * outage, no answer) is retried after the wait the service asked for; any other (a refusal, a wrong setting, a
     * malformed secret) needs a person, and the item fails for good.
     */
    public static CopyFailure signingIn(final SignInFailure error) {
        return error.isTransient()
            ? CopyFailure.transientFailure(error.getMessage(), error.retryAfter().orElse(null), error)
            : CopyFailure.permanent(error.getMessage(), error);
    }
}
