package io.cfnazure.blobstorage.container.credentials;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.cfnazure.blobstorage.container.azure.AzureCloud;
import io.cfnazure.blobstorage.container.azure.TestEndpoints;
import io.cfnazure.blobstorage.container.invocation.Deadline;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * Signs in to Entra ID with a client secret, at most once per invocation and within its deadline: the token is taken
 * before any storage call and handed to the storage client, which never calls Entra ID itself. So a failing Entra ID
 * is met once, translated here, rather than inside every storage retry. A warm process keeps one
 * azure-identity credential per app and secret, whose cache answers repeated sign-ins without a round trip.
 */
public class EntraIdSignIn {

    private static final int MAX_CACHED = 32;

    private record Key(AzureCloud cloud, String tenantId, String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "EntraIdSignIn.Key[" + cloud + ", " + tenantId + ", " + clientId + "]";
        }
    }

    private final HttpClient httpClient;
    private final Map<Key, ClientSecretCredential> credentials = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<Key, ClientSecretCredential> eldest) {
            return size() > MAX_CACHED;
        }
    };

    public EntraIdSignIn(final HttpClient httpClient) {
        this.httpClient = httpClient;
    }

    /** A token for {@code scope}, fetched now within the deadline, or from azure-identity's cache. */
    public AccessToken signIn(final AzureSignIn signIn, final AzureCloud cloud, final String scope,
                              final Deadline deadline) {
        return fetch(credential(signIn, cloud), signIn, scope, deadline);
    }

    /** Forgets the credential of an app whose sign-in was refused, so a rotated secret starts afresh. */
    public synchronized void forget(final AzureSignIn signIn, final AzureCloud cloud) {
        credentials.remove(key(signIn, cloud));
    }

    private static AccessToken fetch(final ClientSecretCredential credential, final AzureSignIn signIn,
                                     final String scope, final Deadline deadline) {
        final Duration timeLeft = deadline.remaining();
        final Future<AccessToken> token = credential.getToken(new TokenRequestContext().addScopes(scope)).toFuture();
        try {
            if (timeLeft.isZero()) {
                throw new TimeoutException();
            }
            return token.get(timeLeft.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw translated(e, signIn);
        } catch (final ExecutionException e) {
            throw translated(e.getCause(), signIn);
        } catch (final TimeoutException | RuntimeException e) {
            token.cancel(true);
            throw translated(e, signIn);
        }
    }

    private static RuntimeException translated(final Throwable error, final AzureSignIn signIn) {
        final HandlerFailure failure = EntraIdFailures.translate(error, signIn);
        if (failure != null) {
            return failure;
        }
        return HandlerFailure.of(HandlerErrorCode.InternalFailure, "Signing in to Entra ID failed unexpectedly ("
            + error.getClass().getSimpleName() + "); the handler's log has the cause. Please report it.", error);
    }

    private synchronized ClientSecretCredential credential(final AzureSignIn signIn, final AzureCloud cloud) {
        return credentials.computeIfAbsent(key(signIn, cloud), key -> {
            final ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                .tenantId(signIn.tenantId())
                .clientId(signIn.clientId())
                .clientSecret(signIn.clientSecret())
                .httpClient(httpClient)
                // One retry layer: CloudFormation's callback (or its retry of a retriable code), never a wait here.
                .maxRetry(0);
            TestEndpoints.authorityHost().ifPresentOrElse(
                host -> builder.authorityHost(host).disableInstanceDiscovery(),
                () -> builder.authorityHost(cloud.authorityHost()));
            return builder.build();
        });
    }

    private static Key key(final AzureSignIn signIn, final AzureCloud cloud) {
        return new Key(cloud, signIn.tenantId(), signIn.clientId(), signIn.clientSecret());
    }
}
