package io.cfnazure.blobstorage.container.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.calls.NoAnswer;
import io.cfnazure.access.calls.RetryAfter;
import io.cfnazure.access.calls.SafeText;
import io.cfnazure.cloudformation.HandlerFailure;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * Azure Storage's answers, as CloudFormation errors that name the account and container and say what to do. Only
 * Azure's error code, status and first message line are used: the SDK's own advice (about shared keys, which this
 * provider never uses) is left out.
 */
public final class AzureStorageFailures {

    private static final String DATA_ROLE_HINT = "Assign the app's service principal the role \"Storage Blob Data "
        + "Contributor\" on the storage account (role assignments can take a few minutes to apply)";

    /** What a message may name: the account always, the container when the call is about one, the signed-in app. */
    record Subject(String storageAccountName, String containerName, String tenantId, String clientId) {

        String describe() {
            return containerName == null ? String.format("storage account '%s'", storageAccountName)
                : String.format("container '%s' in storage account '%s'", containerName, storageAccountName);
        }
    }

    /** Azure's answer to anonymous access on an account that forbids it; BlobErrorCode has no constant for it. */
    private static final BlobErrorCode PUBLIC_ACCESS_NOT_PERMITTED = BlobErrorCode.fromString("PublicAccessNotPermitted");

    private AzureStorageFailures() {
    }

    /** Azure's PublicAccessNotPermitted, whichever plane answered it. */
    public static HandlerFailure publicAccessNotPermitted(final String storageAccountName, final Throwable cause) {
        return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Storage account '%s' does not "
            + "allow anonymous access (AllowBlobPublicAccess is false): set PublicAccess to None, or allow blob "
            + "anonymous access on the account.", storageAccountName), cause);
    }

    /** The failure of a call made within the invocation's deadline; null when it is none Azure's (a bug of ours). */
    static HandlerFailure translate(final Throwable error, final Subject subject, final boolean deadlinePassed) {
        final BlobStorageException storage = Causes.find(error, BlobStorageException.class);
        if (storage != null) {
            return fromStatus(storage, subject);
        }
        final NoAnswer noAnswer = deadlinePassed ? NoAnswer.REQUEST_TIMED_OUT : NoAnswer.of(error);
        if (noAnswer == null) {
            return null;
        }
        if (Causes.find(error, UnresolvedAddressException.class) != null || Causes.find(error, UnknownHostException.class) != null) {
            // java.net.http reports a name that does not resolve as UnresolvedAddressException, without the name.
            return HandlerFailure.of(HandlerErrorCode.NetworkFailure, String.format(
                "The blob endpoint of storage account '%s' does not resolve: the account may not exist in this Azure "
                    + "cloud; check StorageAccountName and AzureCloud.", subject.storageAccountName()), error);
        }
        return HandlerFailure.of(HandlerErrorCode.NetworkFailure, noAnswer.kind() == NoAnswer.Kind.TIMED_OUT
            ? noAnswer.sentence("Azure Storage", "for the " + subject.describe()) + "; CloudFormation will retry."
            : noAnswer.sentence("Azure Storage", String.format("for storage account '%s'", subject.storageAccountName()))
                + "; check that the account allows public network access, then try again.", error);
    }

    private static HandlerFailure fromStatus(final BlobStorageException e, final Subject subject) {
        final int status = e.getStatusCode();
        final BlobErrorCode code = e.getErrorCode();
        final String codeName = code == null ? "" : code.toString();
        final String what = subject.describe();
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code) || BlobErrorCode.CONTAINER_BEING_DELETED.equals(code)
            || status == 404 && code == null) {
            return HandlerFailure.of(HandlerErrorCode.NotFound, "The " + what + " does not exist.", e);
        }
        if (BlobErrorCode.RESOURCE_NOT_FOUND.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.NotFound, subject.containerName() == null
                ? String.format("Storage account '%s' does not exist.", subject.storageAccountName())
                : String.format("Storage account '%s' or its container '%s' does not exist.",
                    subject.storageAccountName(), subject.containerName()), e);
        }
        if (BlobErrorCode.CONTAINER_ALREADY_EXISTS.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("The %s already exists. Choose "
                + "another ContainerName, leave it out to get a generated one, or import the existing container into "
                + "the stack.", what), e);
        }
        if (PUBLIC_ACCESS_NOT_PERMITTED.equals(code)) {
            return publicAccessNotPermitted(subject.storageAccountName(), e);
        }
        if (BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.AccessDenied, String.format("App %s may not do this on %s "
                + "(AuthorizationPermissionMismatch). %s. Changing PublicAccess also needs the getAcl/setAcl actions, "
                + "which \"Storage Blob Data Owner\" or a custom role grants.", subject.clientId(), what,
                DATA_ROLE_HINT), e);
        }
        if (BlobErrorCode.AUTHORIZATION_FAILURE.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.AccessDenied, String.format("Azure refused the request on %s "
                + "(AuthorizationFailure): most often the account's firewall or network rules, which must allow the "
                + "handler (it runs in AWS without a fixed address); changing PublicAccess also needs the getAcl/setAcl "
                + "actions (\"Storage Blob Data Owner\" or a custom role). Otherwise: %s.", what, DATA_ROLE_HINT), e);
        }
        if (BlobErrorCode.INVALID_AUTHENTICATION_INFO.equals(code)
            || BlobErrorCode.AUTHENTICATION_FAILED.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidCredentials, String.format("Storage account '%s' "
                + "refused the Entra ID token of app %s in tenant %s (%s): check that AzureTenantId is the tenant of "
                + "the storage account's subscription.", subject.storageAccountName(), subject.clientId(),
                subject.tenantId(), codeName), e);
        }
        final String azureSays = String.format("Azure answered %s for the %s%s", SafeText.words(status, codeName),
            what, SafeText.saying(firstLine(e.getServiceMessage())));
        if (status == 401) {
            return HandlerFailure.of(HandlerErrorCode.InvalidCredentials, azureSays + ".", e);
        }
        if (status == 403) {
            return HandlerFailure.of(HandlerErrorCode.AccessDenied, azureSays + ". " + DATA_ROLE_HINT + ".", e);
        }
        if (status == 400 || status == 404) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Azure rejected the request for "
                + "the %s (%s)%s. Check the resource's properties against Azure's rules.", what,
                SafeText.words(status, codeName), SafeText.saying(firstLine(e.getServiceMessage()))), e);
        }
        if (status == 409 || status == 412) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, azureSays + ".", e);
        }
        if (status == 429 || status == 503 || BlobErrorCode.SERVER_BUSY.equals(code)) {
            return HandlerFailure.throttled(String.format("Azure is throttling storage account '%s' (%s); "
                + "CloudFormation will retry.", subject.storageAccountName(), SafeText.words(status, codeName)),
                RetryAfter.parse(e.getResponse() == null ? null
                    : e.getResponse().getHeaderValue(HttpHeaderName.RETRY_AFTER)), e);
        }
        if (status >= 500) {
            return HandlerFailure.of(HandlerErrorCode.ServiceInternalError, azureSays
                + ". This is an Azure Storage failure; CloudFormation will retry.", e);
        }
        return HandlerFailure.of(HandlerErrorCode.GeneralServiceException, azureSays + ".", e);
    }

    /**
     * Azure's own message, first line only (the rest is request id and time); the SDK appends advice for shared-key
     * signatures to 403 messages, which is cut off. {@link SafeText#saying} bounds it where it is said.
     */
    private static String firstLine(final String message) {
        if (message == null) {
            return "";
        }
        final int newline = message.indexOf('\n');
        final String line = (newline < 0 ? message : message.substring(0, newline)).strip();
        final int sdkAdvice = line.indexOf("If you are using a StorageSharedKeyCredential");
        return sdkAdvice >= 0 ? line.substring(0, sdkAdvice) : line;
    }
}
