package io.cfnazure.blobstorage.container.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobAudience;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.cfnazure.blobstorage.container.invocation.Deadline;
import io.cfnazure.blobstorage.container.invocation.WarmCache;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Builds the blob service client of an {@link AzureAccess} once and keeps it for the life of a warm handler. Its
 * credential only hands out the token the invocation fetched beforehand: the storage pipeline never calls Entra ID.
 */
public class AzureClients {

    /** java.net.http for Azure Storage and Entra ID alike. Each call's own time limit comes from the deadline. */
    public static final HttpClient HTTP = HttpClient.createDefault(new HttpClientOptions()
        .setConnectTimeout(Duration.ofSeconds(5))
        .setResponseTimeout(Duration.ofSeconds(20)));
    private static final int MAX_CACHED = 32;
    /**
     * The one retry layer of a storage call: a few quick tries with short back-off, each try and the whole call bounded
     * by the invocation's deadline (the gateway passes what remains as the call's timeout).
     */
    private static final RequestRetryOptions RETRIES = new RequestRetryOptions(
        RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(20), Duration.ofMillis(500), Duration.ofSeconds(2), null);

    private record Client(BlobServiceClient service, AtomicReference<AccessToken> token) {
    }

    private final WarmCache<AzureAccess, Client> clients = new WarmCache<>(MAX_CACHED);

    /** The gateway of this invocation: the account's client, signed in with {@code token}, bounded by {@code deadline}. */
    public StorageAccountGateway gateway(final AzureAccess access, final AccessToken token, final Deadline deadline) {
        final Client client = clients.computeIfAbsent(access, AzureClients::build);
        client.token().set(token);
        return new StorageAccountGateway(client.service(), access, deadline);
    }

    private static Client build(final AzureAccess access) {
        final AtomicReference<AccessToken> token = new AtomicReference<>();
        final String account = access.storageAccountName();
        final BlobServiceClient service = new BlobServiceClientBuilder()
            .endpoint(TestEndpoints.blobEndpoint(account).orElse("https://" + access.cloud().blobHost(account)))
            .credential(request -> Mono.justOrEmpty(token.get()))
            .audience(BlobAudience.fromString(access.cloud().storageAudience(account)))
            .httpClient(HTTP)
            .retryOptions(RETRIES)
            .buildClient();
        return new Client(service, token);
    }
}
