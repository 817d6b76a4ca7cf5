package io.cfnazure.access.signin;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.TestEndpoints;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.SignInFailure.Category;
import io.cfnazure.access.calls.WarmCache;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Signs in to Entra ID, at most once per invocation and within its deadline: the token is taken before any storage
 * call and handed to the storage client, which never calls Entra ID itself. So a failing Entra ID is met once,
 * translated here, rather than inside every storage retry. A warm process keeps one azure-identity credential per app
 * (and, without a secret, per caller) and its token, reused until five minutes before it expires.
 */
public class EntraIdSignIn {

    private static final int MAX_CACHED = 32;
    /** A token is used until this long before it expires: no call made with it may outlive it. */
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    /** What tells credentials apart; its printed form names no secret. */
    private record Key(AzureCloud cloud, AzureSignIn signIn, String callerIdentity) {
        @Override
        public String toString() {
            return "EntraIdSignIn.Key[" + cloud + ", " + signIn + "]";
        }
    }

    /**
     * An azure-identity credential. Without a secret, its assertion comes from the AWS token source of the invocation
     * that signs in now, and the last token handed over names issuer and subject in messages.
     */
    private record Credential(TokenCredential credential, AtomicReference<Supplier<AwsWebIdentityTokens.Token>> source,
                              AtomicReference<AwsWebIdentityTokens.Token> lastAwsToken,
                              Map<String, AccessToken> tokensByScope) {
    }

    private final HttpPipeline pipeline;
    private final SignInTerms terms;
    private final WarmCache<Key, Credential> credentials = new WarmCache<>(MAX_CACHED);

    public EntraIdSignIn(final HttpClient httpClient, final SignInTerms terms) {
        this.pipeline = new HttpPipelineBuilder().httpClient(httpClient).policies(new EntraIdErrorPages()).build();
        this.terms = terms;
    }

    /**
     * A token for {@code scope}, fetched now within the deadline, or the one fetched before while it stays fresh.
     *
     * @param callerIdentity who the AWS token would name (a hash of the caller's key id); only used without a secret
     * @param awsTokens      the caller's AWS web identity tokens; only used without a secret
     */
    public AccessToken signIn(final AzureSignIn signIn, final AzureCloud cloud, final String scope,
                              final Deadline deadline, final String callerIdentity,
                              final Supplier<AwsWebIdentityTokens.Token> awsTokens) {
        final Key key = key(signIn, cloud, callerIdentity);
        final Credential credential = credential(key);
        final AccessToken cached = fresh(credential, scope);
        if (cached != null) {
            return cached;
        }
        credential.source().set(awsTokens);
        final Duration timeLeft = deadline.remaining();
        final Future<AccessToken> token = credential.credential()
            .getToken(new TokenRequestContext().addScopes(scope)).toFuture();
        try {
            if (timeLeft.isZero()) {
                throw new TimeoutException();
            }
            final AccessToken fetched = token.get(timeLeft.toMillis(), TimeUnit.MILLISECONDS);
            credential.tokensByScope().put(scope, fetched);
            return fetched;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(key, credential, e);
        } catch (final ExecutionException e) {
            throw failed(key, credential, e.getCause());
        } catch (final TimeoutException | RuntimeException e) {
            token.cancel(true);
            throw failed(key, credential, e);
        }
    }

    /**
     * A credential for a long-running caller (the backup copy service) that lets the Azure SDK refresh tokens as it
     * goes: it hands out the token {@link #signIn} fetched while that stays fresh, then asks Entra ID again. Without a
     * secret, {@code awsTokens} supplies the AWS token whenever Entra ID needs a new assertion.
     */
    public TokenCredential tokenCredential(final AzureSignIn signIn, final AzureCloud cloud,
                                           final Supplier<AwsWebIdentityTokens.Token> awsTokens) {
        final Key key = key(signIn, cloud, null);
        return request -> {
            final Credential credential = credential(key);
            final String scope = request.getScopes().size() == 1 && request.getClaims() == null
                ? request.getScopes().get(0) : null;
            final AccessToken cached = scope == null ? null : fresh(credential, scope);
            if (cached != null) {
                return Mono.just(cached);
            }
            credential.source().set(awsTokens);
            return credential.credential().getToken(request)
                .doOnNext(token -> {
                    if (scope != null) {
                        credential.tokensByScope().put(scope, token);
                    }
                })
                .onErrorMap(error -> failed(key, credential, error));
        };
    }

    private static AccessToken fresh(final Credential credential, final String scope) {
        final AccessToken cached = credential.tokensByScope().get(scope);
        return cached != null && cached.getExpiresAt().minus(REFRESH_MARGIN).isAfter(OffsetDateTime.now())
            ? cached : null;
    }

    /**
     * Forgets the credential of a failed sign-in, so the next one starts afresh: a refused secret or trust may be
     * being fixed right now, and azure-identity's credential keeps failing once its assertion could not be had (seen
     * with 1.19: after STS refused a token, the same credential failed the same way after federation was enabled).
     */
    private RuntimeException failed(final Key key, final Credential credential, final Throwable error) {
        credentials.remove(key);
        return translated(error, key.signIn(), credential);
    }

    private RuntimeException translated(final Throwable error, final AzureSignIn signIn,
                                        final Credential credential) {
        final SignInFailure failure = EntraIdFailures.translate(error, signIn, credential.lastAwsToken().get(),
            terms);
        if (failure != null) {
            return failure;
        }
        return SignInFailure.of(Category.UNEXPECTED, String.format("Signing in to Entra ID failed "
            + "unexpectedly (%s); %s has the cause. Please report it.", error.getClass().getSimpleName(), terms.log()),
            error);
    }

    private Credential credential(final Key cacheKey) {
        final AzureSignIn signIn = cacheKey.signIn();
        final AzureCloud cloud = cacheKey.cloud();
        return credentials.computeIfAbsent(cacheKey, key -> {
            final AtomicReference<Supplier<AwsWebIdentityTokens.Token>> source = new AtomicReference<>();
            final AtomicReference<AwsWebIdentityTokens.Token> lastAwsToken = new AtomicReference<>();
            final TokenCredential credential;
            if (signIn instanceof AzureSignIn.WithClientSecret withSecret) {
                credential = configure(new ClientSecretCredentialBuilder().clientSecret(withSecret.clientSecret()),
                    signIn, cloud).build();
            } else {
                credential = configure(new ClientAssertionCredentialBuilder().clientAssertion(() -> {
                    final AwsWebIdentityTokens.Token token = source.get().get();
                    lastAwsToken.set(token);
                    return token.jwt();
                }), signIn, cloud).build();
            }
            return new Credential(credential, source, lastAwsToken, new ConcurrentHashMap<>());
        });
    }

    private <B extends AadCredentialBuilderBase<B>> B configure(final B builder, final AzureSignIn signIn,
                                                                final AzureCloud cloud) {
        builder.tenantId(signIn.tenantId())
            .clientId(signIn.clientId())
            // A pipeline without azure-core's retry policy (maxRetry does not reach the client-credential path, and
            // the policy waits out any Retry-After): one retry layer, CloudFormation's callback or its retry of a
            // retriable code. azure-identity turns MSAL's own retries off when it sends through a pipeline.
            .pipeline(pipeline);
        TestEndpoints.authorityHost().ifPresentOrElse(host -> builder.authorityHost(host).disableInstanceDiscovery(),
            () -> builder.authorityHost(cloud.authorityHost()));
        return builder;
    }

    private static Key key(final AzureSignIn signIn, final AzureCloud cloud, final String callerIdentity) {
        return new Key(cloud, signIn, signIn instanceof AzureSignIn.WithAwsWebIdentity ? callerIdentity : null);
    }
}
