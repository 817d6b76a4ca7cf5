package io.cfnazure.blobstorage.container.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.cloudformation.proxy.ProxyClient;

/**
 * Client secrets read from Secrets Manager, kept for a few minutes per AWS account, Region and secret so that a warm
 * handler does not read the same secret on every invocation, yet picks up a rotated secret soon. Entries of one AWS
 * account are never used for another's requests (the account is part of the key).
 */
public class ClientSecretCache {

    static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 64;

    private record Entry(ClientSecret secret, Instant fetchedAt) {
    }

    private final Clock clock;
    private final Map<SecretLocation, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<SecretLocation, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public ClientSecretCache(final Clock clock) {
        this.clock = clock;
    }

    /** The secret, read with the caller's credentials (the proxy injects them) unless a fresh copy is cached. */
    public synchronized ClientSecret get(final ProxyClient<SecretsManagerClient> secretsManager,
                                         final SecretLocation location) {
        final Instant now = clock.instant();
        final Entry cached = entries.get(location);
        if (cached != null && cached.fetchedAt().plus(TIME_TO_LIVE).isAfter(now)) {
            return cached.secret();
        }
        final GetSecretValueResponse response = secretsManager.injectCredentialsAndInvokeV2(
            GetSecretValueRequest.builder().secretId(location.secretId()).build(),
            secretsManager.client()::getSecretValue);
        final ClientSecret secret = ClientSecret.parse(location.secretId(), response.secretString());
        entries.put(location, new Entry(secret, now));
        return secret;
    }

    public synchronized void forget(final SecretLocation location) {
        entries.remove(location);
    }
}
