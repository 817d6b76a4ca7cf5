package io.cfnazure.blobstorage.container.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.util.DateTimeRfc1123;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobAudience;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.InMemoryHttpResponse;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.calls.WarmCache;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Builds the blob service client of an {@link AzureAccess} once and keeps it for the life of a warm handler. Its
 * credential only hands out the token the invocation fetched beforehand: the storage pipeline never calls Entra ID.
 */
public class AzureClients {

    private static final int MAX_CACHED = 32;
    private static final Duration PRIMING_TIME_LIMIT = Duration.ofSeconds(5);
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

    /**
     * For a cold start: loads and initialises what a handler's first Azure calls need (a storage client with its
     * pipeline, request and response handling; an Entra ID sign-in through azure-identity and MSAL) by making them
     * against an HTTP client that answers in memory, with made-up names. No request leaves the process; nothing is kept.
     */
    public static void prime() {
        final AzureAccess access = new AzureAccess(null, AzureCloud.DEFAULT, "cfncoldstartpriming", null, null);
        final HttpClient inMemory = request -> Mono.just(primingAnswer(request));
        new ClientSecretCredentialBuilder()
            .tenantId(UUID.randomUUID().toString())
            .clientId(UUID.randomUUID().toString())
            .clientSecret("cold-start-priming")
            .authorityHost(access.cloud().authorityHost())
            .disableInstanceDiscovery()
            .pipeline(new HttpPipelineBuilder().httpClient(inMemory).build())
            .build()
            .getToken(new TokenRequestContext().addScopes(access.cloud().storageScope(access.storageAccountName())))
            .block(PRIMING_TIME_LIMIT);
        final Client client = build(access, inMemory);
        client.token().set(new AccessToken("cold-start-priming", OffsetDateTime.now().plusHours(1)));
        final StorageAccountGateway gateway = new StorageAccountGateway(client.service(), access,
            Deadline.in(Clock.systemUTC(), PRIMING_TIME_LIMIT));
        gateway.create(new ContainerGateway.NewContainer("priming", Map.of("priming", "true"), null, null, false, null));
        gateway.properties("priming");
    }

    private static Client build(final AzureAccess access) {
        return build(access, AzureHttpClient.SHARED);
    }

    private static Client build(final AzureAccess access, final HttpClient httpClient) {
        final AtomicReference<AccessToken> token = new AtomicReference<>();
        final String account = access.storageAccountName();
        final BlobServiceClient service = new BlobServiceClientBuilder()
            .endpoint(access.cloud().blobEndpoint(account))
            .credential(request -> Mono.justOrEmpty(token.get()))
            .audience(BlobAudience.fromString(access.cloud().storageAudience(account)))
            .httpClient(httpClient)
            .retryOptions(RETRIES)
            .buildClient();
        return new Client(service, token);
    }

    /** Entra ID's answer to a token request, or Azure Storage's to Create Container and Get Container Properties. */
    private static InMemoryHttpResponse primingAnswer(final HttpRequest request) {
        if (request.getUrl().getPath().endsWith("/token")) {
            return new InMemoryHttpResponse(request, 200,
                new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json; charset=utf-8"),
                "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                    + "\"access_token\":\"cold-start-priming\"}");
        }
        final String now = DateTimeRfc1123.toRfc1123String(OffsetDateTime.now());
        return new InMemoryHttpResponse(request, request.getHttpMethod() == HttpMethod.PUT ? 201 : 200,
            new HttpHeaders().set(HttpHeaderName.ETAG, "\"0x8DD0000000000000\"")
                .set(HttpHeaderName.LAST_MODIFIED, now)
                .set(HttpHeaderName.DATE, now)
                .set(HttpHeaderName.fromString("x-ms-meta-priming"), "true"),
            "");
    }
}
