package io.cfnazure.blobstorage.container.arm;

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
import io.cfnazure.access.calls.SafeText;
import io.cfnazure.cloudformation.HandlerFailure;
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
 * Azure Resource Manager's answers, as CloudFormation errors that name the subscription, resource group, account or
 * container and say what to do. ARM's error code decides; its message is quoted only where it adds what the code does
 * not say (first line, bounded), and the action, scope and policy it names are read out of it. What ARM answers the
 * same way whatever the resource (authorization, policy, throttling, outages) is translated here; each resource type
 * first tells apart the codes of its own resources ({@link Specific}).
 */
public final class ArmFailures {

    /**
     * What a message may name: the account (or container) and where it lives, the app that signed in, and the
     * resource property that names the subscription (the account type's SubscriptionId, the container type's
     * StorageAccountId).
     */
    public record Subject(String subscriptionId, String resourceGroup, String accountName, String containerName,
                          String clientId, String tenantId, String subscriptionSetting) {

        public String describe() {
            if (accountName == null) {
                return resourceGroup == null ? String.format("subscription %s", subscriptionId)
                    : String.format("resource group '%s' of subscription %s", resourceGroup, subscriptionId);
            }
            final String account = String.format("storage account '%s' in resource group '%s' of subscription %s",
                accountName, resourceGroup, subscriptionId);
            return containerName == null ? account : String.format("container '%s' of %s", containerName, account);
        }
    }

    /**
     * One answer of ARM, read: its status, ARM's error code ("" when none), its message's first line (bounded, ""
     * when none), the whole error, and the wait it asked for.
     */
    public record Answer(int status, String code, String message, ManagementError error, Duration retryAfter) {

        /** What Azure said, for a message: status (or that the operation failed), code and first line. */
        public String azureSays(final Subject subject) {
            return status == OPERATION_FAILED
                ? String.format("Azure reports that the operation on the %s failed (%s%s)", subject.describe(), code,
                    message.isEmpty() ? "" : ": " + message)
                : String.format("Azure Resource Manager answered %d %s for the %s%s", status, code,
                    subject.describe(), message.isEmpty() ? "" : ": " + message);
        }
    }

    /** A resource type's own codes: the failure of an answer that is about its resources, or null for the rest. */
    @FunctionalInterface
    public interface Specific {
        HandlerFailure translate(Answer answer, Subject subject, Throwable cause);
    }

    /** ARM's error codes this class tells apart. */
    public static final Set<String> SUBSCRIPTION_NOT_USABLE = Set.of("SubscriptionNotFound", "InvalidSubscriptionId",
        "SubscriptionDisabled", "ReadOnlyDisabledSubscription", "SubscriptionStateForbidden");
    public static final String RESOURCE_GROUP_NOT_FOUND = "ResourceGroupNotFound";
    static final Set<String> NOT_AUTHORIZED = Set.of("AuthorizationFailed", "LinkedAuthorizationFailed");
    static final Set<String> TOKEN_REFUSED = Set.of("InvalidAuthenticationToken", "InvalidAuthenticationTokenTenant",
        "InvalidAuthenticationTokenAudience", "ExpiredAuthenticationToken", "AuthenticationFailed");
    static final String DENIED_BY_POLICY = "RequestDisallowedByPolicy";
    static final String PROVIDER_NOT_REGISTERED = "MissingSubscriptionRegistration";
    static final Set<String> OPERATION_IN_PROGRESS = Set.of("StorageAccountBeingCreated",
        "StorageAccountIsNotProvisioned", "StorageAccountOperationInProgress", "AnotherOperationInProgress");
    static final String LOCKED = "ScopeLocked";
    static final Set<String> THROTTLED = Set.of("TooManyRequests", "SubscriptionRequestsThrottled",
        "ResourceRequestsThrottled", "ResourceCollectionRequestsThrottled");

    /** The status of a long-running operation that ended Failed: no HTTP status tells its kind. */
    public static final int OPERATION_FAILED = -1;
    private static final Pattern ACTION_AND_SCOPE =
        Pattern.compile("perform action '([^']+)' over scope '([^']+)'");
    /** The policy identifiers ARM writes into RequestDisallowedByPolicy's message, when no additionalInfo says them. */
    private static final Pattern POLICY_ASSIGNMENT_IN_MESSAGE =
        Pattern.compile("\"policyAssignment\"\\s*:\\s*\\{\\s*\"name\"\\s*:\\s*\"([^\"]+)\"(?:\\s*,\\s*\"id\"\\s*:\\s*\"([^\"]+)\")?");

    private ArmFailures() {
    }

    /** The failure of a call made within the invocation's deadline; null when it is none of Azure's (a bug of ours). */
    public static HandlerFailure translate(final Throwable error, final Subject subject, final boolean deadlinePassed,
                                           final Specific specific) {
        final HttpResponseException response = Causes.find(error, HttpResponseException.class);
        if (response != null && response.getResponse() != null) {
            final ManagementError arm = response instanceof ManagementException management ? management.getValue()
                : null;
            return fromAnswer(answer(response.getResponse().getStatusCode(), retryAfter(response.getResponse()), arm),
                subject, response, specific);
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

    /**
     * A long-running operation that Azure reports failed: its last status answer, an error of ARM's, translated like
     * any answer (a status of 2xx says only that the operation failed).
     */
    public static HandlerFailure failedOperation(final PollResult.Error error, final Subject subject,
                                                 final Specific specific) {
        ManagementError arm = null;
        if (error != null && error.getResponseBody() != null) {
            try (JsonReader reader = JsonProviders.createReader(error.getResponseBody())) {
                arm = ManagementError.fromJson(reader);
            } catch (final IOException | RuntimeException e) {
                // Not ARM's error format: the failure is reported by its status alone.
            }
        }
        final int status = error == null ? 0 : error.getResponseStatusCode();
        return fromAnswer(answer(status >= 400 ? status : OPERATION_FAILED, null, arm), subject, null, specific);
    }

    /** ARM's answer in an exception of the management SDK, read as the translation reads it. */
    static Answer answerOf(final ManagementException e) {
        return answer(e.getResponse() == null ? 0 : e.getResponse().getStatusCode(),
            e.getResponse() == null ? null : retryAfter(e.getResponse()), e.getValue());
    }

    private static Answer answer(final int status, final Duration retryAfter, final ManagementError arm) {
        return new Answer(status, arm == null || arm.getCode() == null ? "" : arm.getCode(),
            firstLine(arm == null ? null : arm.getMessage()), arm, retryAfter);
    }

    private static HandlerFailure fromAnswer(final Answer answer, final Subject subject, final Throwable cause,
                                             final Specific specific) {
        final int status = answer.status();
        final String code = answer.code();
        final String message = answer.message();
        final String what = subject.describe();

        if (status == 429 || THROTTLED.contains(code)) {
            return HandlerFailure.throttled(String.format("Azure Resource Manager is throttling requests for the %s "
                + "(%d %s); CloudFormation will retry.", what, status, code), answer.retryAfter(), cause);
        }
        final HandlerFailure ownCode = specific.translate(answer, subject, cause);
        if (ownCode != null) {
            return ownCode;
        }
        if (SUBSCRIPTION_NOT_USABLE.contains(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Subscription %s cannot be used "
                + "(%s: %s). Check %s, and that the subscription is active and belongs to tenant %s, where app %s "
                + "signs in.", subject.subscriptionId(), code, message, subject.subscriptionSetting(),
                subject.tenantId(), subject.clientId()), cause);
        }
        if (NOT_AUTHORIZED.contains(code)) {
            return notAuthorized(answer.error().getMessage(), code, subject, cause);
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
                + "for an exemption.", subject.subscriptionId(), what, policyNamed(answer.error())), cause);
        }
        if (PROVIDER_NOT_REGISTERED.equals(code)) {
            return HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("Subscription %s is not registered "
                + "for Microsoft.Storage. Register it once (az provider register --namespace Microsoft.Storage "
                + "--subscription %s), then try again.", subject.subscriptionId(), subject.subscriptionId()), cause);
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
        final String azureSays = answer.azureSays(subject);
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
