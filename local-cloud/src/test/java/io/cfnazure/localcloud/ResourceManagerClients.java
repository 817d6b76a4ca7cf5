package io.cfnazure.localcloud;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The real Azure management SDK pointed at the local cloud's Azure Resource Manager stand-in: an AzureEnvironment whose
 * resource manager endpoint is the stand-in and whose management endpoint (the token's audience) is ARM's, signed in
 * through the Entra ID stand-in.
 */
final class ResourceManagerClients {

    static final HttpClient HTTP_CLIENT = httpClient(null);

    private ResourceManagerClients() {
    }

    /** The environment the tests and the handlers use: ARM's endpoint from {@code cfnazure.test.resourceManagerEndpoint}. */
    static AzureEnvironment environment(final String resourceManagerEndpoint, final String authorityHost) {
        // The graph endpoints are never called; StorageManager's authorization client needs them set.
        return new AzureEnvironment(Map.of(
            "resourceManagerEndpointUrl", resourceManagerEndpoint,
            "managementEndpointUrl", "https://management.azure.com/",
            "activeDirectoryEndpointUrl", authorityHost,
            "activeDirectoryGraphResourceId", "https://graph.windows.net/",
            "microsoftGraphResourceId", "https://graph.microsoft.com/"));
    }

    static StorageManager storageManager(final LocalCloud cloud, final String clientId, final String secret) {
        return storageManager(cloud, credential(cloud, LocalCloud.TENANT_ID, clientId, secret), LocalCloud.SUBSCRIPTION_ID,
            HTTP_CLIENT, null);
    }

    /** The handler's app, a Contributor of the local subscription. */
    static StorageManager storageManager(final LocalCloud cloud) {
        return storageManager(cloud, LocalCloud.CLIENT_ID, LocalCloud.CLIENT_SECRET);
    }

    /** A manager that does not retry: what a throttled or failed request answers reaches the test. */
    static StorageManager storageManagerWithoutRetries(final LocalCloud cloud, final HttpClient httpClient) {
        return storageManager(cloud, credential(cloud, LocalCloud.TENANT_ID, LocalCloud.CLIENT_ID,
            LocalCloud.CLIENT_SECRET), LocalCloud.SUBSCRIPTION_ID, httpClient,
            new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)));
    }

    static StorageManager storageManager(final LocalCloud cloud, final TokenCredential credential,
                                         final String subscriptionId, final HttpClient httpClient,
                                         final RetryOptions retryOptions) {
        final StorageManager.Configurable configurable = StorageManager.configure().withHttpClient(httpClient);
        if (retryOptions != null) {
            configurable.withRetryOptions(retryOptions);
        }
        return configurable.authenticate(credential, new AzureProfile(LocalCloud.TENANT_ID, subscriptionId,
            environment(cloud.resourceManager().endpoint(), cloud.entraId().authorityHost())));
    }

    static TokenCredential credential(final LocalCloud cloud, final String tenantId, final String clientId,
                                      final String secret) {
        return new ClientSecretCredentialBuilder()
            .tenantId(tenantId)
            .clientId(clientId)
            .clientSecret(secret)
            .authorityHost(cloud.entraId().authorityHost())
            .disableInstanceDiscovery()
            .httpClient(HTTP_CLIENT)
            .build();
    }

    /** A new app of the local tenant with no role anywhere; its client id doubles as its secret's seed. */
    static String newApp(final LocalCloud cloud) {
        final String clientId = UUID.randomUUID().toString();
        cloud.entraId().registerApp(LocalCloud.TENANT_ID, clientId, secretOf(clientId));
        return clientId;
    }

    static String secretOf(final String clientId) {
        return "Sx8Q~secret-of-" + clientId;
    }

    /** Trusts the test certificate; with a response timeout, for requests the stand-in holds. */
    static HttpClient httpClient(final Duration responseTimeout) {
        final JdkHttpClientBuilder builder = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
            .sslContext(TestCertificate.get().clientSslContext()));
        if (responseTimeout != null) {
            builder.responseTimeout(responseTimeout);
        }
        return builder.build();
    }

    static String uniqueAccountName() {
        return "arm" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    }

    /** A StorageV2 account in the local resource group. */
    static StorageAccountCreateParameters account(final String location, final SkuName sku) {
        return new StorageAccountCreateParameters()
            .withSku(new Sku().withName(sku))
            .withKind(Kind.STORAGE_V2)
            .withLocation(location);
    }

    static StorageAccountInner create(final StorageManager storage, final String name,
                                      final StorageAccountCreateParameters parameters) {
        return storage.serviceClient().getStorageAccounts().create(LocalCloud.RESOURCE_GROUP, name, parameters);
    }
}
