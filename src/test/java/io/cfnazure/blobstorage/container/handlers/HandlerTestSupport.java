package io.cfnazure.blobstorage.container.handlers;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerProperties;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.blobstorage.container.arm.ArmContainers;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.blobstorage.container.azure.AzureAccess;
import io.cfnazure.blobstorage.container.azure.AzureClients;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.ClientSecretCache;
import io.cfnazure.access.signin.EntraIdSignIn;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.mockito.stubbing.OngoingStubbing;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.LoggerProxy;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Handlers under test with the SDK clients mocked at the edge: Azure's BlobServiceClient/BlobContainerClient, Azure
 * Resource Manager's HTTP client under the real management SDK ({@link ArmHttpEdge}), and AWS's SecretsManagerClient.
 * Everything between (translation, credentials, error mapping) is the real code.
 */
abstract class HandlerTestSupport {

    static final String ACCOUNT = "mystorage01";
    static final String CONTAINER = "backups";
    static final String URL = "https://mystorage01.blob.core.windows.net/backups";
    static final String TENANT = "11111111-2222-3333-4444-555555555555";
    static final String CLIENT = "66666666-7777-8888-9999-000000000000";
    static final String SECRET_NAME = "azure/blobstorage/client-secret";
    static final String CLIENT_SECRET = "s3cr3t~value.that.must.never.leak";
    static final String TOKEN = "0b8f6f44-2b4c-4d59-9d5a-0ad1c3a9e0f1";

    final List<String> logLines = new java.util.ArrayList<>();
    final Logger logger = logLines::add;
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    BlobServiceClient service;
    BlobContainerClient container;
    SecretsManagerClient secretsManager;
    StsClient sts;
    AzureClients azureClients;
    ArmHttpEdge arm;
    ArmClients armClients;
    EntraIdSignIn entraId;
    Clock clock;
    BaseHandlerStd.Dependencies dependencies;
    AmazonWebServicesClientProxy proxy;

    @BeforeEach
    void mockTheEdges() {
        service = mock(BlobServiceClient.class);
        container = mock(BlobContainerClient.class);
        lenient().when(service.getBlobContainerClient(any())).thenReturn(container);
        secretsManager = mock(SecretsManagerClient.class);
        lenient().when(secretsManager.getSecretValue(any(GetSecretValueRequest.class)))
            .thenReturn(GetSecretValueResponse.builder().name(SECRET_NAME).secretString(CLIENT_SECRET).build());
        azureClients = mock(AzureClients.class);
        lenient().when(azureClients.gateway(any(AzureAccess.class), any(AccessToken.class), any(Deadline.class)))
            .thenAnswer(call -> new StorageAccountGateway(service, call.getArgument(0), call.getArgument(2)));
        entraId = mock(EntraIdSignIn.class);
        lenient().when(entraId.signIn(any(), any(), any(), any(), any(), any()))
            .thenReturn(new AccessToken("entra-access-token", OffsetDateTime.now().plusHours(1)));
        final Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(final java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        this.clock = clock;
        sts = mock(StsClient.class);
        arm = new ArmHttpEdge();
        armClients = new ArmClients(arm);
        dependencies = new BaseHandlerStd.Dependencies(azureClients, armClients, new CallerSignIn(entraId,
            new ClientSecretCache(clock, CallerSignIn.TERMS), new AwsWebIdentityTokens(clock, CallerSignIn.TERMS),
            region -> secretsManager, region -> sts), clock);
        proxy = new AmazonWebServicesClientProxy(new LoggerProxy(),
            new Credentials("ASIAEXAMPLECALLERKEY", "callerSecretKey", "callerSessionToken"), () -> 60_000L);
    }

    /** One invocation with the function's time limit of template.yml, on the test clock. */
    Invocation invocation(final ResourceHandlerRequest<ResourceModel> request, final CallbackContext context,
                          final TypeConfigurationModel typeConfiguration) {
        return new Invocation(proxy, request, context, logger, typeConfiguration,
            Deadline.forInvocation(clock, Deadline.DEFAULT_FUNCTION_TIMEOUT, null), "caller-identity-hash");
    }

    OngoingStubbing<Response<BlobContainerProperties>> whenProperties() {
        return when(container.getPropertiesWithResponse(any(), any(), any()));
    }

    /** Azure answers Get Container Properties with these, one call after the other (the last one repeats). */
    void givenProperties(final BlobContainerProperties first, final BlobContainerProperties... then) {
        @SuppressWarnings("unchecked")
        final Response<BlobContainerProperties>[] rest = java.util.Arrays.stream(then).map(HandlerTestSupport::response)
            .toArray(Response[]::new);
        whenProperties().thenReturn(response(first), rest);
    }

    static <T> Response<T> response(final T value) {
        return new SimpleResponse<>(null, 200, null, value);
    }

    static ResourceModel.ResourceModelBuilder fullModel() {
        return ResourceModel.builder()
            .storageAccountName(ACCOUNT)
            .containerName(CONTAINER)
            .azureTenantId(TENANT)
            .azureClientId(CLIENT)
            .azureClientSecretName(SECRET_NAME);
    }

    /** A full model of the management plane: the storage account by its Azure Resource Manager ID. */
    static ResourceModel.ResourceModelBuilder managedModel() {
        return fullModel().storageAccountName(null).storageAccountId(ArmContainers.ACCOUNT_ID);
    }

    static ResourceHandlerRequest<ResourceModel> request(final ResourceModel desired) {
        return request(desired, null);
    }

    static ResourceHandlerRequest<ResourceModel> request(final ResourceModel desired, final ResourceModel previous) {
        return ResourceHandlerRequest.<ResourceModel>builder()
            .desiredResourceState(desired)
            .previousResourceState(previous)
            .clientRequestToken(TOKEN)
            .awsAccountId("123456789012")
            .region("eu-central-1")
            .logicalResourceIdentifier("BackupContainer")
            .stackId("arn:aws:cloudformation:eu-central-1:123456789012:stack/dr-backup/4b1c7a10-0000-11ef-9d6f-0a1b2c3d4e5f")
            .build();
    }

    static BlobContainerProperties properties(final Map<String, String> metadata, final PublicAccessType access) {
        return new BlobContainerProperties(metadata, "\"etag\"", null, null, null, null, access, false, false,
            "$account-encryption-key", false);
    }

    static BlobStorageException azureError(final int status, final BlobErrorCode code) {
        final BlobStorageException e = mock(BlobStorageException.class);
        lenient().when(e.getStatusCode()).thenReturn(status);
        lenient().when(e.getErrorCode()).thenReturn(code);
        lenient().when(e.getServiceMessage()).thenReturn(code + " from Azure\nRequestId:abc\nTime:now");
        return e;
    }

    @SuppressWarnings("unchecked")
    static <T> PagedIterable<T> onePage(final List<T> items, final String continuationToken) {
        final PagedResponse<T> page = mock(PagedResponse.class);
        lenient().when(page.getValue()).thenReturn(items);
        lenient().when(page.getContinuationToken()).thenReturn(continuationToken);
        final PagedIterable<T> iterable = mock(PagedIterable.class);
        lenient().when(iterable.iterableByPage(any(Integer.class))).thenReturn(List.of(page));
        lenient().when(iterable.iterableByPage(any(), any(Integer.class))).thenReturn(List.of(page));
        return iterable;
    }
}
