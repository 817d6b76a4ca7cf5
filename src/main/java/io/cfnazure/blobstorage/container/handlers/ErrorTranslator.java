package io.cfnazure.blobstorage.container.handlers;

import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * Every failure of every handler becomes a CloudFormation error code here, with a message that says what went wrong
 * and what to do. Messages name accounts, containers, secrets and apps; they never carry a secret, a token or a
 * stack trace.
 */
final class ErrorTranslator {

    private static final String DATA_ROLE_HINT = "Assign the app's service principal the role \"Storage Blob Data Contributor\" "
        + "on the storage account (role assignments can take a few minutes to apply)";
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

    private ErrorTranslator() {
    }

    record Failure(HandlerErrorCode code, String message) {
    }

    static Failure translate(final Throwable error, final FailureContext context) {
        if (error instanceof BaseHandlerException handlerException) {
            return new Failure(handlerException.getErrorCode(), handlerException.getMessage());
        }
        final BlobStorageException storage = find(error, BlobStorageException.class);
        if (storage != null) {
            return fromAzureStorage(storage, context);
        }
        final Matcher aadsts = aadsts(error);
        if (aadsts != null) {
            return fromEntraId(aadsts.group(0), context);
        }
        final AwsServiceException aws = find(error, AwsServiceException.class);
        if (aws != null) {
            return fromSecretsManager(aws, context);
        }
        if (find(error, SdkClientException.class) != null) {
            return new Failure(HandlerErrorCode.NetworkFailure, String.format(
                "Could not reach AWS Secrets Manager in %s to read secret '%s'; try again.",
                context.region(), context.secretId()));
        }
        if (find(error, UnresolvedAddressException.class) != null || find(error, UnknownHostException.class) != null) {
            // java.net.http reports a name that does not resolve as UnresolvedAddressException, without the name.
            return new Failure(HandlerErrorCode.NetworkFailure, String.format(
                "The blob endpoint of storage account '%s' does not resolve: the account may not exist in this Azure "
                    + "cloud; check StorageAccountName and AzureCloud.", context.storageAccountName()));
        }
        if (find(error, IOException.class) != null || find(error, UncheckedIOException.class) != null
            || find(error, TimeoutException.class) != null) {
            return new Failure(HandlerErrorCode.NetworkFailure, String.format(
                "Could not reach Azure for storage account '%s' (%s); check that the account allows public network "
                    + "access, then try again.", context.storageAccountName(), rootCause(error).getClass().getSimpleName()));
        }
        return new Failure(HandlerErrorCode.InternalFailure, String.format(
            "Unexpected %s; the handler's log has details. Please report it.", rootCause(error).getClass().getSimpleName()));
    }

    private static Failure fromAzureStorage(final BlobStorageException e, final FailureContext context) {
        final int status = e.getStatusCode();
        final String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
        final String container = String.format("container '%s' in storage account '%s'",
            context.containerName(), context.storageAccountName());
        switch (code) {
            case "ContainerNotFound":
            case "ContainerBeingDeleted":
                return new Failure(HandlerErrorCode.NotFound, "The " + container + " does not exist.");
            case "ResourceNotFound":
                return new Failure(HandlerErrorCode.NotFound, String.format(
                    "Storage account '%s' or its container '%s' does not exist.",
                    context.storageAccountName(), context.containerName()));
            case "ContainerAlreadyExists":
                return new Failure(HandlerErrorCode.AlreadyExists, String.format(
                    "The %s already exists. Choose another ContainerName, leave it out to get a generated one, or "
                        + "import the existing container into the stack.", container));
            case "PublicAccessNotPermitted":
                return new Failure(HandlerErrorCode.InvalidRequest, String.format(
                    "Storage account '%s' does not allow anonymous access (AllowBlobPublicAccess is false): set "
                        + "PublicAccess to None, or allow blob anonymous access on the account.",
                    context.storageAccountName()));
            case "AuthorizationPermissionMismatch":
                return new Failure(HandlerErrorCode.AccessDenied, String.format(
                    "App %s may not do this on %s (AuthorizationPermissionMismatch). %s. Changing PublicAccess also "
                        + "needs the getAcl/setAcl actions, which \"Storage Blob Data Owner\" or a custom role grants.",
                    context.clientId(), container, DATA_ROLE_HINT));
            case "AuthorizationFailure":
                return new Failure(HandlerErrorCode.AccessDenied, String.format(
                    "Azure refused the request on %s (AuthorizationFailure): most often the account's firewall or "
                        + "network rules, which must allow the handler (it runs in AWS without a fixed address); "
                        + "changing PublicAccess also needs the getAcl/setAcl actions (\"Storage Blob Data Owner\" or a "
                        + "custom role). Otherwise: %s.", container, DATA_ROLE_HINT));
            case "InvalidAuthenticationInfo":
            case "AuthenticationFailed":
                return new Failure(HandlerErrorCode.InvalidCredentials, String.format(
                    "Storage account '%s' refused the Entra ID token of app %s in tenant %s (%s): check that "
                        + "AzureTenantId is the tenant of the storage account's subscription.",
                    context.storageAccountName(), context.clientId(), context.tenantId(), code));
            default:
                break;
        }
        if (status == 404 && code.isEmpty()) {
            return new Failure(HandlerErrorCode.NotFound, "The " + container + " does not exist.");
        }
        final String azureSays = String.format("Azure answered %d %s: %s", status, code, firstLine(e.getServiceMessage()));
        if (status == 401) {
            return new Failure(HandlerErrorCode.InvalidCredentials, azureSays);
        }
        if (status == 403) {
            return new Failure(HandlerErrorCode.AccessDenied, azureSays + ". " + DATA_ROLE_HINT + ".");
        }
        if (status == 400 || status == 404) {
            return new Failure(HandlerErrorCode.InvalidRequest, String.format(
                "Azure rejected the request for the %s: %s %s. Check the resource's properties against Azure's rules.",
                container, code, firstLine(e.getServiceMessage())));
        }
        if (status == 409 || status == 412) {
            return new Failure(HandlerErrorCode.ResourceConflict, azureSays);
        }
        if (status == 429 || status == 503 || "ServerBusy".equals(code)) {
            return new Failure(HandlerErrorCode.Throttling, "Azure is throttling storage account '"
                + context.storageAccountName() + "' (" + status + " " + code + "); CloudFormation will retry.");
        }
        if (status >= 500) {
            return new Failure(HandlerErrorCode.ServiceInternalError, azureSays);
        }
        return new Failure(HandlerErrorCode.GeneralServiceException, azureSays);
    }

    private static Failure fromEntraId(final String aadstsCode, final FailureContext context) {
        final String what = switch (aadstsCode) {
            case "AADSTS7000215" -> String.format("the client secret in Secrets Manager secret '%s' is not a valid "
                + "secret of the app: store the secret's Value (not its ID) from the app registration", context.secretId());
            case "AADSTS7000222" -> String.format("the client secret in Secrets Manager secret '%s' has expired: "
                + "create a new one for the app and store it in the secret", context.secretId());
            case "AADSTS700016" -> String.format("app %s does not exist in tenant %s: check AzureClientId and "
                + "AzureTenantId", context.clientId(), context.tenantId());
            case "AADSTS90002", "AADSTS900023" -> String.format("tenant %s does not exist: check AzureTenantId",
                context.tenantId());
            default -> String.format("check AzureTenantId, AzureClientId and the client secret in secret '%s'",
                context.secretId());
        };
        return new Failure(HandlerErrorCode.InvalidCredentials, String.format(
            "Entra ID refused to sign in app %s in tenant %s (%s): %s.",
            context.clientId(), context.tenantId(), aadstsCode, what));
    }

    private static Failure fromSecretsManager(final AwsServiceException e, final FailureContext context) {
        final String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        final String secret = String.format("secret '%s' in %s", context.secretId(), context.region());
        return switch (code) {
            case "ResourceNotFoundException" -> new Failure(HandlerErrorCode.InvalidRequest, String.format(
                "Secrets Manager has no %s: create it with the Azure client secret, or fix AzureClientSecretName "
                    + "(or the type configuration's AzureCredentials.ClientSecretName).", secret));
            case "AccessDeniedException" -> new Failure(HandlerErrorCode.AccessDenied, String.format(
                "The role CloudFormation uses may not read %s: allow secretsmanager:GetSecretValue on it (and "
                    + "kms:Decrypt on its KMS key when it uses a customer-managed key).", secret));
            case "DecryptionFailure" -> new Failure(HandlerErrorCode.AccessDenied, String.format(
                "Secrets Manager could not decrypt %s: allow kms:Decrypt on the secret's KMS key to the role "
                    + "CloudFormation uses.", secret));
            case "InvalidRequestException", "InvalidParameterException" -> new Failure(HandlerErrorCode.InvalidRequest,
                String.format("Secrets Manager refused to read %s (%s), for example because it is scheduled for "
                    + "deletion: restore it or name another secret.", secret, code));
            case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
                 "InvalidClientTokenId" -> new Failure(HandlerErrorCode.InvalidCredentials, String.format(
                "AWS refused the caller's credentials when reading %s (%s).", secret, code));
            case "ThrottlingException" -> new Failure(HandlerErrorCode.Throttling, String.format(
                "Secrets Manager throttled reading %s; CloudFormation will retry.", secret));
            default -> new Failure(e.statusCode() >= 500 ? HandlerErrorCode.ServiceInternalError
                : HandlerErrorCode.GeneralServiceException,
                String.format("Secrets Manager failed to read %s: %s.", secret, code));
        };
    }

    private static Matcher aadsts(final Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            final Matcher matcher = AADSTS.matcher(String.valueOf(t.getMessage()));
            if (matcher.find()) {
                return matcher;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(final Throwable error, final Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(final Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(final String message) {
        if (message == null) {
            return "";
        }
        final int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
