package io.cfnazure.blobstorage.account.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.accepted;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.container;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.error;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpMethod;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class DeleteHandlerTest extends HandlerTestSupport {

    private static final String GROUP_OPERATION = "/subscriptions/" + ArmHttpEdge.SUBSCRIPTION
        + "/operationresults/group-delete-1";
    private static final String GROUP_RESOURCES = GROUP_PATH + "/resources";

    private ProgressEvent<ResourceModel, CallbackContext> delete(final ResourceModel model,
                                                                 final CallbackContext context) {
        return new DeleteHandler(dependencies).handleRequest(invocation(request(model), context));
    }

    private void givenAnAccountWithContainers(final String... containers) {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ourAccount("Succeeded", "Standard_LRS", Map.of())));
        arm.on(HttpMethod.GET, CONTAINERS_PATH, json(200, list(List.of(containers), null)));
        arm.on(HttpMethod.DELETE, ACCOUNT_PATH, json(200, ""));
        arm.on(HttpMethod.GET, GROUP_PATH, json(200, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral", Map.of())));
    }

    /** What a stack's delete passes: the last model, with its Id and the write-only sign-in settings. */
    private static ResourceModel byId() {
        return fullModel().id(ID).build();
    }

    @Test
    void anAccountWithContainersIsKeptAndTheFailureNamesThem() {
        givenAnAccountWithContainers(container(GROUP, ACCOUNT, "backups", false, null),
            container(GROUP, ACCOUNT, "empty-one", false, null));

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(byId(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains("holds 2 containers (backups, empty-one)", "nothing was deleted",
            "AutoDeleteBlobs: true");
        assertThat(arm.sent(HttpMethod.DELETE, ACCOUNT_PATH)).isEmpty();
    }

    @Test
    void aLegalHoldOrALockedPolicyKeepsTheAccountEvenWithAutoDeleteBlobsAndSaysSo() {
        givenAnAccountWithContainers(container(GROUP, ACCOUNT, "evidence", true, null),
            container(GROUP, ACCOUNT, "worm", false, "Locked"), container(GROUP, ACCOUNT, "draft", false, "Unlocked"));

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(byId().toBuilder().autoDeleteBlobs(true)
            .build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains("'evidence' is under a legal hold",
            "'worm' has a locked time-based retention policy of 30 days", "nothing was deleted")
            .doesNotContain("draft");
        assertThat(arm.sent(HttpMethod.DELETE, ACCOUNT_PATH)).isEmpty();
    }

    /**
     * Microsoft's example of Azure's list of containers says only that a container has a policy
     * (hasImmutabilityPolicy), not its state: the policy is read, and a locked one named.
     */
    @Test
    void aContainerListedWithAPolicyButNotItsStateHasThePolicyReadAndALockedOneNamed() {
        final String listedWithoutPolicy = container(GROUP, ACCOUNT, "worm", false, null)
            .replace("\"hasImmutabilityPolicy\":false", "\"hasImmutabilityPolicy\":true");
        givenAnAccountWithContainers(listedWithoutPolicy);
        final String policyPath = CONTAINERS_PATH + "/worm/immutabilityPolicies/default";
        arm.on(HttpMethod.GET, policyPath, json(200, "{\"id\":\"" + policyPath + "\",\"name\":\"default\","
            + "\"etag\":\"\\\"8d\\\"\",\"properties\":{\"immutabilityPeriodSinceCreationInDays\":90,"
            + "\"state\":\"Locked\"}}"));

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(byId().toBuilder().autoDeleteBlobs(true)
            .build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains("'worm' has a locked time-based retention policy of 90 days",
            "nothing was deleted");
        assertThat(arm.sent(HttpMethod.GET, policyPath)).hasSize(1);
        assertThat(arm.sent(HttpMethod.DELETE, ACCOUNT_PATH)).isEmpty();
    }

    @Test
    void autoDeleteBlobsDeletesAnAccountWithUnprotectedContainers() {
        givenAnAccountWithContainers(container(GROUP, ACCOUNT, "backups", false, "Unlocked"));

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(byId().toBuilder().autoDeleteBlobs(true)
            .build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(arm.sent(HttpMethod.DELETE, ACCOUNT_PATH)).hasSize(1);
        assertThat(arm.sent(HttpMethod.DELETE, GROUP_PATH)).as("a group the type did not make stays").isEmpty();
    }

    @Test
    void deletesTheEmptyResourceGroupItMadeForTheAccountFollowingAzuresOperation() {
        givenAnAccountWithContainers();
        arm.on(HttpMethod.GET, GROUP_PATH, json(200, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral",
            Map.of("cfn-created-for-account", ACCOUNT))));
        // Azure may list a deleted account for a while: it does not count.
        arm.on(HttpMethod.GET, GROUP_RESOURCES, json(200, list(List.of("{\"id\":\"" + ID + "\",\"name\":\"" + ACCOUNT
            + "\",\"type\":\"Microsoft.Storage/storageAccounts\"}"), null)));
        arm.on(HttpMethod.DELETE, GROUP_PATH, accepted(GROUP_OPERATION));
        arm.on(HttpMethod.GET, GROUP_OPERATION, accepted(GROUP_OPERATION), json(200, ""));

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(byId(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(arm.sent(HttpMethod.DELETE, GROUP_PATH)).hasSize(1);
        assertThat(arm.sent(HttpMethod.GET, GROUP_OPERATION)).hasSize(2);
    }

    @Test
    void keepsTheResourceGroupItMadeWhenItHoldsOtherResourcesNow() {
        givenAnAccountWithContainers();
        arm.on(HttpMethod.GET, GROUP_PATH, json(200, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral",
            Map.of("cfn-created-for-account", ACCOUNT))));
        arm.on(HttpMethod.GET, GROUP_RESOURCES, json(200, list(List.of("{\"id\":\"" + GROUP_PATH
            + "/providers/Microsoft.KeyVault/vaults/team-vault\",\"name\":\"team-vault\"}"), null)));

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(byId(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(arm.sent(HttpMethod.DELETE, GROUP_PATH)).isEmpty();
        assertThat(logLines).anyMatch(line -> line.contains("Kept resource group dr-rg"));
    }

    @Test
    void aGroupItMadeThatCannotBeDeletedIsReportedWithoutDenyingThatTheAccountWasDeleted() {
        givenAnAccountWithContainers();
        arm.on(HttpMethod.GET, GROUP_PATH, json(200, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral",
            Map.of("cfn-created-for-account", ACCOUNT))));
        arm.on(HttpMethod.GET, GROUP_RESOURCES, error(404, "InvalidResourceType", "The resource type could not be "
            + "found."));

        final ProgressEvent<ResourceModel, CallbackContext> event = delete(byId(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.GeneralServiceException);
        assertThat(event.getMessage()).contains("'drcopies01' is deleted, but resource group 'dr-rg'",
            "az group delete --name dr-rg");
        assertThat(arm.sent(HttpMethod.DELETE, ACCOUNT_PATH)).hasSize(1);
    }

    @Test
    void answersInProgressWhileAzureDeletesTheGroupAndFinishesWhenItIsGone() {
        givenAnAccountWithContainers();
        arm.on(HttpMethod.GET, GROUP_PATH, json(200, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral",
            Map.of("cfn-created-for-account", ACCOUNT))));
        arm.on(HttpMethod.GET, GROUP_RESOURCES, json(200, list(List.of(), null)));
        arm.on(HttpMethod.DELETE, GROUP_PATH, accepted(GROUP_OPERATION));
        arm.on(HttpMethod.GET, GROUP_OPERATION, accepted(GROUP_OPERATION));

        final ProgressEvent<ResourceModel, CallbackContext> first = new DeleteHandler(dependencies).handleRequest(
            invocation(request(byId()), null, Duration.ofSeconds(4)));

        assertThat(first.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(first.getCallbackContext().getAccountDeleteRequested()).isTrue();
        assertThat(first.getCallbackContext().getResourceGroupDeleteRequested()).isTrue();

        arm.on(HttpMethod.GET, ACCOUNT_PATH, error(404, "ResourceNotFound", "The Resource was not found."));
        arm.on(HttpMethod.GET, GROUP_PATH, error(404, "ResourceGroupNotFound", "Resource group 'dr-rg' could not be "
            + "found."));
        final ProgressEvent<ResourceModel, CallbackContext> second = delete(byId(), first.getCallbackContext());

        assertThat(second.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(arm.sent(HttpMethod.DELETE, ACCOUNT_PATH)).hasSize(1);
    }

    @Test
    void anAccountThatIsNotThereIsNotFoundUnlessThisOperationDeletedIt() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, error(404, "ResourceNotFound", "The Resource was not found."));
        arm.on(HttpMethod.GET, GROUP_PATH, json(200, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral", Map.of())));

        final ProgressEvent<ResourceModel, CallbackContext> gone = delete(byId(), null);
        final ProgressEvent<ResourceModel, CallbackContext> resumed = delete(byId(),
            CallbackContext.builder().accountDeleteRequested(true).build());

        assertThat(gone.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
        assertThat(gone.getMessage()).contains("'drcopies01' does not exist");
        assertThat(resumed.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    }
}
