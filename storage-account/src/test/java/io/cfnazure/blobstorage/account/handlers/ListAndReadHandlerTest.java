package io.cfnazure.blobstorage.account.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.error;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpMethod;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

class ListAndReadHandlerTest extends HandlerTestSupport {

    private static final String ACCOUNTS_PATH = "/subscriptions/" + ArmHttpEdge.SUBSCRIPTION
        + "/providers/Microsoft.Storage/storageAccounts";
    private static final TypeConfigurationModel CONFIGURATION = TypeConfigurationModel.builder()
        .azureCredentials(AzureCredentials.builder().tenantId(TENANT).clientId(CLIENT).clientSecretName(SECRET_NAME)
            .build())
        .build();

    private Invocation withTypeConfiguration(final ResourceHandlerRequest<ResourceModel> request) {
        final Invocation invocation = invocation(request, null);
        return new Invocation(invocation.proxy(), request, null, logger, CONFIGURATION, invocation.deadline(),
            invocation.callerIdentity());
    }

    @Test
    void readsAnAccountFromItsIdAloneWithTheTypeConfigurationsCredentials() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ourAccount("Succeeded", "Standard_GRS", Map.of("team", "dr"))));
        arm.on(HttpMethod.GET, BLOB_SERVICE_PATH, json(200, ArmHttpEdge.blobService(GROUP, ACCOUNT, false, 0, 14)));

        final ProgressEvent<ResourceModel, CallbackContext> event = new ReadHandler(dependencies).handleRequest(
            withTypeConfiguration(request(ResourceModel.builder().id(ID).build())));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        final ResourceModel model = event.getResourceModel();
        assertThat(model.getId()).isEqualTo(ID);
        assertThat(model.getSku()).isEqualTo("Standard_GRS");
        assertThat(model.getSecondaryLocation()).isEqualTo("germanynorth");
        assertThat(model.getTags()).isEqualTo(Map.of("team", "dr"));
        assertThat(model.getBlobVersioning()).isFalse();
        assertThat(model.getBlobSoftDeleteRetentionDays()).isZero();
        assertThat(model.getContainerSoftDeleteRetentionDays()).isEqualTo(14);
        assertThat(model.getAzureClientSecretName()).isNull();
        assertThat(model.getJurisdiction()).isNull();
    }

    @Test
    void anAccountThatIsNotThereIsNotFound() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, error(404, "ResourceNotFound", "The Resource was not found."));

        final ProgressEvent<ResourceModel, CallbackContext> event = new ReadHandler(dependencies).handleRequest(
            invocation(request(fullModel().id(ID).build()), null));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    }

    @Test
    void anIdThatIsNoStorageAccountIsInvalidRequest() {
        final ProgressEvent<ResourceModel, CallbackContext> event = new ReadHandler(dependencies).handleRequest(
            invocation(request(fullModel().id("/subscriptions/x/resourceGroups/y/providers/Microsoft.Web/sites/z")
                .accountName(null).build()), null));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("is not the resource ID of a storage account");
        assertThat(arm.exchanges()).isEmpty();
    }

    @Test
    void listsTheSubscriptionsStorageV2AccountsAPageAtATime() {
        final String blobStorageKind = ArmHttpEdge.account(GROUP, "oldblobs01", "westeurope", "Succeeded",
            "Standard_LRS", Map.of()).replace("\"kind\":\"StorageV2\"", "\"kind\":\"BlobStorage\"");
        final String nextLink = "https://management.azure.com" + ACCOUNTS_PATH + "?api-version=2025-06-01&$skiptoken=p2";
        arm.on(HttpMethod.GET, ACCOUNTS_PATH, json(200, list(List.of(
            ourAccount("Succeeded", "Standard_LRS", Map.of()), blobStorageKind), nextLink)));

        final ProgressEvent<ResourceModel, CallbackContext> event = new ListHandler(dependencies).handleRequest(
            withTypeConfiguration(request(ResourceModel.builder().subscriptionId(ArmHttpEdge.SUBSCRIPTION).build())));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getResourceModels()).extracting(ResourceModel::getId).containsExactly(ID);
        assertThat(event.getNextToken()).isEqualTo(nextLink);

        arm.on(HttpMethod.GET, ACCOUNTS_PATH, json(200, list(List.of(), null)));
        final ProgressEvent<ResourceModel, CallbackContext> last = new ListHandler(dependencies).handleRequest(
            withTypeConfiguration(request(ResourceModel.builder().subscriptionId(ArmHttpEdge.SUBSCRIPTION).build())
                .toBuilder().nextToken(nextLink).build()));

        assertThat(last.getResourceModels()).isEmpty();
        assertThat(last.getNextToken()).isNull();
        assertThat(arm.sent(HttpMethod.GET, ACCOUNTS_PATH).get(1).query()).contains("skiptoken=p2");
    }

    @Test
    void listNeedsTheSubscription() {
        final ProgressEvent<ResourceModel, CallbackContext> event = new ListHandler(dependencies).handleRequest(
            withTypeConfiguration(request(ResourceModel.builder().build())));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("List needs SubscriptionId");
    }
}
