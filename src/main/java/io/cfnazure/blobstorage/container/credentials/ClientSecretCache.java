package io.cfnazure.blobstorage.container.credentials;

import io.cfnazure.blobstorage.container.invocation.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.cfnazure.blobstorage.container.invocation.WarmCache;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.cloudformation.proxy.ProxyClient;

/**
 * Client secrets read from Secrets Manager, kept for a few minutes so that a warm handler does not read the same
 * secret on every invocation, yet picks up a rotated secret soon. An entry serves only the caller identity that read
 * it (and its AWS account and Region): a principal that may not read the secret never gets it from the cache.
 */
public class ClientSecretCache {

    static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 64;

    private record Key(SecretLocation location, String callerIdentity) {
    }

    private record Entry(ClientSecret secret, Instant fetchedAt) {
    }

    private final Clock clock;
    private final WarmCache<Key, Entry> entries = new WarmCache<>(MAX_ENTRIES);

    public ClientSecretCache(final Clock clock) {
        this.clock = clock;
    }

    /**
     * The secret, read with the caller's credentials (the proxy injects them) within the deadline, unless this caller
     * read it recently.
     *
     * @param callerIdentity what tells callers apart (a hash of the caller's access key id), never the key itself
     */
    public ClientSecret get(final ProxyClient<SecretsManagerClient> secretsManager, final SecretLocation location,
                            final String callerIdentity, final Deadline deadline) {
        final Key key = new Key(location, callerIdentity);
        final Instant now = clock.instant();
        final Entry cached = entries.get(key);
        if (cached != null && cached.fetchedAt().plus(TIME_TO_LIVE).isAfter(now)) {
            return cached.secret();
        }
        final ClientSecret secret = ClientSecret.parse(location.secretId(), read(secretsManager, location, deadline));
        entries.put(key, new Entry(secret, now));
        return secret;
    }

    public void forget(final SecretLocation location) {
        entries.removeIf(key -> key.location().equals(location));
    }

    private static String read(final ProxyClient<SecretsManagerClient> secretsManager, final SecretLocation location,
                               final Deadline deadline) {
        final Duration timeLeft = deadline.remaining();
        if (timeLeft.toMillis() < 2) {
            throw SecretsManagerFailures.translate(ApiCallTimeoutException.create(0), location);
        }
        try {
            final GetSecretValueResponse response = secretsManager.injectCredentialsAndInvokeV2(
                GetSecretValueRequest.builder().secretId(location.secretId()).build(),
                // The proxy replaces the request's override configuration with the caller's credentials: the time
                // limits go on top of that, so the SDK's own retries stay inside the invocation's deadline.
                request -> secretsManager.client().getSecretValue(request.toBuilder()
                    .overrideConfiguration(request.overrideConfiguration().orElseThrow().toBuilder()
                        .apiCallTimeout(timeLeft)
                        .apiCallAttemptTimeout(timeLeft.dividedBy(2))
                        .build())
                    .build()));
            return response.secretString();
        } catch (final SdkException e) {
            throw SecretsManagerFailures.translate(e, location);
        }
    }
}
