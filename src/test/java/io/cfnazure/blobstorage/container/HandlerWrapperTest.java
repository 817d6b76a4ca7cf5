package io.cfnazure.blobstorage.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.mockStatic;

import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.io.IOException;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

class HandlerWrapperTest {

    /**
     * Every response's model loses the write-only properties (the sign-in settings), and the schema that names them is
     * loaded once for all responses: the wrapper's own sanitizeModel loads it again each time, about 20 ms of every
     * warm Create, Read and Update.
     */
    @Test
    void responseModelsLoseWriteOnlyPropertiesWithTheSchemaLoadedOnce() throws IOException {
        final HandlerWrapper wrapper = new HandlerWrapper();
        final ResourceModel model = ResourceModel.builder()
            .storageAccountName("mystorage01").containerName("dr-copy").metadata(Map.of("purpose", "dr"))
            .azureTenantId("72f988bf-86f1-41af-91ab-2d7cd011db47").azureClientId("0c7e3a52-6d1b-4f7e-9b8a-3f2d1c0b9a87")
            .azureClientSecretName("azure/blobstorage/dr").azureAuthentication("ClientSecret")
            .azureWebIdentityAudience("api://AzureADTokenExchange").autoDeleteBlobs(true)
            .build();

        try (MockedStatic<ResourceTypeSchema> schemaLoads = mockStatic(ResourceTypeSchema.class, CALLS_REAL_METHODS)) {
            for (int i = 0; i < 3; i++) {
                assertThat(wrapper.sanitizeModel(model)).isEqualTo(ResourceModel.builder()
                    .storageAccountName("mystorage01").containerName("dr-copy").metadata(Map.of("purpose", "dr"))
                    .build());
            }
            schemaLoads.verify(() -> ResourceTypeSchema.load(any(JSONObject.class)), atMost(1));
        }
    }
}
