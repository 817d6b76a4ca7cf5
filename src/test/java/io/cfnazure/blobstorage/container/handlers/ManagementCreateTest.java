package io.cfnazure.blobstorage.container.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmContainers.ACCOUNT_PATH;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.GROUP;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.container;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.containerPath;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.legalHoldAnswer;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.policyAnswer;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.policyPath;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.error;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import com.azure.core.http.HttpMethod;
import io.cfnazure.blobstorage.container.arm.ArmContainers;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.blobstorage.container.model.ImmutabilityPolicy;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Create with StorageAccountId: the container through Azure Resource Manager (the real management SDK against ARM's
 * answers at its HTTP client), with its immutability, and never the blob service.
 */
class ManagementCreateTest extends HandlerTestSupport {

    private static final String OURS = Translator.createdByRequestValue(TOKEN);

    private ProgressEvent<ResourceModel, CallbackContext> create(final ResourceModel model) {
        return new CreateHandler(dependencies).handleRequest(invocation(request(model), null, null));
    }

    /** ARM has no container of that name yet; the PUT makes it, and GETs then describe {@code created}. */
    private void armCreates(final ArmContainers.Container created) {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), error(404, "ContainerNotFound",
            "The specified container does not exist."), json(200, created.json()));
        arm.on(HttpMethod.PUT, containerPath(CONTAINER), json(201, created.json()));
    }

    private List<String> writes() {
        return arm.exchanges().stream().filter(e -> e.method() != HttpMethod.GET)
            .map(e -> e.method() + " " + e.path().substring(ACCOUNT_PATH.length())).toList();
    }

    @Test
    void createsThroughAzureResourceManagerWithItsRetentionPolicyAndHoldsLockingLastAndReadsItBack() {
        final ArmContainers.Container created = container(CONTAINER).metadata("purpose", "dr")
            .metadata(Translator.CREATED_BY_REQUEST_KEY, OURS)
            .policy(new ArmContainers.Policy(30, true, false, "e2", 0)).legalHold("case2026");
        armCreates(container(CONTAINER).metadata(Translator.CREATED_BY_REQUEST_KEY, OURS));
        arm.on(HttpMethod.GET, containerPath(CONTAINER), error(404, "ContainerNotFound", "Not found."),
            json(200, container(CONTAINER).metadata(Translator.CREATED_BY_REQUEST_KEY, OURS).json()),
            json(200, created.json()));
        arm.on(HttpMethod.POST, containerPath(CONTAINER) + "/setLegalHold", json(200, legalHoldAnswer("case2026")));
        arm.on(HttpMethod.PUT, policyPath(CONTAINER), json(200, policyAnswer(CONTAINER,
            new ArmContainers.Policy(30, false, false, "e1", 0))));
        arm.on(HttpMethod.POST, policyPath(CONTAINER) + "/lock", json(200, policyAnswer(CONTAINER,
            new ArmContainers.Policy(30, true, false, "e2", 0))));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel()
            .metadata(Map.of("purpose", "dr")).legalHoldTags(List.of("case2026"))
            .immutabilityPolicy(ImmutabilityPolicy.builder().retentionDays(30).locked(true).build()).build());

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(writes()).containsExactly(
            "PUT /blobServices/default/containers/backups",
            "POST /blobServices/default/containers/backups/setLegalHold",
            "PUT /blobServices/default/containers/backups/immutabilityPolicies/default",
            "POST /blobServices/default/containers/backups/immutabilityPolicies/default/lock");
        assertThat(arm.sent(HttpMethod.POST, policyPath(CONTAINER) + "/lock")).singleElement()
            .extracting(ArmHttpEdge.Exchange::ifMatch).isEqualTo("\"e1\"");
        assertThat(arm.sent(HttpMethod.PUT, containerPath(CONTAINER))).singleElement().satisfies(put ->
            assertThat(put.body()).contains("\"purpose\":\"dr\"", "\"" + Translator.CREATED_BY_REQUEST_KEY + "\":\""
                + OURS + "\""));
        assertThat(event.getResourceModel()).isEqualTo(ResourceModel.builder()
            .containerUrl(URL).storageAccountName(ACCOUNT).storageAccountId(ArmContainers.ACCOUNT_ID)
            .containerName(CONTAINER).azureCloud("AzurePublicCloud").publicAccess("None")
            .metadata(Map.of("purpose", "dr")).defaultEncryptionScope("$account-encryption-key")
            .denyEncryptionScopeOverride(false)
            .immutabilityPolicy(ImmutabilityPolicy.builder().retentionDays(30).allowProtectedAppendWrites(false)
                .locked(true).build())
            .legalHoldTags(List.of("case2026")).versionLevelImmutability(false).build());
        verifyNoInteractions(service);
    }

    @Test
    void aCreateCalledAgainAfterALostAnswerFindsItsOwnContainerAndFinishesWhatIsLeft() {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), json(200, container(CONTAINER)
            .metadata(Translator.CREATED_BY_REQUEST_KEY, OURS).json()));
        arm.on(HttpMethod.PUT, policyPath(CONTAINER), json(200, policyAnswer(CONTAINER,
            new ArmContainers.Policy(7, false, false, "e1", 0))));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel()
            .immutabilityPolicy(ImmutabilityPolicy.builder().retentionDays(7).build()).build());

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(writes()).containsExactly(
            "PUT /blobServices/default/containers/backups/immutabilityPolicies/default");
        assertThat(logLines).anyMatch(line -> line.contains("was created by this request already"));
    }

    @Test
    void aContainerOfAnotherIsAlreadyExistsAndUntouched() {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), json(200, container(CONTAINER)
            .metadata("owner", "someone-else").json()));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel().build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
        assertThat(writes()).isEmpty();
    }

    @Test
    void aNameAzureStillBlocksIsWaitedForWithACallback() {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), error(404, "ContainerNotFound", "Not found."));
        arm.on(HttpMethod.PUT, containerPath(CONTAINER), error(409, "ContainerOperationFailure",
            "The specified container is being deleted. Try operation later."));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel().build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getCallbackDelaySeconds()).isPositive();
        assertThat(event.getResourceModel().getContainerUrl()).isEqualTo(URL);
    }

    @Test
    void anAccountOutsideTheJurisdictionIsRefusedBeforeAnythingIsCreated() {
        // Brazil South keeps a geo-redundant account's second copy in South Central US.
        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ArmHttpEdge.account(GROUP, ACCOUNT, "brazilsouth",
            "Succeeded", "Standard_GRS", Map.of())));

        final ProgressEvent<ResourceModel, CallbackContext> outside = create(managedModel().jurisdiction("BR").build());
        final ProgressEvent<ResourceModel, CallbackContext> eu = create(managedModel().jurisdiction("EU").build());

        assertThat(outside.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(outside.getMessage()).contains("secondary location", "southcentralus", "US", "Jurisdiction 'BR'",
            "Nothing was changed");
        assertThat(eu.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(eu.getMessage()).contains("primary location", "brazilsouth", "Jurisdiction 'EU'");
        assertThat(writes()).isEmpty();
    }

    @Test
    void anAccountWithinTheJurisdictionGetsItsContainer() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ArmHttpEdge.account(GROUP, ACCOUNT, "germanywestcentral",
            "Succeeded", "Standard_GRS", Map.of())));
        armCreates(container(CONTAINER).metadata(Translator.CREATED_BY_REQUEST_KEY, OURS));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel().jurisdiction("DE").build());

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getResourceModel().getJurisdiction()).as("write-only").isNull();
    }

    @Test
    void versionLevelImmutabilityWithoutVersioningOnTheAccountIsRefusedBeforeAnythingIsCreated() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH + "/blobServices/default", json(200,
            ArmHttpEdge.blobService(GROUP, ACCOUNT, false, 0, 0)));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel()
            .versionLevelImmutability(true).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("blob versioning", "'" + ACCOUNT + "'", "Nothing was created");
        assertThat(writes()).isEmpty();
    }

    @Test
    void versionLevelImmutabilityIsSetWhenTheContainerIsCreated() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH + "/blobServices/default", json(200,
            ArmHttpEdge.blobService(GROUP, ACCOUNT, true, 0, 0)));
        armCreates(container(CONTAINER).metadata(Translator.CREATED_BY_REQUEST_KEY, OURS).versionLevel());

        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel()
            .versionLevelImmutability(true).build());

        assertThat(event.getResourceModel().getVersionLevelImmutability()).isTrue();
        assertThat(arm.sent(HttpMethod.PUT, containerPath(CONTAINER))).singleElement().satisfies(put ->
            assertThat(put.body()).contains("\"immutableStorageWithVersioning\":{\"enabled\":true}"));
    }

    @Test
    void legalHoldsOnAContainerWithVersionLevelImmutabilityAreRefusedBeforeAnyCall() {
        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel()
            .versionLevelImmutability(true).legalHoldTags(List.of("case2026")).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("LegalHoldTags", "VersionLevelImmutability", "blob versions");
        assertThat(arm.exchanges()).isEmpty();
    }

    @Test
    void immutabilityAndJurisdictionWithoutStorageAccountIdAreRefusedBeforeAnyCall() {
        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel()
            .immutabilityPolicy(ImmutabilityPolicy.builder().retentionDays(30).build()).jurisdiction("DE").build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("ImmutabilityPolicy, Jurisdiction need StorageAccountId",
            "Azure Resource Manager");
        verifyNoInteractions(service);
        assertThat(arm.exchanges()).isEmpty();
    }

    @Test
    void aStorageAccountNameThatDisagreesWithStorageAccountIdIsRefused() {
        final ProgressEvent<ResourceModel, CallbackContext> event = create(managedModel()
            .storageAccountName("otherstore01").build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("'otherstore01'", "'" + ACCOUNT + "'", "different storage accounts");
    }
}
