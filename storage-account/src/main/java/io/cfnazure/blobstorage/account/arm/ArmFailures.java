package io.cfnazure.blobstorage.account.arm;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.AdditionalInfo;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.access.calls.SafeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * Azure Resource Manager's answers, as CloudFormation errors that name the account, resource group or subscription
 * and say what to do. ARM's error code decides; its message is quoted only where it adds what the code does not say
 * (first line, bounded), and the action, scope and policy it names are read out of it.
 */
public final class ArmFailures {

    /** What a message may name: the account and where it lives, and the app that signed in. */
    record Subject(String subscriptionId, String resourceGroup, String accountName, String clientId, String tenantId) {

        String describe() {
            if (accountName == null) {
                return resourceGroup == null ? String.format("subscription %s", subscriptionId)
                    : String.format("resource group '%s' of subscription %s", resourceGroup, subscriptionId);
            }
            return String.format("storage account '%s' in resource group '%s' of subscription %s", accountName,
                resourceGroup, subscriptionId);
        }
    }

    /** ARM's and the storage resource provider's error codes this class tells apart. */
    static final String ACCOUNT_NAME_TAKEN = "StorageAccountAlreadyTaken";
    static final String ACCOUNT_EXISTS_IN_SUBSCRIPTION = "StorageAccountAlreadyExists";
    static final String ACCOUNT_IN_ANOTHER_RESOURCE_GROUP = "StorageAccountInAnotherResourceGroup";
    static final Set<String> INVALID_NAME = Set.of("AccountNameInvalid", "StorageAccountNameNotValid");
    static final String RESOURCE_GROUP_NOT_FOUND = "ResourceGroupNotFound";
    static final Set<String> SUBSCRIPTION_NOT_USABLE = Set.of("SubscriptionNotFound", "InvalidSubscriptionId",
        "SubscriptionDisabled", "ReadOnlyDisabledSubscription", "SubscriptionStateForbidden");
    static final Set<String> NOT_AUTHORIZED = Set.of("AuthorizationFailed", "LinkedAuthorizationFailed");
    static final Set<String> TOKEN_REFUSED = Set.of("InvalidAuthenticationToken", "InvalidAuthenticationTokenTenant",
        "InvalidAuthenticationTokenAudience", "ExpiredAuthenticationToken", "AuthenticationFailed");
    static final String DENIED_BY_POLICY = "RequestDisallowedByPolicy";
    static final String PROVIDER_NOT_REGISTERED = "MissingSubscriptionRegistration";
    static final Set<String> LOCATION_REFUSED = Set.of("InvalidResourceLocation", "LocationNotAvailableForResourceType",
        "LocationRequired", "AccountTypeNotSupportedInLocation");
    static final Set<String> OPERATION_IN_PROGRESS = Set.of("StorageAccountBeingCreated",
        "StorageAccountIsNotProvisioned", "StorageAccountOperationInProgress", "AnotherOperationInProgress");
    static final String LOCKED = "ScopeLocked";
    static final String PROTECTED_FROM_DELETION = "AccountProtectedFromDeletion";
    static final Set<String> THROTTLED = Set.of("TooManyRequests", "SubscriptionRequestsThrottled",
        "ResourceRequestsThrottled", "ResourceCollectionRequestsThrottled");

    /** The status of a long-running operation that ended Failed: no HTTP status tells its kind. */
    private static final int OPERATION_FAILED = -1;
    private static final Pattern ACTION_AND_SCOPE =
        Pattern.compile("perform action '([^']+)' over scope '([^']+)'");
    /** The policy identifiers ARM writes into RequestDisallowedByPolicy's message, when no additionalInfo says them. */
    private static final Pattern POLICY_ASSIGNMENT_IN_MESSAGE =
        Pattern.compile("\"policyAssignment\"\\s*:\\s*\\{\\s*\"name\"\\s*:\\s*\"([^\"]+)\"(?:\\s*,\\s*\"id\"\\s*:\\s*\"([^\"]+)\")?");

    private ArmFailures() {
    }

    /** The failure of a call made within the invocation's deadline; null when it is none of Azure's (a bug of ours). */
    static HandlerFailure translate(final Throwable error, final Subject subject, final boolean deadlinePassed) {
        final HttpResponseException response = Causes.find(error, HttpResponseException.class);
        if (response != null && response.getResponse() != null) {
            final ManagementError arm = response instanceof ManagementException management ? management.getValue()
                : null;
            return fromAnswer(response.getResponse().getStatusCode(), retryAfter(response.getResponse()), arm, subject,
                response);
        }
        if (deadlinePassed || Causes.find(error, TimeoutException.class) != null) {
            return HandlerFailure.of(HandlerErrorCode.NetworkFailure, String.format("Azure Resource Manager did not "
                + "answer for the %s in the time this invocation had left; CloudFormation will retry.",
                subject.describe()), error);
        }
        if (Causes.find(error, UnresolvedAddressException.class) != null
            || Causes.find(error, UnknownHostException.class) != null) {
            return HandlerFailure.of(HandlerErrorCode.NetworkFailure, "The Azure Resource Manager endpoint does not "
                + "resolve; check the handler's network (DNS) and AzureCloud.", error);
        }
        if (Causes.find(error, IOException.class) != null || Causes.find(error, UncheckedIOException.class) != null) {
            return HandlerFailure.of(HandlerErrorCode.NetworkFailure, String.format("Could not reach Azure Resource "
                + "Manager for the %s (%s); CloudFormation will retry.", subject.describe(),
                Causes.root(error).getClass().getSimpleName()), error);
        }
        return null;
    }

    /** The template names a resource group that is not there, and does not ask for one. */
    public static HandlerFailure resourceGroupNotFound(final String subscriptionId, final String resourceGroup) {
        return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Resource group '%s' does not exist in "
            + "subscription %s. Correct ResourceGroupName, create the group, or set CreateResourceGroup: true.",
            resourceGroup, subscriptionId));
    }

    /**
     * A long-running operation that Azure reports failed: its last status answer, an error of ARM's, translated like
     * any answer (a status of 2xx says only that the operation failed).
     */
    static HandlerFailure failedOperation(final PollResult.Error error, final Subject subject) {
        ManagementError arm = null;
        if (error != null && error.getResponseBody() != null) {
            try (JsonReader reader = JsonProviders.createReader(error.getResponseBody())) {
                arm = ManagementError.fromJson(reader);
            } catch (final IOException | RuntimeException e) {
                // Not ARM's error format: the failure is reported by its status alone.
            }
        }
        final int status = error == null ? 0 : error.getResponseStatusCode();
        return fromAnswer(status >= 400 ? status : OPERATION_FAILED, null, arm, subject, null);
    }

    private static HandlerFailure fromAnswer(final int status, final Duration retryAfter, final ManagementError arm,
                                             final Subject subject, final Throwable cause) {
        final String code = arm == null || arm.getCode() == null ? "" : arm.getCode();
        final String message = firstLine(arm == null ? null : arm.getMessage());
        final String what = subject.describe();
        final String name = subject.accountName();

        if (status == 429 || THROTTLED.contains(code)) {
            return HandlerFailure.throttled(String.format("Azure Resource Manager is throttling requests for the %s "
                + "(%d %s); CloudFormation will retry.", what, status, code), retryAfter, cause);
        }
        if (ACCOUNT_NAME_TAKEN.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("The storage account name '%s' is "
                + "taken by an account outside this subscription (names are unique across Azure). Choose another "
                + "AccountName, or leave it out to get a generated one.", name), cause);
        }
        if (ACCOUNT_EXISTS_IN_SUBSCRIPTION.equals(code) || ACCOUNT_IN_ANOTHER_RESOURCE_GROUP.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.AlreadyExists, String.format("A storage account named '%s' "
                + "already exists in %s of subscription %s (%s). Import it into the stack, or choose another "
                + "AccountName.", name, ACCOUNT_IN_ANOTHER_RESOURCE_GROUP.equals(code) ? "another resource group"
                    : "resource group '" + subject.resourceGroup() + "'", subject.subscriptionId(), code), cause);
        }
        if (INVALID_NAME.contains(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Azure refused the account name "
                + "'%s' (%s): use 3-24 lowercase letters and digits. %s", name, code, message), cause);
        }
        if (RESOURCE_GROUP_NOT_FOUND.equals(code)) {
            return resourceGroupNotFound(subject.subscriptionId(), subject.resourceGroup());
        }
        if (SUBSCRIPTION_NOT_USABLE.contains(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Subscription %s cannot be used "
                + "(%s: %s). Check SubscriptionId, and that the subscription is active and belongs to tenant %s, "
                + "where app %s signs in.", subject.subscriptionId(), code, message, subject.tenantId(),
                subject.clientId()), cause);
        }
        if (NOT_AUTHORIZED.contains(code)) {
            return notAuthorized(arm.getMessage(), code, subject, cause);
        }
        if (TOKEN_REFUSED.contains(code) || status == 401) {
            return HandlerFailure.of(HandlerErrorCode.InvalidCredentials, String.format("Azure Resource Manager "
                + "refused the Entra ID token of app %s in tenant %s (%s%s). Check that AzureTenantId is the tenant "
                + "of subscription %s.", subject.clientId(), subject.tenantId(), code.isEmpty() ? status : code,
                message.isEmpty() ? "" : ": " + message, subject.subscriptionId()), cause);
        }
        if (DENIED_BY_POLICY.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("An Azure Policy of subscription "
                + "%s denied the request for the %s: %s. Change the properties the policy forbids, or ask its owner "
                + "for an exemption.", subject.subscriptionId(), what, policyNamed(arm)), cause);
        }
        if (PROVIDER_NOT_REGISTERED.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Subscription %s is not registered "
                + "for Microsoft.Storage. Register it once (az provider register --namespace Microsoft.Storage "
                + "--subscription %s), then try again.", subject.subscriptionId(), subject.subscriptionId()), cause);
        }
        if (LOCATION_REFUSED.contains(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Azure refused the location of "
                + "the %s (%s: %s). Choose another Location or Sku.", what, code, message), cause);
        }
        if (code.endsWith("QuotaExceeded") || code.endsWith("LimitExceeded")) {
            return HandlerFailure.of(HandlerErrorCode.ServiceLimitExceeded, String.format("Azure's limit was reached "
                + "for the %s (%s: %s). Delete accounts you no longer need, choose another Location, or ask Microsoft "
                + "for a higher quota.", what, code, message), cause);
        }
        if (OPERATION_IN_PROGRESS.contains(code)) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("Another operation on the %s "
                + "is in progress (%s). Try again when it has finished.", what, code), cause);
        }
        if (LOCKED.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("A management lock keeps the %s "
                + "from being changed or deleted (%s: %s). Remove the lock (az lock list) if the change is intended.",
                what, code, message), cause);
        }
        if (PROTECTED_FROM_DELETION.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, String.format("Azure refuses to delete the %s "
                + "(%s: %s): blobs under a legal hold or an unexpired immutability policy protect it. Nothing was "
                + "deleted.", what, code, message), cause);
        }
        final String azureSays = status == OPERATION_FAILED
            ? String.format("Azure reports that the operation on the %s failed (%s%s)", what, code,
                message.isEmpty() ? "" : ": " + message)
            : String.format("Azure Resource Manager answered %d %s for the %s%s", status, code, what,
                message.isEmpty() ? "" : ": " + message);
        if (status == 400 || status == 422) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, azureSays
                + ". Check the resource's properties against Azure's rules.", cause);
        }
        if (status == 403) {
            return HandlerFailure.of(HandlerErrorCode.AccessDenied, azureSays + ".", cause);
        }
        if (status == 404) {
            return HandlerFailure.of(HandlerErrorCode.NotFound, azureSays + ".", cause);
        }
        if (status == 409 || status == 412) {
            return HandlerFailure.of(HandlerErrorCode.ResourceConflict, azureSays + ".", cause);
        }
        if (status >= 500) {
            return HandlerFailure.of(HandlerErrorCode.ServiceInternalError, azureSays
                + ". This is an Azure failure; CloudFormation will retry.", cause);
        }
        return HandlerFailure.of(HandlerErrorCode.GeneralServiceException, azureSays + ".", cause);
    }

    /**
     * AuthorizationFailed names the refused action and its scope in its message; the advice names the built-in role
     * that grants the action and where to assign it.
     */
    private static HandlerFailure notAuthorized(final String armMessage, final String code, final Subject subject,
                                                final Throwable cause) {
        final Matcher matcher = ACTION_AND_SCOPE.matcher(armMessage == null ? "" : armMessage);
        final String action = matcher.find() ? matcher.group(1) : null;
        final String scope = action == null ? null : matcher.group(2);
        // Action names are case-insensitive; Azure spells them either way.
        final String actionName = action == null ? "" : action.toLowerCase(Locale.ROOT);
        final String role = roleFor(actionName);
        final String assignAt = actionName.startsWith("microsoft.resources/subscriptions/resourcegroups/")
            && !actionName.endsWith("/read") || actionName.endsWith("/register/action")
            ? "/subscriptions/" + subject.subscriptionId()
            : "/subscriptions/" + subject.subscriptionId() + "/resourceGroups/" + subject.resourceGroup();
        return HandlerFailure.of(HandlerErrorCode.AccessDenied, String.format("App %s may not %s (%s). Assign its "
                + "service principal the role \"%s\" at %s (az role assignment create --assignee %s --role \"%s\" "
                + "--scope %s); role assignments can take a few minutes to apply.", subject.clientId(),
            action == null ? "do this on the " + subject.describe()
                : String.format("perform '%s' on '%s'", SafeText.of(action), SafeText.oneLine(scope)),
            code, role, assignAt, subject.clientId(), role, assignAt), cause);
    }

    /** @param action the action's name in lowercase, empty when unknown */
    private static String roleFor(final String action) {
        if (action.isEmpty() || action.startsWith("microsoft.storage/storageaccounts/")) {
            return "Storage Account Contributor";
        }
        if (action.endsWith("/read")) {
            return "Reader";
        }
        // Creating and deleting resource groups, registering a resource provider: no narrower built-in role.
        return "Contributor";
    }

    /** The policy assignment (and definition) RequestDisallowedByPolicy names, from additionalInfo or its message. */
    private static String policyNamed(final ManagementError arm) {
        final List<AdditionalInfo> infos = arm.getAdditionalInfo() == null ? List.of() : arm.getAdditionalInfo();
        for (final AdditionalInfo info : infos) {
            if ("PolicyViolation".equals(info.getType()) && info.getInfo() instanceof Map<?, ?> fields) {
                final Object assignment = first(fields, "policyAssignmentDisplayName", "policyAssignmentName");
                final Object definition = first(fields, "policyDefinitionDisplayName", "policyDefinitionName");
                return String.format("policy assignment '%s' (%s), policy definition '%s'", SafeText.of(assignment),
                    SafeText.oneLine(String.valueOf(fields.get("policyAssignmentId"))), SafeText.of(definition));
            }
        }
        final Matcher named = POLICY_ASSIGNMENT_IN_MESSAGE.matcher(arm.getMessage() == null ? "" : arm.getMessage());
        if (named.find()) {
            return String.format("policy assignment '%s'%s", SafeText.of(named.group(1)),
                named.group(2) == null ? "" : " (" + SafeText.oneLine(named.group(2)) + ")");
        }
        return "the answer names no policy assignment; az policy state list --filter \"complianceState eq "
            + "'NonCompliant'\" shows which ones apply";
    }

    private static Object first(final Map<?, ?> fields, final String... keys) {
        for (final String key : keys) {
            if (fields.get(key) != null) {
                return fields.get(key);
            }
        }
        return null;
    }

    /** The wait ARM asked for (Retry-After, in seconds), if any. */
    private static Duration retryAfter(final HttpResponse response) {
        final String seconds = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
        return seconds != null && seconds.strip().matches("\\d{1,6}")
            ? Duration.ofSeconds(Long.parseLong(seconds.strip())) : null;
    }

    /** ARM's own message, first line only, bounded. */
    private static String firstLine(final String message) {
        if (message == null) {
            return "";
        }
        final int newline = message.indexOf('\n');
        return SafeText.of((newline < 0 ? message : message.substring(0, newline)).strip());
    }
}
