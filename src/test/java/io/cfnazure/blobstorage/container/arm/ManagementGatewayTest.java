package io.cfnazure.blobstorage.container.arm;

import static io.cfnazure.blobstorage.container.arm.ArmContainers.ACCOUNT;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.GROUP;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.container;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.containerPath;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.policyPath;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.SUBSCRIPTION;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.error;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpMethod;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.azure.ContainerGateway.CreateOutcome;
import io.cfnazure.blobstorage.container.azure.ContainerGateway.NewContainer;
import io.cfnazure.blobstorage.container.azure.ContainerView;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.cloudformation.HandlerFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * Containers through Azure Resource Manager, as the real management SDK sends the requests and reads the answers:
 * what Create never does to someone else's container, what the handlers read of a container's immutability, the
 * ETags Azure wants, and Azure's refusals translated into codes and messages that say what keeps a container.
 */
class ManagementGatewayTest {

    private static final String CLIENT = "66666666-7777-8888-9999-000000000000";
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final ArmClients.Access ACCESS = new ArmClients.Access("123456789012",
        AzureCloud.AZURE_PUBLIC_CLOUD, TENANT, CLIENT, SUBSCRIPTION);
    private static final AccountId ID = new AccountId(SUBSCRIPTION, GROUP, ACCOUNT);

    private final ArmHttpEdge arm = new ArmHttpEdge();

    private ArmClients.Management management() {
        return new ArmClients(arm).management(ACCESS, new AccessToken("management-token",
            OffsetDateTime.now().plusHours(1)));
    }

    private ManagementGateway gateway() {
        return new ManagementGateway(management(), ACCESS, ID, Deadline.in(Clock.systemUTC(), Duration.ofSeconds(30)));
    }

    private static NewContainer newContainer(final String name) {
        return new NewContainer(name, Map.of("purpose", "dr"), null, null, false, true);
    }

    @Test
    void createLooksFirstAndNeverPutsOverAContainerThatExists() {
        arm.on(HttpMethod.GET, containerPath("backups"), json(200, container("backups").json()));

        assertThat(gateway().create(newContainer("backups"))).isEqualTo(CreateOutcome.NAME_TAKEN);
        assertThat(arm.sent(HttpMethod.PUT, containerPath("backups"))).isEmpty();
    }

    @Test
    void createPutsTheSettingsOfANewContainerAndVersionLevelImmutability() {
        arm.on(HttpMethod.GET, containerPath("backups"), error(404, "ContainerNotFound",
            "The specified container does not exist."));
        arm.on(HttpMethod.PUT, containerPath("backups"), json(201, container("backups").versionLevel().json()));

        assertThat(gateway().create(newContainer("backups"))).isEqualTo(CreateOutcome.CREATED);
        assertThat(arm.sent(HttpMethod.PUT, containerPath("backups"))).singleElement().satisfies(put ->
            assertThat(put.body()).contains("\"publicAccess\":\"None\"", "\"purpose\":\"dr\"",
                "\"immutableStorageWithVersioning\":{\"enabled\":true}"));
    }

    @Test
    void aNameAzureStillBlocksAfterADeleteIsBeingReleasedNotAConflict() {
        arm.on(HttpMethod.GET, containerPath("backups"), error(404, "ContainerNotFound", "Not found."));
        // What ARM passes on from the blob service (azure-rest-api-specs issue 30456).
        arm.on(HttpMethod.PUT, containerPath("backups"), error(409, "ContainerOperationFailure",
            "The specified container is being deleted. Try operation later."));

        assertThat(gateway().create(newContainer("backups"))).isEqualTo(CreateOutcome.NAME_BEING_RELEASED);
    }

    @Test
    void theViewHasThePolicyWithItsEtagAndExtensionsTheLegalHoldsAndVersionLevelImmutability() {
        arm.on(HttpMethod.GET, containerPath("backups"), json(200, container("backups").metadata("purpose", "dr")
            .policy(new ArmContainers.Policy(100, true, true, "8d592d74cb3011a", 2)).legalHold("tag2", "tag1")
            .versionLevel().json()));

        final ContainerView view = gateway().properties("backups");

        assertThat(view.metadata()).containsEntry("purpose", "dr");
        assertThat(view.protection().retentionPolicy())
            .isEqualTo(new ContainerView.RetentionPolicy(100, true, true, "\"8d592d74cb3011a\"", 2));
        assertThat(view.protection().legalHoldTags()).containsExactly("tag1", "tag2");
        assertThat(view.protection().versionLevelImmutability()).isTrue();
    }

    @Test
    void everyChangeOfAPolicyCarriesTheEtagAzureWantsInIfMatch() {
        arm.on(HttpMethod.PUT, policyPath("backups"), json(200, ArmContainers.policyAnswer("backups",
            new ArmContainers.Policy(30, false, false, "e2", 0))));
        arm.on(HttpMethod.POST, policyPath("backups") + "/lock", json(200, ArmContainers.policyAnswer("backups",
            new ArmContainers.Policy(30, true, false, "e3", 0))));
        arm.on(HttpMethod.POST, policyPath("backups") + "/extend", json(200, ArmContainers.policyAnswer("backups",
            new ArmContainers.Policy(40, true, false, "e4", 1))));
        arm.on(HttpMethod.DELETE, policyPath("backups"), json(200, ArmContainers.policyAnswer("backups",
            new ArmContainers.Policy(30, false, false, "e5", 0))));
        final ManagementGateway gateway = gateway();

        assertThat(gateway.putRetentionPolicy("backups", 30, false, "\"e1\"")).isEqualTo("\"e2\"");
        assertThat(gateway.lockRetentionPolicy("backups", "\"e2\"")).isEqualTo("\"e3\"");
        assertThat(gateway.extendRetentionPolicy("backups", 40, "\"e3\"")).isEqualTo("\"e4\"");
        gateway.deleteRetentionPolicy("backups", "\"e1\"");

        assertThat(arm.exchanges()).extracting(ArmHttpEdge.Exchange::ifMatch)
            .containsExactly("\"e1\"", "\"e2\"", "\"e3\"", "\"e1\"");
        assertThat(arm.sent(HttpMethod.POST, policyPath("backups") + "/extend")).singleElement()
            .satisfies(extend -> assertThat(extend.body()).contains("\"immutabilityPeriodSinceCreationInDays\":40"));
    }

    @Test
    void whatKeepsAContainerFromDeletionIsAResourceConflictThatNamesIt() {
        arm.on(HttpMethod.DELETE, containerPath("held"), error(409, "ContainerHasLegalHold", "The requested "
            + "operation is not allowed as the container has one or more legal holds."));
        arm.on(HttpMethod.DELETE, containerPath("locked"), error(409, "ContainerImmutabilityPolicyLocked", "The "
            + "requested operation is not allowed as the container has a locked immutability policy."));

        final HandlerFailure held = catchThrowableOfType(HandlerFailure.class, () -> gateway().delete("held"));
        final HandlerFailure locked = catchThrowableOfType(HandlerFailure.class, () -> gateway().delete("locked"));

        assertThat(held.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(held.getMessage()).contains("container 'held'", "legal hold", "Nothing was deleted",
            "LegalHoldTags", "az storage container legal-hold clear");
        assertThat(locked.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(locked.getMessage()).contains("container 'locked'", "locked time-based retention policy",
            "Nothing was deleted");
    }

    @Test
    void aPolicyChangedByAnotherMeanwhileIsAConflictNotARetry() {
        arm.on(HttpMethod.POST, policyPath("backups") + "/lock", error(412, "ConditionNotMet", "The condition "
            + "specified in the conditional header(s) was not met for a write operation."));

        final HandlerFailure failure = catchThrowableOfType(HandlerFailure.class,
            () -> gateway().lockRetentionPolicy("backups", "\"old\""));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.getMessage()).contains("changed while the handler was changing it");
    }

    @Test
    void aMissingContainerOrAccountIsNotFoundAndAnonymousAccessRefusedIsInvalidRequest() {
        arm.on(HttpMethod.GET, containerPath("gone"), error(404, "ContainerNotFound", "The specified container "
            + "does not exist."));
        arm.on(HttpMethod.PATCH, containerPath("backups"), error(409, "PublicAccessNotPermitted", "Public access is "
            + "not permitted on this storage account."));

        final HandlerFailure gone = catchThrowableOfType(HandlerFailure.class, () -> gateway().properties("gone"));
        final HandlerFailure anonymous = catchThrowableOfType(HandlerFailure.class,
            () -> gateway().setPublicAccess("backups", com.azure.storage.blob.models.PublicAccessType.BLOB));

        assertThat(gone.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
        assertThat(gone.getMessage()).contains("container 'gone'", "'" + ACCOUNT + "'", GROUP);
        assertThat(anonymous.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(anonymous.getMessage()).contains("AllowBlobPublicAccess", "set PublicAccess to None");
    }

    @Test
    void authorizationFailedNamesTheActionOnTheContainerAndTheManagementRole() {
        arm.on(HttpMethod.PUT, policyPath("backups"), error(403, "AuthorizationFailed", "The client '" + CLIENT
            + "' with object id 'f0e1d2c3' does not have authorization to perform action 'Microsoft.Storage/"
            + "storageAccounts/blobServices/containers/immutabilityPolicies/write' over scope '" + policyPath("backups")
            + "' or the scope is invalid."));

        final HandlerFailure failure = catchThrowableOfType(HandlerFailure.class,
            () -> gateway().putRetentionPolicy("backups", 30, false, null));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.AccessDenied);
        assertThat(failure.getMessage()).contains("immutabilityPolicies/write", "\"Storage Account Contributor\"",
            "--assignee " + CLIENT);
    }

    @Test
    void aSubscriptionThatCannotBeUsedNamesStorageAccountId() {
        arm.on(HttpMethod.GET, containerPath("backups"), error(404, "SubscriptionNotFound", "The subscription '"
            + SUBSCRIPTION + "' could not be found."));

        final HandlerFailure failure = catchThrowableOfType(HandlerFailure.class, () -> gateway().properties("backups"));

        assertThat(failure.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(failure.getMessage()).contains(SUBSCRIPTION, "Check StorageAccountId", "tenant " + TENANT);
    }

    @Test
    void theAccountOfAContainerUrlIsFoundByNameInTheSubscription() {
        arm.on(HttpMethod.GET, "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.Storage/storageAccounts",
            json(200, ArmHttpEdge.list(List.of(
                ArmHttpEdge.account("other-rg", "otherstore01", "eastus", "Succeeded", "Standard_LRS", Map.of()),
                ArmHttpEdge.account(GROUP, ACCOUNT, "germanywestcentral", "Succeeded", "Standard_LRS", Map.of())),
                null)));
        final Deadline deadline = Deadline.in(Clock.systemUTC(), Duration.ofSeconds(30));

        assertThat(ManagementGateway.findAccount(management(), ACCESS, ACCOUNT, deadline)).contains(ID);
        assertThat(ManagementGateway.findAccount(management(), ACCESS, "elsewhere01", deadline))
            .isEqualTo(Optional.empty());
    }
}
