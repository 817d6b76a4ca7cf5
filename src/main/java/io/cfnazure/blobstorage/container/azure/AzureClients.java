package io.cfnazure.blobstorage.container.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobAudience;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the Azure clients of an {@link AzureAccess} and keeps them for the life of a warm handler: the credential
 * inside caches its Entra ID token until shortly before it expires, so repeated invocations skip the token round trip.
 */
public class AzureClients {

    private static final int MAX_CACHED = 32;
    /**
     * Bounded so that a failing call gives up well inside the function's 60 s (template.yml): at most 3 tries of
     * 10 s each with short back-off. CloudFormation retries a throttled or failed operation itself.
     */
    private static final RequestRetryOptions RETRIES = new RequestRetryOptions(
        RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(2), null);
    private static final HttpClient HTTP = HttpClient.createDefault(new HttpClientOptions()
        .setConnectTimeout(Duration.ofSeconds(5))
        .setResponseTimeout(Duration.ofSeconds(10)));

    private final Map<AzureAccess, StorageAccountGateway> gateways =
        new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<AzureAccess, StorageAccountGateway> eldest) {
                return size() > MAX_CACHED;
            }
        };

    public synchronized StorageAccountGateway gateway(final AzureAccess access) {
        return gateways.computeIfAbsent(access, a -> new StorageAccountGateway(serviceClient(a)));
    }

    /** Forgets the clients of an access whose credentials Azure refused, so a rotated secret is picked up. */
    public synchronized void forget(final AzureAccess access) {
        gateways.remove(access);
    }

    private static BlobServiceClient serviceClient(final AzureAccess access) {
        final String account = access.storageAccountName();
        return new BlobServiceClientBuilder()
            .endpoint(TestEndpoints.blobEndpoint(account).orElse("https://" + access.cloud().blobHost(account)))
            .credential(credential(access))
            .audience(BlobAudience.fromString(access.cloud().storageAudience(account)))
            .httpClient(HTTP)
            .retryOptions(RETRIES)
            .buildClient();
    }

    private static ClientSecretCredential credential(final AzureAccess access) {
        final ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
            .tenantId(access.tenantId())
            .clientId(access.clientId())
            .clientSecret(access.clientSecret())
            .httpClient(HTTP)
            .maxRetry(1);
        TestEndpoints.authorityHost().ifPresentOrElse(
            host -> builder.authorityHost(host).disableInstanceDiscovery(),
            () -> builder.authorityHost(access.cloud().authorityHost()));
        return builder.build();
    }
}
