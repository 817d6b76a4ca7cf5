package io.cfnazure.blobstorage.account.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.SUBSCRIPTION;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.blobstorage.account.arm.ManagementSignIn;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.ClientSecretCache;
import io.cfnazure.access.signin.EntraIdSignIn;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.LoggerProxy;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Handlers under test with the edges mocked: Azure Resource Manager at the HTTP client of the real management SDK
 * ({@link ArmHttpEdge}), the container type's Entra ID sign-in, and AWS's SecretsManagerClient. Everything between
 * (the SDK's requests and polling, translation, jurisdiction, error mapping) is the real code.
 */
abstract class HandlerTestSupport {

    static final String GROUP = "dr-rg";
    static final String ACCOUNT = "drcopies01";
    static final String ID = ArmHttpEdge.accountPath(GROUP, ACCOUNT);
    static final String ACCOUNT_PATH = ID;
    static final String BLOB_SERVICE_PATH = ID + "/blobServices/default";
    static final String CONTAINERS_PATH = ID + "/blobServices/default/containers";
    static final String GROUP_PATH = ArmHttpEdge.GROUP_PATH + GROUP;
    static final String CHECK_NAME_PATH = "/subscriptions/" + SUBSCRIPTION
        + "/providers/Microsoft.Storage/checkNameAvailability";
    static final String OPERATION_PATH = "/subscriptions/" + SUBSCRIPTION
        + "/providers/Microsoft.Storage/locations/germanywestcentral/asyncoperations/op-1";
    static final String TENANT = "11111111-2222-3333-4444-555555555555";
    static final String CLIENT = "66666666-7777-8888-9999-000000000000";
    static final String SECRET_NAME = "azure/blobstorage/client-secret";
    static final String CLIENT_SECRET = "s3cr3t~value.that.must.never.leak";
    static final String TOKEN = "0b8f6f44-2b4c-4d59-9d5a-0ad1c3a9e0f1";
    static final String STACK_ID =
        "arn:aws:cloudformation:eu-central-1:123456789012:stack/dr-backup/4b1c7a10-0000-11ef-9d6f-0a1b2c3d4e5f";
    static final ObjectMapper JSON = new ObjectMapper();

    final List<String> logLines = new ArrayList<>();
    final Logger logger = logLines::add;
    ArmHttpEdge arm;
    EntraIdSignIn entraId;
    SecretsManagerClient secretsManager;
    Clock clock;
    BaseHandlerStd.Dependencies dependencies;
    AmazonWebServicesClientProxy proxy;

    @BeforeEach
    void mockTheEdges() {
        arm = new ArmHttpEdge();
        entraId = mock(EntraIdSignIn.class);
        lenient().when(entraId.signIn(any(), any(), any(), any(), any(), any()))
            .thenReturn(new AccessToken("entra-management-token", OffsetDateTime.now().plusHours(1)));
        secretsManager = mock(SecretsManagerClient.class);
        lenient().when(secretsManager.getSecretValue(any(GetSecretValueRequest.class)))
            .thenReturn(GetSecretValueResponse.builder().name(SECRET_NAME).secretString(CLIENT_SECRET).build());
        clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
        final StsClient sts = mock(StsClient.class);
        dependencies = new BaseHandlerStd.Dependencies(new ArmClients(arm), new ManagementSignIn(entraId,
            new ClientSecretCache(clock, CallerSignIn.TERMS), new AwsWebIdentityTokens(clock, CallerSignIn.TERMS),
            region -> secretsManager, region -> sts), clock);
        proxy = new AmazonWebServicesClientProxy(new LoggerProxy(),
            new Credentials("ASIAEXAMPLECALLERKEY", "callerSecretKey", "callerSessionToken"), () -> 60_000L);
    }

    /** One invocation with the function's time limit of template.yml, in real time (Azure's polling waits really). */
    Invocation invocation(final ResourceHandlerRequest<ResourceModel> request, final CallbackContext context) {
        return invocation(request, context, Deadline.DEFAULT_FUNCTION_TIMEOUT);
    }

    Invocation invocation(final ResourceHandlerRequest<ResourceModel> request, final CallbackContext context,
                          final Duration functionTimeLeft) {
        return new Invocation(proxy, request, context, logger, (TypeConfigurationModel) null,
            Deadline.forInvocation(Clock.systemUTC(), functionTimeLeft, null), "caller-identity-hash");
    }

    static ResourceModel.ResourceModelBuilder fullModel() {
        return ResourceModel.builder()
            .subscriptionId(SUBSCRIPTION)
            .resourceGroupName(GROUP)
            .accountName(ACCOUNT)
            .azureTenantId(TENANT)
            .azureClientId(CLIENT)
            .azureClientSecretName(SECRET_NAME);
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
            .logicalResourceIdentifier("DrCopies")
            .stackId(STACK_ID)
            .build();
    }

    /** The account as ARM describes it, in germanywestcentral, made by this request (its tag says so). */
    static String ourAccount(final String provisioningState, final String sku, final Map<String, String> userTags) {
        final Map<String, String> tags = new java.util.TreeMap<>(userTags);
        tags.put("cfn-client-request-token", io.cfnazure.cloudformation.Sha256.hex(TOKEN));
        return ArmHttpEdge.account(GROUP, ACCOUNT, "germanywestcentral", provisioningState, sku, tags);
    }

    /** Azure answering reads of a ready account of this request with the hardened defaults. */
    void givenOurAccountIsReady() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, ArmHttpEdge.json(200, ourAccount("Succeeded", "Standard_LRS", Map.of())));
        arm.on(HttpMethod.GET, BLOB_SERVICE_PATH,
            ArmHttpEdge.json(200, ArmHttpEdge.blobService(GROUP, ACCOUNT, true, 7, 7)));
        arm.on(HttpMethod.PUT, BLOB_SERVICE_PATH,
            ArmHttpEdge.json(200, ArmHttpEdge.blobService(GROUP, ACCOUNT, true, 7, 7)));
    }

    static JsonNode body(final ArmHttpEdge.Exchange exchange) {
        try {
            return JSON.readTree(exchange.body());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
