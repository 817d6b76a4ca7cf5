package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class CreateHandlerTest extends HandlerTestSupport {

    private ProgressEvent<ResourceModel, CallbackContext> create(final ResourceModel model,
                                                                 final CallbackContext context) {
        return new CreateHandler(dependencies).handleRequest(invocation(request(model), context, null));
    }

    @Test
    void createsTheContainerWithItsSettingsAndReturnsItAsAzureHasIt() {
        givenProperties(properties(
            Map.of("purpose", "dr", Translator.CREATED_BY_REQUEST_KEY, Translator.createdByRequestValue(TOKEN)),
            PublicAccessType.BLOB));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(
            fullModel().publicAccess("Blob").metadata(Map.of("purpose", "dr")).build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        @SuppressWarnings("unchecked")
        final ArgumentCaptor<Map<String, String>> metadata = ArgumentCaptor.forClass(Map.class);
        verify(container).createWithResponse(metadata.capture(), eq(PublicAccessType.BLOB), any(), any());
        assertThat(metadata.getValue()).containsEntry("purpose", "dr")
            .containsEntry(Translator.CREATED_BY_REQUEST_KEY, Translator.createdByRequestValue(TOKEN))
            .doesNotContainValue(TOKEN);
        assertThat(event.getResourceModel()).isEqualTo(ResourceModel.builder()
            .containerUrl(URL).storageAccountName(ACCOUNT).containerName(CONTAINER).azureCloud("AzurePublicCloud")
            .publicAccess("Blob").metadata(Map.of("purpose", "dr"))
            .defaultEncryptionScope("$account-encryption-key").denyEncryptionScopeOverride(false).build());
    }

    @Test
    void generatesAValidUniqueNameFromStackAndLogicalIdWhenContainerNameIsOmitted() {
        givenProperties(properties(Map.of(), null));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().containerName(null).build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        final ArgumentCaptor<String> name = ArgumentCaptor.forClass(String.class);
        verify(service, atLeastOnce()).getBlobContainerClient(name.capture());
        assertThat(name.getValue()).matches("dr-backup-backupcontainer-[0-9a-f]{12}");
        assertThat(event.getResourceModel().getContainerName()).isEqualTo(name.getValue());
        assertThat(event.getResourceModel().getContainerUrl())
            .isEqualTo("https://mystorage01.blob.core.windows.net/" + name.getValue());
    }

    @Test
    void aNameTakenByAnotherContainerIsAlreadyExists() {
        doThrow(azureError(409, BlobErrorCode.CONTAINER_ALREADY_EXISTS))
            .when(container).createWithResponse(anyMap(), any(), any(), any());
        givenProperties(properties(Map.of("owner", "someone-else"), null));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
        assertThat(event.getMessage()).contains("backups", "mystorage01", "already exists");
    }

    @Test
    void createInvokedAgainForTheSameRequestConvergesOnTheContainerItCreated() {
        doThrow(azureError(409, BlobErrorCode.CONTAINER_ALREADY_EXISTS))
            .when(container).createWithResponse(anyMap(), any(), any(), any());
        givenProperties(properties(
            Map.of(Translator.CREATED_BY_REQUEST_KEY, Translator.createdByRequestValue(TOKEN)), null));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(event.getResourceModel().getContainerUrl()).isEqualTo(URL);
        assertThat(event.getResourceModel().getMetadata()).isEmpty();
    }

    @Test
    void aNameStillBeingDeletedMakesCreateWaitWithACallbackNotASleep() {
        doThrow(azureError(409, BlobErrorCode.CONTAINER_BEING_DELETED))
            .when(container).createWithResponse(anyMap(), any(), any(), any());

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getCallbackDelaySeconds()).isEqualTo(CreateHandler.RETRY_DELAY_SECONDS);
        assertThat(event.getCallbackContext().getFirstAttemptEpochMillis()).isEqualTo(now.toEpochMilli());
        assertThat(event.getCallbackContext().getRetries()).isEqualTo(1);
        assertThat(event.getResourceModel().getContainerUrl()).isEqualTo(URL);
    }

    @Test
    void theNextInvocationCreatesOnceAzureReleasedTheName() {
        givenProperties(properties(Map.of(), null));
        final CallbackContext waited = CallbackContext.builder()
            .firstAttemptEpochMillis(now.toEpochMilli()).retries(3).build();
        now = now.plusSeconds(45);

        final ProgressEvent<ResourceModel, CallbackContext> event =
            create(fullModel().containerUrl(URL).build(), waited);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        verify(container).createWithResponse(anyMap(), any(), any(), any());
    }

    @Test
    void givesUpWithAClearMessageWhenTheNameStaysBlockedBeyondTheBudget() {
        doThrow(azureError(409, BlobErrorCode.CONTAINER_BEING_DELETED))
            .when(container).createWithResponse(anyMap(), any(), any(), any());
        final CallbackContext waited = CallbackContext.builder()
            .firstAttemptEpochMillis(now.toEpochMilli()).retries(30).build();
        now = now.plus(CreateHandler.WAIT_BUDGET).plus(Duration.ofSeconds(1));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), waited);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
        assertThat(event.getMessage()).contains("still reports", "backups");
    }

    @Test
    void invalidNamesFailBeforeAnythingReachesAzureOrSecretsManager() {
        for (final ResourceModel bad : new ResourceModel[] {
            fullModel().containerName("Backups").build(),
            fullModel().containerName("back--ups").build(),
            fullModel().containerName("ab").build(),
            fullModel().storageAccountName("My-Storage").build(),
            fullModel().metadata(Map.of("1st", "x")).build(),
            fullModel().metadata(Map.of("Environment", "prod")).build(),
            fullModel().metadata(Map.of("note", "line\r\nx-ms-meta-injected: 1")).build(),
            fullModel().metadata(Map.of("note", " padded")).build(),
            fullModel().metadata(Map.of("note", "x".repeat(8192 - 4 - 60))).build(),
            fullModel().publicAccess("Everyone").build(),
            fullModel().azureCloud("Mars").build(),
            fullModel().metadata(Map.of(Translator.CREATED_BY_REQUEST_KEY, "x")).build()}) {
            final ProgressEvent<ResourceModel, CallbackContext> event = create(bad, null);
            assertThat(event.getErrorCode()).as(bad.toString()).isEqualTo(HandlerErrorCode.InvalidRequest);
        }
        verifyNoInteractions(service, secretsManager);
    }

    @Test
    void theAccountNameIsRequired() {
        final ProgressEvent<ResourceModel, CallbackContext> event =
            create(fullModel().storageAccountName(null).build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("StorageAccountName");
    }

    @Test
    void aReadOnlyContainerUrlInTheTemplateIsRefused() {
        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().containerUrl(URL).build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("ContainerUrl is read-only");
        verify(container, never()).createWithResponse(anyMap(), any(), any(), any());
    }

    @Test
    void anAccountThatForbidsPublicAccessIsAnInvalidRequestWithTheFix() {
        doThrow(azureError(409, BlobErrorCode.fromString("PublicAccessNotPermitted")))
            .when(container).createWithResponse(anyMap(), any(), any(), any());

        final ProgressEvent<ResourceModel, CallbackContext> event =
            create(fullModel().publicAccess("Container").build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("AllowBlobPublicAccess", "PublicAccess to None");
    }

    @Test
    void aTransientFailureOfTheCreateCallIsRetriedByCallbackNotFailed() {
        final BlobStorageException busy = azureError(503, BlobErrorCode.SERVER_BUSY);
        doThrow(busy).when(container).createWithResponse(anyMap(), any(), any(), any());

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getCallbackDelaySeconds()).isEqualTo(CreateHandler.RETRY_DELAY_SECONDS);
        assertThat(event.getCallbackContext().getRetries()).isEqualTo(1);
        assertThat(event.getResourceModel().getContainerUrl()).isEqualTo(URL);
    }

    @Test
    void aContainerCreatedButNotReadBackKeepsItsIdentifierWithCloudFormation() {
        final BlobStorageException internal = azureError(500, BlobErrorCode.INTERNAL_ERROR);
        whenProperties().thenThrow(internal);

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        verify(container).createWithResponse(anyMap(), any(), any(), any());
        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getResourceModel().getContainerUrl()).isEqualTo(URL);
    }

    @Test
    void transientFailuresBeyondTheBudgetFailWithTheirOwnCode() {
        final BlobStorageException busy = azureError(503, BlobErrorCode.SERVER_BUSY);
        doThrow(busy).when(container).createWithResponse(anyMap(), any(), any(), any());
        final CallbackContext waited = CallbackContext.builder()
            .firstAttemptEpochMillis(now.toEpochMilli()).retries(32).build();
        now = now.plus(CreateHandler.WAIT_BUDGET);

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), waited);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.Throttling);
    }
}
