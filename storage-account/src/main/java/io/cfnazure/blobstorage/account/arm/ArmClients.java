package io.cfnazure.blobstorage.account.arm;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.HttpClientOptions;
import com.azure.resourcemanager.storage.StorageManager;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.calls.WarmCache;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Builds the Azure Resource Manager client of a subscription, as one app sees it, once, and keeps it for the life of
 * a warm handler. Its credential only hands out the token the invocation fetched beforehand: the management pipeline
 * never calls Entra ID.
 */
public class ArmClients {

    /** java.net.http, for Resource Manager and Entra ID alike. Each call's own time limit comes from the deadline. */
    public static final HttpClient HTTP = HttpClient.createDefault(new HttpClientOptions()
        .setConnectTimeout(Duration.ofSeconds(5))
        .setResponseTimeout(Duration.ofSeconds(20)));
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

    private record Client(StorageManager manager, AtomicReference<AccessToken> token) {
    }

    private final HttpClient httpClient;
    private final WarmCache<Access, Client> clients = new WarmCache<>(MAX_CACHED);

    public ArmClients(final HttpClient httpClient) {
        this.httpClient = httpClient;
    }

    /** The gateway of this invocation: the subscription's client, signed in with {@code token}, bounded by the deadline. */
    public ArmGateway gateway(final Access access, final AccessToken token, final Deadline deadline) {
        final Client client = clients.computeIfAbsent(access, this::build);
        client.token().set(token);
        return new ArmGateway(client.manager(), access, deadline);
    }

    private Client build(final Access access) {
        final AtomicReference<AccessToken> token = new AtomicReference<>();
        final StorageManager manager = StorageManager.configure()
            .withHttpClient(httpClient)
            .withRetryPolicy(RETRIES)
            .authenticate(request -> Mono.justOrEmpty(token.get()), new AzureProfile(access.tenantId(),
                access.subscriptionId(), ManagementEndpoints.environment(access.cloud())));
        return new Client(manager, token);
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
