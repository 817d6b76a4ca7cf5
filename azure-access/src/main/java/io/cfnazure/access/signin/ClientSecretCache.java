package io.cfnazure.access.signin;

import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.calls.WarmCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Client secrets read from Secrets Manager, kept for a few minutes so that a warm process does not read the same
 * secret on every invocation, yet picks up a rotated secret soon. The handlers read with the caller's credentials; the
 * backup copy service with its function's role. An entry serves only the caller identity that read it (and its AWS
 * account and Region): a principal that may not read the secret never gets it from the cache.
 */
public class ClientSecretCache {

    static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 64;

    private record Key(SecretLocation location, String callerIdentity) {
    }

    private record Entry(ClientSecret secret, Instant fetchedAt) {
    }

    /** Calls GetSecretValue with some AWS credentials, keeping the time limits the request carries. */
    @FunctionalInterface
    public interface SecretsManager {
        GetSecretValueResponse getSecretValue(GetSecretValueRequest request);
    }

    private final Clock clock;
    private final SignInTerms terms;
    private final WarmCache<Key, Entry> entries = new WarmCache<>(MAX_ENTRIES);

    public ClientSecretCache(final Clock clock, final SignInTerms terms) {
        this.clock = clock;
        this.terms = terms;
    }

    /**
     * The secret, read within the deadline, unless this caller read it recently.
     *
     * @param callerIdentity what tells callers apart (a hash of the caller's access key id, never the key itself), or
     *                       null for the process's own role
     */
    public ClientSecret get(final SecretsManager secretsManager, final SecretLocation location,
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

    private String read(final SecretsManager secretsManager, final SecretLocation location,
                        final Deadline deadline) {
        final Duration timeLeft = deadline.remaining();
        if (timeLeft.toMillis() < 2) {
            throw SecretsManagerFailures.translate(ApiCallTimeoutException.create(0), location, terms);
        }
        try {
            return secretsManager.getSecretValue(GetSecretValueRequest.builder()
                .secretId(location.secretId())
                .overrideConfiguration(o -> o.apiCallTimeout(timeLeft).apiCallAttemptTimeout(timeLeft.dividedBy(2)))
                .build()).secretString();
        } catch (final SdkException e) {
            throw SecretsManagerFailures.translate(e, location, terms);
        }
    }
}
