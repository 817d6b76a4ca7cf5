package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.core.http.rest.PagedIterable;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobContainerItemProperties;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.access.signin.AzureSignIn;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

class ListAndReadHandlerTest extends HandlerTestSupport {

    private static final TypeConfigurationModel TYPE_CONFIGURATION = TypeConfigurationModel.builder()
        .azureCredentials(AzureCredentials.builder()
            .tenantId(TENANT).clientId(CLIENT).clientSecretName("shared/azure-app").build())
        .build();

    @Test
    void readFromTheUrlAloneUsesTheTypeConfigurationCredentials() {
        givenProperties(properties(Map.of("purpose", "dr"), PublicAccessType.CONTAINER));

        final ProgressEvent<ResourceModel, CallbackContext> event = new ReadHandler(dependencies).handleRequest(invocation(request(ResourceModel.builder().containerUrl(URL).build()), null, TYPE_CONFIGURATION));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getResourceModel()).isEqualTo(ResourceModel.builder()
            .containerUrl(URL).storageAccountName(ACCOUNT).containerName(CONTAINER).azureCloud("AzurePublicCloud")
            .publicAccess("Container").metadata(Map.of("purpose", "dr"))
            .defaultEncryptionScope("$account-encryption-key").denyEncryptionScopeOverride(false).build());
        final ArgumentCaptor<GetSecretValueRequest> secretRequest = ArgumentCaptor.forClass(GetSecretValueRequest.class);
        verify(secretsManager).getSecretValue(secretRequest.capture());
        assertThat(secretRequest.getValue().secretId()).isEqualTo("shared/azure-app");
        final ArgumentCaptor<AzureSignIn> access = ArgumentCaptor.forClass(AzureSignIn.class);
        verify(entraId).signIn(access.capture(), any(), any(), any(), any(), any());
        assertThat(access.getValue().tenantId()).isEqualTo(TENANT);
        assertThat(((AzureSignIn.WithClientSecret) access.getValue()).clientSecret()).isEqualTo(CLIENT_SECRET);
    }

    @Test
    void theModelsCredentialsWinOverTheTypeConfiguration() {
        givenProperties(properties(Map.of(), null));

        new ReadHandler(dependencies).handleRequest(invocation(request(fullModel().containerUrl(URL).build()), null, TYPE_CONFIGURATION));

        final ArgumentCaptor<GetSecretValueRequest> secretRequest = ArgumentCaptor.forClass(GetSecretValueRequest.class);
        verify(secretsManager).getSecretValue(secretRequest.capture());
        assertThat(secretRequest.getValue().secretId()).isEqualTo(SECRET_NAME);
    }

    @Test
    void withoutAnyCredentialsReadSaysWhereToSetThem() {
        final ProgressEvent<ResourceModel, CallbackContext> event = new ReadHandler(dependencies).handleRequest(invocation(request(ResourceModel.builder().containerUrl(URL).build()), null, null));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("AzureClientSecretName", "type configuration");
    }

    @Test
    void readOfAContainerThatIsGoneIsNotFound() {
        final BlobStorageException gone = azureError(404, BlobErrorCode.CONTAINER_NOT_FOUND);
        whenProperties().thenThrow(gone);

        final ProgressEvent<ResourceModel, CallbackContext> event = new ReadHandler(dependencies).handleRequest(invocation(request(fullModel().containerUrl(URL).build()), null, null));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
        assertThat(event.getMessage()).contains("backups", "mystorage01");
    }

    @Test
    void listReturnsOnePageOfModelsWithTheirIdentifierAndAzuresMarkerAsNextTokenWithoutSystemContainers() {
        final BlobContainerItem item = new BlobContainerItem().setName("logs")
            .setMetadata(Map.of("team", "platform"))
            .setProperties(new BlobContainerItemProperties().setPublicAccess(PublicAccessType.BLOB)
                .setDefaultEncryptionScope("$account-encryption-key").setEncryptionScopeOverridePrevented(false));
        final BlobContainerItem website = new BlobContainerItem().setName("$web")
            .setProperties(new BlobContainerItemProperties());
        final PagedIterable<BlobContainerItem> page = onePage(List.of(website, item), "marker-2");
        when(service.listBlobContainers(any(ListBlobContainersOptions.class), (Duration) any())).thenReturn(page);
        final ResourceHandlerRequest<ResourceModel> request = request(ResourceModel.builder()
            .storageAccountName(ACCOUNT).build()).toBuilder().nextToken("marker-1").maxResults(2).build();

        final ProgressEvent<ResourceModel, CallbackContext> event =
            new ListHandler(dependencies).handleRequest(invocation(request, null, TYPE_CONFIGURATION));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getNextToken()).isEqualTo("marker-2");
        assertThat(event.getResourceModels()).singleElement().satisfies(model -> {
            assertThat(model.getContainerUrl()).isEqualTo("https://mystorage01.blob.core.windows.net/logs");
            assertThat(model.getPublicAccess()).isEqualTo("Blob");
            assertThat(model.getMetadata()).containsEntry("team", "platform");
            assertThat(model.getAzureClientSecretName()).isNull();
        });
        final ArgumentCaptor<ListBlobContainersOptions> options = ArgumentCaptor.forClass(ListBlobContainersOptions.class);
        verify(service).listBlobContainers(options.capture(), (Duration) any());
        assertThat(options.getValue().getMaxResultsPerPage()).isEqualTo(2);
        assertThat(options.getValue().getDetails().getRetrieveMetadata()).isTrue();
    }

    @Test
    void listWithoutAnAccountIsAnInvalidRequest() {
        final ProgressEvent<ResourceModel, CallbackContext> event = new ListHandler(dependencies).handleRequest(invocation(request(ResourceModel.builder().build()), null, TYPE_CONFIGURATION));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("StorageAccountName");
    }

    @Test
    void aPageOfContainersWithFullMetadataStaysFarBelowLambdasResponseLimit() throws Exception {
        // Worst case per container: 8 KiB of metadata made of characters JSON must escape.
        final Map<String, String> fullMetadata = Map.of("k", "\"\\".repeat(4000));
        final List<BlobContainerItem> items = java.util.stream.IntStream.range(0, ListHandler.MAX_PAGE_SIZE)
            .mapToObj(i -> new BlobContainerItem().setName("container-" + "x".repeat(50) + i).setMetadata(fullMetadata)
                .setProperties(new BlobContainerItemProperties()))
            .toList();
        final PagedIterable<BlobContainerItem> page = onePage(items, "next");
        when(service.listBlobContainers(any(ListBlobContainersOptions.class), (Duration) any())).thenReturn(page);
        final ResourceHandlerRequest<ResourceModel> request = request(ResourceModel.builder()
            .storageAccountName(ACCOUNT).build()).toBuilder().maxResults(5000).build();

        final ProgressEvent<ResourceModel, CallbackContext> event =
            new ListHandler(dependencies).handleRequest(invocation(request, null, TYPE_CONFIGURATION));

        final ArgumentCaptor<ListBlobContainersOptions> options = ArgumentCaptor.forClass(ListBlobContainersOptions.class);
        verify(service).listBlobContainers(options.capture(), (Duration) any());
        assertThat(options.getValue().getMaxResultsPerPage()).isEqualTo(ListHandler.MAX_PAGE_SIZE);
        final int responseBytes = new software.amazon.cloudformation.resource.Serializer().serialize(event)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(responseBytes).isLessThan(6 * 1024 * 1024 / 2);
        assertThat(event.getResourceModels()).hasSize(ListHandler.MAX_PAGE_SIZE);
    }
}
