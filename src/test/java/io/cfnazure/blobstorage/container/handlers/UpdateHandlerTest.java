package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.azure.storage.blob.models.BlobContainerAccessPolicies;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobSignedIdentifier;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class UpdateHandlerTest extends HandlerTestSupport {

    private ProgressEvent<ResourceModel, CallbackContext> update(final ResourceModel desired,
                                                                 final ResourceModel previous) {
        return new UpdateHandler(dependencies).handleRequest(invocation(request(desired, previous), null, null));
    }

    @Test
    void aMetadataChangeReplacesMetadataOnlyAndKeepsTheAclAlone() {
        givenProperties(
            properties(Map.of("purpose", "dr", Translator.CREATED_BY_REQUEST_KEY, TOKEN), null),
            properties(Map.of("purpose", "archive"), null));

        final ProgressEvent<ResourceModel, CallbackContext> event = update(
            fullModel().containerUrl(URL).metadata(Map.of("purpose", "archive")).build(),
            fullModel().containerUrl(URL).metadata(Map.of("purpose", "dr")).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        verify(container).setMetadataWithResponse(eq(Map.of("purpose", "archive")), any(), any(), any());
        verify(container, never()).setAccessPolicyWithResponse(any(), any(), any(), any(), any());
        verify(container, never()).getAccessPolicyWithResponse(any(), any(), any());
        assertThat(event.getResourceModel().getMetadata()).containsExactlyEntriesOf(Map.of("purpose", "archive"));
    }

    @Test
    void anAccessLevelChangeKeepsTheStoredAccessPolicies() {
        final List<BlobSignedIdentifier> policies = List.of(new BlobSignedIdentifier().setId("read-only-policy"));
        when(container.getAccessPolicyWithResponse(any(), any(), any()))
            .thenReturn(response(new BlobContainerAccessPolicies(null, policies)));
        givenProperties(properties(Map.of(), null),
            properties(Map.of(), PublicAccessType.BLOB));

        final ProgressEvent<ResourceModel, CallbackContext> event = update(
            fullModel().containerUrl(URL).publicAccess("Blob").build(), fullModel().containerUrl(URL).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        verify(container).setAccessPolicyWithResponse(eq(PublicAccessType.BLOB), eq(policies), any(), any(), any());
        verify(container, never()).setMetadataWithResponse(anyMap(), any(), any(), any());
        assertThat(event.getResourceModel().getPublicAccess()).isEqualTo("Blob");
    }

    @Test
    void changingACreateOnlyPropertyIsNotUpdatable() {
        final ProgressEvent<ResourceModel, CallbackContext> event = update(
            fullModel().containerUrl(URL).defaultEncryptionScope("scope2").build(),
            fullModel().containerUrl(URL).defaultEncryptionScope("scope1").build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(event.getMessage()).contains("DefaultEncryptionScope");
        verifyNoInteractions(service, secretsManager);
    }

    @Test
    void aContainerThatIsGoneIsNotFound() {
        final BlobStorageException gone = azureError(404, BlobErrorCode.CONTAINER_NOT_FOUND);
        whenProperties().thenThrow(gone);

        final ProgressEvent<ResourceModel, CallbackContext> event =
            update(fullModel().containerUrl(URL).build(), fullModel().containerUrl(URL).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
        verify(container, never()).setMetadataWithResponse(anyMap(), any(), any(), any());
    }
}
