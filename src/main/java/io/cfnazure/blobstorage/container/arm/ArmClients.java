package io.cfnazure.blobstorage.container.arm;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import com.azure.resourcemanager.resources.implementation.ResourceManagementClientBuilder;
import com.azure.resourcemanager.storage.fluent.StorageManagementClient;
import com.azure.resourcemanager.storage.implementation.StorageManagementClientBuilder;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.azure.AzureHttpClient;
import io.cfnazure.access.calls.WarmCache;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Builds the Azure Resource Manager clients of a subscription, as one app sees it, once, and keeps them for the life
 * of a warm handler. Their credential only hands out the token the invocation fetched beforehand: the management
 * pipeline never calls Entra ID. Both resource types use them: the account type for accounts and resource groups, the
 * container type for containers.
 * <p>
 * The service clients are built on the management libraries' own pipeline ({@link HttpPipelineProvider}) rather than
 * through {@code StorageManager}, whose constructor also signs in the authorization library (1.6 MB of the Lambda
 * package, for role assignments neither type makes); the clients are the ones {@code StorageManager.serviceClient()}
 * and {@code ResourceManager.serviceClient()} return.
 */
public class ArmClients {

    private static final int MAX_CACHED = 32;
    /**
     * The one retry layer inside an invocation: two quick tries after a failing or unreachable Resource Manager, never
     * after throttling. A 429 goes back to CloudFormation with its Retry-After, which this invocation may not outlast.
     */
    private static final RetryPolicy RETRIES = new RetryPolicy(new QuickRetries(), null, null);

    /**
     * One subscription as one Entra ID app sees it, for one AWS account: a warm handler never serves one AWS
     * account's request with a client built for another.
     */
    public record Access(String awsAccountId, AzureCloud cloud, String tenantId, String clientId,
                         String subscriptionId) {
    }

    /** A subscription's clients: storage accounts and what they hold, and resource groups. */
    public record Management(StorageManagementClient storage, ResourceManagementClient resources) {
    }

    private record Client(Management management, AtomicReference<AccessToken> token) {
    }

    private final HttpClient httpClient;
    private final WarmCache<Access, Client> clients = new WarmCache<>(MAX_CACHED);

    /** With the handlers' HTTP client. */
    public ArmClients() {
        this(AzureHttpClient.SHARED);
    }

    public ArmClients(final HttpClient httpClient) {
        this.httpClient = httpClient;
    }

    /**
     * The subscription's clients, signed in with {@code token}: each call through them is bounded by the caller
     * ({@link ArmCalls}), with what remains of the invocation's deadline.
     */
    public Management management(final Access access, final AccessToken token) {
        final Client client = clients.computeIfAbsent(access, this::build);
        client.token().set(token);
        return client.management();
    }

    private Client build(final Access access) {
        final AtomicReference<AccessToken> token = new AtomicReference<>();
        final AzureProfile profile = new AzureProfile(access.tenantId(), access.subscriptionId(),
            ManagementEndpoints.environment(access.cloud()));
        final HttpPipeline pipeline = HttpPipelineProvider.buildHttpPipeline(request -> Mono.justOrEmpty(token.get()),
            profile, null, new HttpLogOptions(), null, RETRIES, List.of(), httpClient);
        final String endpoint = profile.getEnvironment().getResourceManagerEndpoint();
        return new Client(new Management(
            new StorageManagementClientBuilder().pipeline(pipeline).endpoint(endpoint)
                .subscriptionId(access.subscriptionId()).buildClient(),
            new ResourceManagementClientBuilder().pipeline(pipeline).endpoint(endpoint)
                .subscriptionId(access.subscriptionId()).buildClient()), token);
    }

    /** Retries 5xx answers and failed connections twice, half a second apart; nothing else. */
    private static final class QuickRetries implements RetryStrategy {

        private static final Set<Integer> RETRIED = Set.of(500, 502, 503, 504);

        @Override
        public int getMaxRetries() {
            return 2;
        }

        @Override
        public Duration calculateRetryDelay(final int retryAttempts) {
            return Duration.ofMillis(500);
        }

        @Override
        public boolean shouldRetry(final HttpResponse response) {
            return RETRIED.contains(response.getStatusCode());
        }
    }
}
