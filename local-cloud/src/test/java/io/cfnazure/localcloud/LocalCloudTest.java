package io.cfnazure.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.BinaryData;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** The assembled local cloud, as the provider's tests use it: shared, and applied to this JVM. */
@UsesLocalCloud
class LocalCloudTest {

    @Test
    void createsListsAndDeletesAContainerOverHttpsWithOAuth(final LocalCloud cloud) {
        final BlobServiceClient service = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT);
        final String name = uniqueName();

        final BlobContainerClient container = service.createBlobContainer(name);
        container.getBlobClient("hello.txt").upload(BinaryData.fromString("hello"));

        assertThat(containerNames(service)).contains(name);
        assertThat(container.getBlobClient("hello.txt").downloadContent().toString()).isEqualTo("hello");
        container.delete();
        assertThat(containerNames(service)).doesNotContain(name);
    }

    @Test
    void keepsTheTwoStorageAccountsApart(final LocalCloud cloud) {
        final String name = uniqueName();

        cloud.blobServiceClient(LocalCloud.SECOND_STORAGE_ACCOUNT).createBlobContainer(name);

        assertThat(containerNames(cloud.blobServiceClient(LocalCloud.SECOND_STORAGE_ACCOUNT))).contains(name);
        assertThat(containerNames(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT))).doesNotContain(name);
    }

    /**
     * The handler's path, with nothing but this JVM's settings: the SDK's default HTTP clients, the AWS SDK's standard
     * endpoint property ({@code aws.endpointUrlSecretsManager}, no endpointOverride), the trust store and the
     * project's test endpoints. Only the handler's app counts in {@code tokenRequests(CLIENT_ID)}.
     */
    @Test
    void handlerSettingsLeadDefaultClientsToTheLocalCloud(final LocalCloud cloud) {
        final int tokensBefore = cloud.entraId().tokenRequests(LocalCloud.CLIENT_ID);
        final int secretRequestsBefore = cloud.secretsManager().requests();
        final String clientSecret;
        final CallerCredentials caller = cloud.callerCredentials();
        try (SecretsManagerClient secretsManager = SecretsManagerClient.builder()
            .region(Region.of(LocalCloud.REGION))
            .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                caller.accessKeyId(), caller.secretAccessKey(), caller.sessionToken())))
            .build()) {
            clientSecret = secretsManager.getSecretValue(request -> request.secretId(LocalCloud.SECRET_NAME))
                .secretString();
        }
        final BlobServiceClient service = new BlobServiceClientBuilder()
            .endpoint(System.getProperty("cfnazure.test.blobEndpoint").replace("{account}", LocalCloud.STORAGE_ACCOUNT))
            .credential(new ClientSecretCredentialBuilder()
                .tenantId(LocalCloud.TENANT_ID)
                .clientId(LocalCloud.CLIENT_ID)
                .clientSecret(clientSecret)
                .authorityHost(System.getProperty("cfnazure.test.authorityHost"))
                .disableInstanceDiscovery()
                .build())
            .buildClient();
        final String name = uniqueName();

        service.createBlobContainer(name);

        assertThat(clientSecret).isEqualTo(LocalCloud.CLIENT_SECRET);
        assertThat(cloud.secretsManager().requests()).isEqualTo(secretRequestsBefore + 1);
        assertThat(containerNames(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT))).contains(name);
        assertThat(cloud.entraId().tokenRequests(LocalCloud.CLIENT_ID)).isEqualTo(tokensBefore + 1);
    }

    /**
     * The secretless path with nothing but this JVM's settings: the default STS client of the Region finds the STS
     * stand-in through {@code aws.endpointUrlSts}, and the caller's token signs the federated app in. No secret is
     * read.
     */
    @Test
    void handlerSettingsLeadASecretlessSignInToTheLocalCloud(final LocalCloud cloud) {
        final CallerCredentials caller = cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN);
        final int tokensBefore = cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID);
        final int secretRequestsBefore = cloud.secretsManager().requests();
        final String awsToken = webIdentityToken(caller);
        final BlobServiceClient service = new BlobServiceClientBuilder()
            .endpoint(System.getProperty("cfnazure.test.blobEndpoint").replace("{account}", LocalCloud.STORAGE_ACCOUNT))
            .credential(new ClientAssertionCredentialBuilder()
                .tenantId(LocalCloud.TENANT_ID)
                .clientId(LocalCloud.FEDERATED_CLIENT_ID)
                .clientAssertion(() -> awsToken)
                .authorityHost(System.getProperty("cfnazure.test.authorityHost"))
                .disableInstanceDiscovery()
                .build())
            .buildClient();
        final String name = uniqueName();

        service.createBlobContainer(name);

        assertThat(containerNames(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT))).contains(name);
        assertThat(cloud.sts().tokensIssued(caller.accessKeyId())).isEqualTo(1);
        assertThat(cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID)).isEqualTo(tokensBefore + 1);
        assertThat(cloud.secretsManager().requests()).isEqualTo(secretRequestsBefore);
    }

    /**
     * The management plane's path with nothing but this JVM's settings: an AzureEnvironment whose resource manager
     * is {@code cfnazure.test.resourceManagerEndpoint}, the SDK's default HTTP client and the handler's app, which
     * reads the local subscription's accounts.
     */
    @Test
    void handlerSettingsLeadTheManagementSdkToTheResourceManagerStandIn(final LocalCloud cloud) {
        final int callsBefore = cloud.resourceManager().calls().size();
        final StorageManager storage = StorageManager.authenticate(new ClientSecretCredentialBuilder()
            .tenantId(LocalCloud.TENANT_ID)
            .clientId(LocalCloud.CLIENT_ID)
            .clientSecret(LocalCloud.CLIENT_SECRET)
            .authorityHost(System.getProperty("cfnazure.test.authorityHost"))
            .disableInstanceDiscovery()
            .build(), new AzureProfile(LocalCloud.TENANT_ID, LocalCloud.SUBSCRIPTION_ID,
            ResourceManagerClients.environment(System.getProperty("cfnazure.test.resourceManagerEndpoint"),
                System.getProperty("cfnazure.test.authorityHost"))));

        final StorageAccountInner account = storage.serviceClient().getStorageAccounts()
            .getByResourceGroup(LocalCloud.RESOURCE_GROUP, LocalCloud.STORAGE_ACCOUNT);

        assertThat(account.id()).isEqualTo(LocalCloud.storageAccountId(LocalCloud.STORAGE_ACCOUNT));
        assertThat(account.primaryEndpoints().blob())
            .isEqualTo(System.getProperty("cfnazure.test.blobEndpoint").replace("{account}",
                LocalCloud.STORAGE_ACCOUNT) + "/");
        assertThat(cloud.resourceManager().calls().subList(callsBefore, cloud.resourceManager().calls().size()))
            .extracting(AzureResourceManagerStandIn.Call::clientId).containsOnly(LocalCloud.CLIENT_ID);
    }

    /** Azure Resource Manager's accounts: Azurite serves an account added while it runs, and forgets it again. */
    @Test
    void azuriteServesAnAccountAddedWhileItRunsUntilItIsRemoved(final LocalCloud cloud) {
        final String account = "added" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        final String name = uniqueName();

        cloud.azurite().addAccount(account);
        cloud.blobServiceClient(account).createBlobContainer(name).getBlobClient("a.txt")
            .upload(BinaryData.fromString("a"));
        cloud.blobServiceClientWithSharedKey(account).getBlobContainerClient(name).getBlobClient("b.txt")
            .upload(BinaryData.fromString("b"));

        assertThat(containerNames(cloud.blobServiceClient(account))).containsExactly(name);
        assertThat(containerNames(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT))).doesNotContain(name);
        cloud.azurite().removeAccount(account);
        final BlobStorageException unknown = catchThrowableOfType(BlobStorageException.class,
            () -> cloud.blobServiceClient(account).getBlobContainerClient(name).getProperties());
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(unknown.getErrorCode().toString()).isEqualTo("ResourceNotFound");
    }

    /** The execution role has execution-role.yaml's policy: the handlers' request passes, a longer token does not. */
    @Test
    void theExecutionRoleGetsOnlyTheTokensItsTemplateAllows(final LocalCloud cloud) {
        final CallerCredentials caller = cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN);
        try (StsClient sts = stsClient(caller)) {
            assertThat(sts.getWebIdentityToken(request -> request.audience(LocalCloud.WEB_IDENTITY_AUDIENCE)
                .signingAlgorithm("RS256").durationSeconds(300)).webIdentityToken()).isNotBlank();

            final StsException refusal = catchThrowableOfType(StsException.class, () -> sts.getWebIdentityToken(
                request -> request.audience(LocalCloud.WEB_IDENTITY_AUDIENCE).signingAlgorithm("RS256")
                    .durationSeconds(600)));

            assertThat(refusal.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(refusal.awsErrorDetails().errorMessage()).contains(caller.accessKeyId());
        }
    }

    /** Pins the emulator gap that ACL tests work around: under OAuth Azurite refuses Get Container ACL. */
    @Test
    void containerAclNeedsTheSharedKeyOnAzurite(final LocalCloud cloud) {
        final String name = uniqueName();
        final BlobContainerClient withKey = cloud.blobServiceClientWithSharedKey(LocalCloud.STORAGE_ACCOUNT)
            .createBlobContainer(name);

        withKey.setAccessPolicy(PublicAccessType.BLOB, List.of());

        assertThat(withKey.getAccessPolicy().getBlobAccessType()).isEqualTo(PublicAccessType.BLOB);
        final BlobStorageException refusal = catchThrowableOfType(BlobStorageException.class,
            () -> cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT).getBlobContainerClient(name).getAccessPolicy());
        assertThat(refusal.getStatusCode()).isEqualTo(403);
        assertThat(refusal.getErrorCode().toString()).isEqualTo("AuthorizationFailure");
        assertThat(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT).getBlobContainerClient(name).getProperties()
            .getBlobPublicAccess()).isEqualTo(PublicAccessType.BLOB);
    }

    @Test
    void azuriteRefusesAnExpiredToken(final LocalCloud cloud) {
        final String client = UUID.randomUUID().toString();
        cloud.entraId().registerAppIssuingExpiredTokens(LocalCloud.TENANT_ID, client, "expired-token-app-secret");
        final BlobServiceClient service = new BlobServiceClientBuilder()
            .endpoint(cloud.azurite().blobEndpoint(LocalCloud.STORAGE_ACCOUNT))
            .credential(new ClientSecretCredentialBuilder()
                .tenantId(LocalCloud.TENANT_ID)
                .clientId(client)
                .clientSecret("expired-token-app-secret")
                .authorityHost(cloud.entraId().authorityHost())
                .disableInstanceDiscovery()
                .build())
            .buildClient();

        final BlobStorageException refusal = catchThrowableOfType(BlobStorageException.class,
            () -> service.getBlobContainerClient(uniqueName()).exists());

        assertThat(refusal.getStatusCode()).isEqualTo(403);
        assertThat(refusal.getErrorCode().toString()).isEqualTo("AuthenticationFailed");
    }

    /** What tests scan logs and answers for, so that none of it leaks. */
    @Test
    void listsEveryTokenItIssuedWholeAndInPartsAndEverySecretItKnows(final LocalCloud cloud) {
        final CallerCredentials caller = cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN);
        final String[] awsToken = webIdentityToken(caller).split("\\.");
        containerNames(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT)); // the test bed's own Entra ID token
        final String onlyInSecretsManager = "Refused~Secret." + java.util.UUID.randomUUID();
        cloud.secretsManager().putSecret("tests/only-in-secrets-manager", onlyInSecretsManager);
        cloud.secretsManager().putSecret("tests/short-placeholder", "x");

        final List<String> secrets = cloud.secretsAndTokens();

        assertThat(secrets).contains(String.join(".", awsToken), awsToken[1], awsToken[2], LocalCloud.CLIENT_SECRET,
                caller.secretAccessKey(), caller.sessionToken(), cloud.callerCredentials().secretAccessKey(),
                cloud.callerCredentials().sessionToken())
            .containsAll(cloud.entraId().issuedAccessTokens())
            .as("a value Entra ID never knew").contains(onlyInSecretsManager)
            .as("what is no secret: a JWT header, an access key ID, a placeholder too short to tell")
            .doesNotContain(awsToken[0], caller.accessKeyId(), "x");
        assertThat(cloud.entraId().issuedAccessTokens()).isNotEmpty();
    }

    private static String webIdentityToken(final CallerCredentials caller) {
        try (StsClient sts = stsClient(caller)) {
            return sts.getWebIdentityToken(request -> request.audience(LocalCloud.WEB_IDENTITY_AUDIENCE)
                .signingAlgorithm("RS256")).webIdentityToken();
        }
    }

    /** The Region's default STS client, which finds the stand-in through {@code aws.endpointUrlSts}. */
    private static StsClient stsClient(final CallerCredentials caller) {
        return StsClient.builder()
            .region(Region.of(LocalCloud.REGION))
            .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                caller.accessKeyId(), caller.secretAccessKey(), caller.sessionToken())))
            .build();
    }

    private static List<String> containerNames(final BlobServiceClient service) {
        return service.listBlobContainers().stream().map(BlobContainerItem::getName).toList();
    }

    private static String uniqueName() {
        return "test-bed-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
