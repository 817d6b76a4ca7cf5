package io.cfnazure.blobstorage.account.arm;

import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.SUBSCRIPTION;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.accepted;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.accountPath;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.answer;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.error;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.noAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.cloudformation.HandlerFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * Azure Resource Manager's answers, as the real management SDK turns them into exceptions, translated into
 * CloudFormation's codes with messages that say what to do.
 */
class ArmFailuresTest {

    private static final String CLIENT = "66666666-7777-8888-9999-000000000000";
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final AccountId ID = new AccountId(SUBSCRIPTION, "dr-rg", "drcopies01");
    private static final String ACCOUNT = accountPath("dr-rg", "drcopies01");

    private final ArmHttpEdge arm = new ArmHttpEdge();

    private ArmGateway gateway(final Duration timeLeft) {
        return gateway(arm, timeLeft);
    }

    private static ArmGateway gateway(final HttpClient http, final Duration timeLeft) {
        final ArmClients.Access access = new ArmClients.Access("123456789012", AzureCloud.AZURE_PUBLIC_CLOUD, TENANT,
            CLIENT, SUBSCRIPTION);
        return new ArmGateway(new ArmClients(http).management(access, new AccessToken("management-token",
            OffsetDateTime.now().plusHours(1))), access, Deadline.in(Clock.systemUTC(), timeLeft));
    }

    private HandlerFailure failureOfCreate(final ArmHttpEdge.Answer answer) {
        arm.on(HttpMethod.PUT, ACCOUNT, answer);
        return catchThrowableOfType(HandlerFailure.class, () -> gateway(Duration.ofSeconds(30))
            .createAccount(ID, new StorageAccountCreateParameters().withLocation("germanywestcentral")
                .withSku(new Sku().withName(SkuName.STANDARD_LRS)).withKind(Kind.STORAGE_V2), Duration.ZERO));
    }

    @Test
    void aNameTakenElsewhereInAzureIsAlreadyExistsAndAsksForAnotherName() {
        final HandlerFailure failure = failureOfCreate(error(409, "StorageAccountAlreadyTaken",
            "The storage account named drcopies01 is already taken."));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
        assertThat(failure.getMessage()).contains("'drcopies01'", "outside this subscription", "Choose another AccountName");
    }

    @Test
    void anAccountOfThisSubscriptionIsAlreadyExistsAndSaysWhereItIs() {
        final HandlerFailure sameGroup = failureOfCreate(error(409, "StorageAccountAlreadyExists",
            "The storage account named drcopies01 already exists under the subscription."));
        final HandlerFailure otherGroup = failureOfCreate(error(409, "StorageAccountInAnotherResourceGroup",
            "The account drcopies01 is already in another resource group in this subscription."));

        assertThat(sameGroup.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
        assertThat(sameGroup.getMessage()).contains("resource group 'dr-rg'", SUBSCRIPTION, "Import it");
        assertThat(otherGroup.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
        assertThat(otherGroup.getMessage()).contains("another resource group", SUBSCRIPTION, "Import it");
    }

    @Test
    void anInvalidNameIsInvalidRequest() {
        final HandlerFailure failure = failureOfCreate(error(400, "AccountNameInvalid",
            "drcopies01 is not a valid storage account name."));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(failure.getMessage()).contains("3-24 lowercase letters and digits");
    }

    @Test
    void aMissingResourceGroupOrSubscriptionIsInvalidRequestTheTemplatePointsAtSomethingMissing() {
        final HandlerFailure group = failureOfCreate(error(404, "ResourceGroupNotFound",
            "Resource group 'dr-rg' could not be found."));
        final HandlerFailure subscription = failureOfCreate(error(404, "SubscriptionNotFound",
            "The subscription '" + SUBSCRIPTION + "' could not be found."));

        assertThat(group.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(group.getMessage()).contains("'dr-rg'", "CreateResourceGroup: true");
        assertThat(subscription.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(subscription.getMessage()).contains(SUBSCRIPTION, "tenant " + TENANT, CLIENT);
    }

    @Test
    void authorizationFailedNamesTheActionTheScopeAndTheRoleToAssign() {
        final HandlerFailure storage = failureOfCreate(error(403, "AuthorizationFailed", "The client '" + CLIENT
            + "' with object id 'f0e1d2c3' does not have authorization to perform action "
            + "'Microsoft.Storage/storageAccounts/write' over scope '" + ACCOUNT + "' or the scope is invalid. If "
            + "access was recently granted, please refresh your credentials."));
        arm.on(HttpMethod.PUT, ArmHttpEdge.GROUP_PATH + "dr-rg", error(403, "AuthorizationFailed", "The client '"
            + CLIENT + "' with object id 'f0e1d2c3' does not have authorization to perform action "
            + "'Microsoft.Resources/subscriptions/resourcegroups/write' over scope '/subscriptions/" + SUBSCRIPTION
            + "/resourcegroups/dr-rg' or the scope is invalid."));
        final HandlerFailure group = catchThrowableOfType(HandlerFailure.class,
            () -> gateway(Duration.ofSeconds(30)).createResourceGroup("dr-rg", "germanywestcentral", Map.of()));

        assertThat(storage.getErrorCode()).isEqualTo(HandlerErrorCode.AccessDenied);
        assertThat(storage.getMessage()).contains("'Microsoft.Storage/storageAccounts/write'", "'" + ACCOUNT + "'",
            "\"Storage Account Contributor\"", "--scope /subscriptions/" + SUBSCRIPTION + "/resourceGroups/dr-rg",
            "--assignee " + CLIENT);
        assertThat(group.getErrorCode()).isEqualTo(HandlerErrorCode.AccessDenied);
        assertThat(group.getMessage()).contains("resourcegroups/write", "\"Contributor\"",
            "--scope /subscriptions/" + SUBSCRIPTION + ")");
    }

    @Test
    void aPolicyDenialNamesThePolicyAssignmentThatDeniedIt() {
        final HandlerFailure fromInfo = failureOfCreate(json(403, "{\"error\":{\"code\":\"RequestDisallowedByPolicy\","
            + "\"target\":\"drcopies01\",\"message\":\"Resource 'drcopies01' was disallowed by policy.\","
            + "\"additionalInfo\":[{\"type\":\"PolicyViolation\",\"info\":{"
            + "\"policyDefinitionDisplayName\":\"Storage accounts should use private link\","
            + "\"policyAssignmentName\":\"deny-public-storage\",\"policyAssignmentDisplayName\":\"Deny public storage\","
            + "\"policyAssignmentId\":\"/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.Authorization/"
            + "policyAssignments/deny-public-storage\"}}]}}"));
        final HandlerFailure fromMessage = failureOfCreate(error(403, "RequestDisallowedByPolicy", "Resource "
            + "'drcopies01' was disallowed by policy. Policy identifiers: '[{\"policyAssignment\":{\"name\":"
            + "\"Allowed locations\",\"id\":\"/providers/Microsoft.Management/managementGroups/corp/providers/"
            + "Microsoft.Authorization/policyAssignments/allowed-locations\"},\"policyDefinition\":{\"name\":"
            + "\"Allowed locations\"}}]'."));

        assertThat(fromInfo.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(fromInfo.getMessage()).contains("'Deny public storage'", "policyAssignments/deny-public-storage",
            "'Storage accounts should use private link'");
        assertThat(fromMessage.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(fromMessage.getMessage()).contains("'Allowed locations'", "policyAssignments/allowed-locations");
    }

    @Test
    void aQuotaReachedIsServiceLimitExceeded() {
        final HandlerFailure failure = failureOfCreate(error(409, "SubscriptionQuotaExceeded", "The subscription "
            + "already has 250 storage accounts in location germanywestcentral."));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.ServiceLimitExceeded);
        assertThat(failure.getMessage()).contains("250 storage accounts", "higher quota");
    }

    @Test
    void throttlingIsTransientAndKeepsAzuresRetryAfter() {
        final HandlerFailure failure = failureOfCreate(answer(429, Map.of("Retry-After", "27"),
            "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"The request is being throttled.\"}}"));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.Throttling);
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(27));
        assertThat(arm.sent(HttpMethod.PUT, ACCOUNT)).as("throttling is not retried inside the invocation").hasSize(1);
    }

    @Test
    void anAzureFailureIsAServiceErrorAfterTwoQuickRetries() {
        final HandlerFailure failure = failureOfCreate(error(500, "InternalServerError", "Encountered internal error."));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.ServiceInternalError);
        assertThat(failure.isTransient()).isTrue();
        assertThat(arm.sent(HttpMethod.PUT, ACCOUNT)).hasSize(3);
    }

    @Test
    void noAnswerIsANetworkFailure() {
        final HandlerFailure failure = failureOfCreate(noAnswer());

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.NetworkFailure);
        assertThat(failure.isTransient()).isTrue();
    }

    @Test
    void anAnswerThatComesTooLateForTheDeadlineIsANetworkFailure() {
        final HttpClient silent = request -> Mono.never();
        final ArmGateway gateway = gateway(silent, Duration.ofMillis(400));

        final HandlerFailure failure = catchThrowableOfType(HandlerFailure.class, () -> gateway.account(ID));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.NetworkFailure);
        assertThat(failure.getMessage()).contains("did not answer", "'drcopies01'");
    }

    @Test
    void aLockOrAProtectedAccountIsAResourceConflictThatSaysWhy() {
        arm.on(HttpMethod.DELETE, ACCOUNT, error(409, "ScopeLocked", "The scope '" + ACCOUNT + "' cannot perform "
            + "delete operation because following scope(s) are locked: '/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/dr-rg'."));
        final HandlerFailure locked = catchThrowableOfType(HandlerFailure.class,
            () -> gateway(Duration.ofSeconds(30)).deleteAccount(ID));
        arm.on(HttpMethod.DELETE, ACCOUNT, error(409, "AccountProtectedFromDeletion", "The storage account has "
            + "containers with a legal hold or a locked immutability policy."));
        final HandlerFailure protectedOne = catchThrowableOfType(HandlerFailure.class,
            () -> gateway(Duration.ofSeconds(30)).deleteAccount(ID));

        assertThat(locked.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(locked.getMessage()).contains("management lock", "az lock list");
        assertThat(protectedOne.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(protectedOne.getMessage()).contains("legal hold", "Nothing was deleted");
    }

    @Test
    void aRefusedTokenIsInvalidCredentialsThatNamesTheTenant() {
        arm.on(HttpMethod.PATCH, ACCOUNT, error(401, "InvalidAuthenticationTokenTenant", "The access token is from "
            + "the wrong issuer."));

        final HandlerFailure failure = catchThrowableOfType(HandlerFailure.class,
            () -> gateway(Duration.ofSeconds(30)).updateAccount(ID, new StorageAccountUpdateParameters()));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidCredentials);
        assertThat(failure.getMessage()).contains("tenant " + TENANT, "AzureTenantId", SUBSCRIPTION);
    }

    @Test
    void aCreateThatFailsWhileAzureRunsItIsTranslatedByTheErrorOfItsLastStatus() {
        final String operation = "/subscriptions/" + SUBSCRIPTION
            + "/providers/Microsoft.Storage/locations/germanywestcentral/asyncoperations/op-1";
        arm.on(HttpMethod.GET, operation, error(409, "SubscriptionQuotaExceeded",
            "The subscription already has 250 storage accounts."));

        final HandlerFailure failure = failureOfCreate(accepted(operation));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.ServiceLimitExceeded);
        assertThat(failure.getMessage()).contains("250 storage accounts");
    }
}
