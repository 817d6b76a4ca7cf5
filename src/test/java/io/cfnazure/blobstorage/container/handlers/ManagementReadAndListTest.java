package io.cfnazure.blobstorage.container.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmContainers.CONTAINERS_PATH;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.GROUP;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.container;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.containerPath;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.SUBSCRIPTION;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.azure.core.http.HttpMethod;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.blobstorage.container.arm.ArmContainers;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.blobstorage.container.model.ImmutabilityPolicy;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Read and List with StorageAccountId, and a Read that gets only the ContainerUrl: its account is looked for in the
 * type configuration's subscription, and read through Azure Resource Manager when it is there, so that drift shows
 * the retention policy and the legal holds.
 */
class ManagementReadAndListTest extends HandlerTestSupport {

    private static final String ACCOUNTS_OF_SUBSCRIPTION = "/subscriptions/" + SUBSCRIPTION
        + "/providers/Microsoft.Storage/storageAccounts";
    private static final TypeConfigurationModel WITH_SUBSCRIPTION = TypeConfigurationModel.builder()
        .subscriptionId(SUBSCRIPTION).build();

    private static ResourceModel identifierOnly() {
        return ResourceModel.builder().containerUrl(URL).build();
    }

    private ProgressEvent<ResourceModel, CallbackContext> read(final ResourceModel model,
                                                               final TypeConfigurationModel configuration) {
        return new ReadHandler(dependencies).handleRequest(invocation(request(model.toBuilder().azureTenantId(TENANT)
            .azureClientId(CLIENT).azureClientSecretName(SECRET_NAME).build()), null, configuration));
    }

    @Test
    void readReturnsThePolicyAndTheHoldsSoThatDriftShowsThem() {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), json(200, container(CONTAINER).metadata("purpose", "dr")
            .policy(new ArmContainers.Policy(90, true, true, "e1", 1)).legalHold("case2026", "audit2025").json()));

        final ProgressEvent<ResourceModel, CallbackContext> event = read(managedModel().containerUrl(URL).build(), null);

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getResourceModel().getStorageAccountId()).isEqualTo(ArmContainers.ACCOUNT_ID);
        assertThat(event.getResourceModel().getImmutabilityPolicy()).isEqualTo(ImmutabilityPolicy.builder()
            .retentionDays(90).allowProtectedAppendWrites(true).locked(true).build());
        assertThat(event.getResourceModel().getLegalHoldTags()).containsExactly("audit2025", "case2026");
        assertThat(event.getResourceModel().getMetadata()).isEqualTo(Map.of("purpose", "dr"));
        verifyNoInteractions(service);
    }

    @Test
    void aUrlAloneFindsItsAccountInTheTypeConfigurationsSubscription() {
        arm.on(HttpMethod.GET, ACCOUNTS_OF_SUBSCRIPTION, json(200, ArmHttpEdge.list(List.of(
            ArmHttpEdge.account(GROUP, ACCOUNT, "germanywestcentral", "Succeeded", "Standard_LRS", Map.of())), null)));
        arm.on(HttpMethod.GET, containerPath(CONTAINER), json(200, container(CONTAINER).policy(30, false, "e1")
            .json()));

        final ProgressEvent<ResourceModel, CallbackContext> event = read(identifierOnly(), WITH_SUBSCRIPTION);

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getResourceModel().getStorageAccountId()).isEqualTo(ArmContainers.ACCOUNT_ID);
        assertThat(event.getResourceModel().getImmutabilityPolicy().getRetentionDays()).isEqualTo(30);
        verifyNoInteractions(service);
    }

    @Test
    void aUrlWhoseAccountIsNotInTheSubscriptionIsReadThroughTheBlobService() {
        arm.on(HttpMethod.GET, ACCOUNTS_OF_SUBSCRIPTION, json(200, ArmHttpEdge.list(List.of(), null)));
        givenProperties(properties(Map.of(), PublicAccessType.BLOB));

        final ProgressEvent<ResourceModel, CallbackContext> event = read(identifierOnly(), WITH_SUBSCRIPTION);

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getResourceModel().getStorageAccountId()).isNull();
        assertThat(event.getResourceModel().getPublicAccess()).isEqualTo("Blob");
        assertThat(arm.sent(HttpMethod.GET, containerPath(CONTAINER))).isEmpty();
    }

    @Test
    void withoutASubscriptionInTheTypeConfigurationAUrlAloneIsReadThroughTheBlobServiceAsBefore() {
        givenProperties(properties(Map.of(), null));

        final ProgressEvent<ResourceModel, CallbackContext> event = read(identifierOnly(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(arm.exchanges()).isEmpty();
        verify(container).getPropertiesWithResponse(org.mockito.ArgumentMatchers.any(),
            org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void listWithStorageAccountIdPagesThroughAzureResourceManager() {
        final String nextLink = "https://management.azure.com" + CONTAINERS_PATH + "?api-version=2025-06-01"
            + "&$maxpagesize=2&$skipToken=page2";
        arm.on(HttpMethod.GET, CONTAINERS_PATH, json(200, ArmHttpEdge.list(List.of(
            container("backups").publicAccess("Blob").listed(), container("$logs").listed(),
            container("archive").versionLevel().listed()), nextLink)));

        final ProgressEvent<ResourceModel, CallbackContext> page = new ListHandler(dependencies).handleRequest(
            invocation(ResourceHandlerRequest.<ResourceModel>builder()
                .desiredResourceState(ResourceModel.builder().storageAccountId(ArmContainers.ACCOUNT_ID)
                    .azureTenantId(TENANT).azureClientId(CLIENT).azureClientSecretName(SECRET_NAME).build())
                .awsAccountId("123456789012").region("eu-central-1").maxResults(2).build(), null, null));

        assertThat(page.getStatus()).as(page.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(page.getResourceModels()).extracting(ResourceModel::getContainerUrl).containsExactly(
            "https://mystorage01.blob.core.windows.net/backups", "https://mystorage01.blob.core.windows.net/archive");
        assertThat(page.getResourceModels()).allSatisfy(model ->
            assertThat(model.getStorageAccountId()).isEqualTo(ArmContainers.ACCOUNT_ID));
        assertThat(page.getResourceModels().get(0).getPublicAccess()).isEqualTo("Blob");
        assertThat(page.getResourceModels().get(1).getVersionLevelImmutability()).isTrue();
        assertThat(page.getNextToken()).isEqualTo(nextLink);
        assertThat(arm.sent(HttpMethod.GET, CONTAINERS_PATH)).singleElement()
            .satisfies(list -> assertThat(list.query()).contains("maxpagesize=2"));
        verifyNoInteractions(service);
    }
}
