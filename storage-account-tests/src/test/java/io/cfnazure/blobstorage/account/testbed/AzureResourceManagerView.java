package io.cfnazure.blobstorage.account.testbed;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.storage.StorageManager;
import io.cfnazure.localcloud.AzureResourceManagerStandIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.TestCertificate;
import java.util.Map;
import java.util.UUID;

/**
 * Azure Resource Manager as the tests see it, independently of the handler: the real management SDK signed in as an
 * app of the test bed's own (a Contributor of the local subscription), to arrange what a test needs (containers, legal
 * holds, locked policies) and check what the handler left.
 */
public final class AzureResourceManagerView {

    private AzureResourceManagerView() {
    }

    public static StorageManager storage(final LocalCloud cloud) {
        final String clientId = UUID.randomUUID().toString();
        final String secret = "View~" + UUID.randomUUID();
        cloud.entraId().registerApp(LocalCloud.TENANT_ID, clientId, secret);
        cloud.resourceManager().assignRole(clientId, AzureResourceManagerStandIn.Role.CONTRIBUTOR,
            "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID);
        final HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
            .sslContext(TestCertificate.get().clientSslContext())).build();
        // The graph endpoints are never called; the SDK's environment needs them set.
        final AzureEnvironment environment = new AzureEnvironment(Map.of(
            "resourceManagerEndpointUrl", cloud.resourceManager().endpoint(),
            "managementEndpointUrl", "https://management.azure.com/",
            "activeDirectoryEndpointUrl", cloud.entraId().authorityHost(),
            "activeDirectoryGraphResourceId", "https://graph.windows.net/",
            "microsoftGraphResourceId", "https://graph.microsoft.com/"));
        return StorageManager.configure().withHttpClient(http).authenticate(new ClientSecretCredentialBuilder()
                .tenantId(LocalCloud.TENANT_ID)
                .clientId(clientId)
                .clientSecret(secret)
                .authorityHost(cloud.entraId().authorityHost())
                .disableInstanceDiscovery()
                .httpClient(http)
                .build(), new AzureProfile(LocalCloud.TENANT_ID, LocalCloud.SUBSCRIPTION_ID, environment));
    }
}
