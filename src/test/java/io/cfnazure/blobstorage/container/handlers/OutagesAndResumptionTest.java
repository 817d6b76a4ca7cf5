package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.storage.blob.models.BlobContainerAccessPolicies;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.access.signin.SignInFailure;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/** What each action does when a service fails transiently or the time runs out, and how it resumes. */
class OutagesAndResumptionTest extends HandlerTestSupport {

    private static final SignInFailure ENTRA_OUTAGE = SignInFailure.of(SignInFailure.Category.SERVICE_ERROR,
        "Entra ID is failing to sign in app x (503 temporarily_unavailable); CloudFormation will retry.");

    @Test
    void anEntraIdOutageDuringCreateIsCalledBackNotBlamedOnTheSecret() {
        when(entraId.signIn(any(), any(), any(), any(), any(), any())).thenThrow(ENTRA_OUTAGE);

        final ProgressEvent<ResourceModel, CallbackContext> event =
            new CreateHandler(dependencies).handleRequest(invocation(request(fullModel().build()), null, null));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getMessage()).contains("Entra ID is failing").doesNotContain("client secret");
        assertThat(event.getResourceModel().getContainerUrl()).isEqualTo(URL);
        verify(container, never()).createWithResponse(anyMap(), any(), any(), any());
    }

    @Test
    void throttlingIsCalledBackAfterTheWaitTheServiceAskedFor() {
        when(entraId.signIn(any(), any(), any(), any(), any(), any())).thenThrow(
            SignInFailure.throttled("Entra ID is throttling", Duration.ofSeconds(40), null));

        final ProgressEvent<ResourceModel, CallbackContext> event =
            new CreateHandler(dependencies).handleRequest(invocation(request(fullModel().build()), null, null));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getCallbackDelaySeconds()).isEqualTo(40);
    }

    @Test
    void readAndListFailWithTheRetriableCodeInsteadOfWaiting() {
        when(entraId.signIn(any(), any(), any(), any(), any(), any())).thenThrow(ENTRA_OUTAGE);

        final ProgressEvent<ResourceModel, CallbackContext> read = new ReadHandler(dependencies)
            .handleRequest(invocation(request(fullModel().containerUrl(URL).build()), null, null));
        final ProgressEvent<ResourceModel, CallbackContext> list = new ListHandler(dependencies)
            .handleRequest(invocation(request(ResourceModel.builder().storageAccountName(ACCOUNT)
                .azureClientSecretName(SECRET_NAME).azureTenantId(TENANT).azureClientId(CLIENT).build()), null, null));

        assertThat(List.of(read, list)).allSatisfy(event -> {
            assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
            assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.ServiceInternalError);
        });
    }

    @Test
    void anUpdateCutOffHalfWayFinishesOnTheCallbackWithoutRedoingWhatIsDone() {
        when(container.getAccessPolicyWithResponse(any(), any(), any()))
            .thenReturn(response(new BlobContainerAccessPolicies(null, List.of())));
        givenProperties(properties(Map.of("purpose", "dr"), null));
        doThrow(AzureErrors.busy()).when(container).setMetadataWithResponse(anyMap(), any(), any(), any());
        final ResourceModel desired = fullModel().containerUrl(URL).publicAccess("Blob")
            .metadata(Map.of("purpose", "archive")).build();
        final ResourceModel previous = fullModel().containerUrl(URL).metadata(Map.of("purpose", "dr")).build();

        final ProgressEvent<ResourceModel, CallbackContext> first = new UpdateHandler(dependencies)
            .handleRequest(invocation(request(desired, previous), null, null));

        assertThat(first.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        verify(container).setAccessPolicyWithResponse(eq(PublicAccessType.BLOB), any(), any(), any(), any());

        // CloudFormation calls again with the same models; Azure now has the new access level, not the metadata.
        org.mockito.Mockito.reset(container);
        givenProperties(properties(Map.of("purpose", "dr"), PublicAccessType.BLOB),
            properties(Map.of("purpose", "archive"), PublicAccessType.BLOB));
        final ProgressEvent<ResourceModel, CallbackContext> second = new UpdateHandler(dependencies)
            .handleRequest(invocation(request(desired, previous), first.getCallbackContext(), null));

        assertThat(second.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        verify(container, never()).setAccessPolicyWithResponse(any(), any(), any(), any(), any());
        verify(container).setMetadataWithResponse(eq(Map.of("purpose", "archive")), any(), any(), any());
        assertThat(second.getResourceModel().getMetadata()).containsExactlyEntriesOf(Map.of("purpose", "archive"));
    }

    @Test
    void aDeleteWhoseRequestWasSentFindsTheContainerGoneOnTheCallbackAndSucceeds() {
        final CallbackContext sent = CallbackContext.builder().firstAttemptEpochMillis(now.toEpochMilli())
            .deleteRequested(true).build();
        doThrow(AzureErrors.notFound()).when(container).deleteWithResponse(any(), any(), any());

        final ProgressEvent<ResourceModel, CallbackContext> event = new DeleteHandler(dependencies).handleRequest(
            invocation(request(fullModel().containerUrl(URL).autoDeleteBlobs(true).build()), sent, null));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    }

    @Test
    void aDeleteOfAContainerThatWasNeverThereIsNotFound() {
        doThrow(AzureErrors.notFound()).when(container).deleteWithResponse(any(), any(), any());

        final ProgressEvent<ResourceModel, CallbackContext> event = new DeleteHandler(dependencies).handleRequest(
            invocation(request(fullModel().containerUrl(URL).autoDeleteBlobs(true).build()), null, null));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    }

    @Test
    void aDeleteCutOffAfterSendingItsRequestRemembersIt() {
        doThrow(AzureErrors.busy()).when(container).deleteWithResponse(any(), any(), any());

        final ProgressEvent<ResourceModel, CallbackContext> event = new DeleteHandler(dependencies).handleRequest(
            invocation(request(fullModel().containerUrl(URL).autoDeleteBlobs(true).build()), null, null));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getCallbackContext().getDeleteRequested()).isTrue();
    }

    @Test
    void anUnexpectedFailureIsLoggedWithItsCauseChainAndReportedWithoutIt() {
        whenProperties().thenThrow(new IllegalStateException("reactor said\nno", new ArithmeticException("/ by zero")));

        final ProgressEvent<ResourceModel, CallbackContext> event = new ReadHandler(dependencies)
            .handleRequest(invocation(request(fullModel().containerUrl(URL).build()), null, null));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InternalFailure);
        assertThat(event.getMessage()).contains("ArithmeticException", "log has details").doesNotContain("by zero");
        assertThat(logLines).anySatisfy(line -> assertThat(line)
            .contains("java.lang.IllegalStateException: reactor said?no", "java.lang.ArithmeticException: / by zero"));
        assertThat(logLines).allSatisfy(line -> assertThat(line).doesNotContain("\n", CLIENT_SECRET));
    }

    @Test
    void aHugeIdentifierIsShortenedInTheMessageAndTheLog() {
        final String huge = "https://" + "a".repeat(100_000) + "\nFORGED LINE";

        final ProgressEvent<ResourceModel, CallbackContext> event = new ReadHandler(dependencies)
            .handleRequest(invocation(request(fullModel().containerUrl(huge).build()), null, null));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).hasSizeLessThan(500).contains("characters)");
        assertThat(logLines).allSatisfy(line -> assertThat(line).hasSizeLessThan(1000).doesNotContain("\n"));
    }

    /** Azure's answers as the SDK throws them. */
    private static final class AzureErrors {
        static RuntimeException busy() {
            return azureError(503, BlobErrorCode.SERVER_BUSY);
        }

        static RuntimeException notFound() {
            return azureError(404, BlobErrorCode.CONTAINER_NOT_FOUND);
        }
    }
}
