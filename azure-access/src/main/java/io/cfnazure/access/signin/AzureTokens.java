package io.cfnazure.access.signin;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.SignInFailure.Category;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Entra ID tokens for the app the settings name, the whole way: which app and how ({@link AzureSignInResolver}), its
 * client secret from Secrets Manager ({@link ClientSecretCache}) or an AWS web identity token
 * ({@link AwsWebIdentityTokens}), then the Entra ID sign-in ({@link EntraIdSignIn}), all within the caller's deadline.
 * After Entra ID or AWS refuses the credentials, the next sign-in reads the secret or asks for an AWS token afresh:
 * the user may be rotating the secret or fixing the trust right now (Entra ID's credential forgets itself).
 * Every failure is a {@link SignInFailure}.
 */
public class AzureTokens {

    /**
     * Who signs in, and how AWS is called for them.
     *
     * @param awsAccountId    the caller's AWS account (names the secret's cache entry and the account whose
     *                        federation setting counts), or null when not known
     * @param region          the caller's AWS Region: where STS is asked, and the secret's unless its ARN names another
     * @param callerIdentity  what tells callers' credentials apart (a hash of the access key id), or null for the
     *                        process's own role
     * @param secretsManager  Secrets Manager of a Region, called with the caller's credentials; only with a secret
     * @param sts             STS of {@code region}, called with the caller's credentials; asked only without a secret
     * @param deadline        when every call must have answered
     */
    public record Caller(String awsAccountId, String region, String callerIdentity,
                         Function<String, ClientSecretCache.SecretsManager> secretsManager,
                         Supplier<AwsWebIdentityTokens.Sts> sts, Deadline deadline) {
    }

    /** A token, and the app it was issued to. */
    public record SignedIn(AzureSignIn signIn, AccessToken token) {
    }

    private final EntraIdSignIn entraId;
    private final ClientSecretCache secrets;
    private final AwsWebIdentityTokens awsTokens;
    private final SignInTerms terms;

    public AzureTokens(final EntraIdSignIn entraId, final ClientSecretCache secrets,
                       final AwsWebIdentityTokens awsTokens, final SignInTerms terms) {
        this.entraId = entraId;
        this.secrets = secrets;
        this.awsTokens = awsTokens;
        this.terms = terms;
    }

    /**
     * A token for {@code scope} (e.g. {@link AzureCloud#storageScope}, {@link AzureCloud#managementScope}) in
     * {@code cloud}: the resource's settings win over the defaults.
     *
     * @throws SignInFailure when a setting is wrong, or AWS or Entra ID fails or refuses
     */
    public SignedIn signIn(final AzureSignInSettings fromResource, final AzureSignInSettings defaults,
                           final AzureCloud cloud, final String scope, final Caller caller) {
        final AzureSignIn signIn = AzureSignInResolver.resolve(fromResource, defaults, secretId -> {
            final SecretLocation location = secretLocation(caller, secretId);
            return secrets.get(caller.secretsManager().apply(location.region()), location, caller.callerIdentity(),
                caller.deadline());
        }, terms);
        try {
            return new SignedIn(signIn, entraId.signIn(signIn, cloud, scope, caller.deadline(),
                caller.callerIdentity(), awsTokens(signIn, caller)));
        } catch (final SignInFailure failure) {
            if (failure.category() == Category.REFUSED_CREDENTIALS) {
                forget(signIn, caller);
            }
            throw failure;
        }
    }

    /**
     * For a long-running caller (the backup copy service): a credential that hands out the token {@link #signIn}
     * fetched while it stays fresh, then asks Entra ID again (without a secret, with a new AWS token).
     */
    public TokenCredential tokenCredential(final SignedIn signedIn, final AzureCloud cloud, final Caller caller) {
        return entraId.tokenCredential(signedIn.signIn(), cloud, awsTokens(signedIn.signIn(), caller));
    }

    /** Without a secret: the caller's AWS token, asked for whenever Entra ID needs a new assertion; else null. */
    private Supplier<AwsWebIdentityTokens.Token> awsTokens(final AzureSignIn signIn, final Caller caller) {
        if (!(signIn instanceof AzureSignIn.WithAwsWebIdentity webIdentity)) {
            return null;
        }
        return () -> awsTokens.get(caller.sts().get(), caller.awsAccountId(), caller.region(),
            webIdentity.audience(), caller.callerIdentity(), caller.deadline());
    }

    private void forget(final AzureSignIn signIn, final Caller caller) {
        if (signIn instanceof AzureSignIn.WithClientSecret withSecret) {
            secrets.forget(secretLocation(caller, withSecret.secretId()));
        } else if (signIn instanceof AzureSignIn.WithAwsWebIdentity webIdentity) {
            awsTokens.forget(caller.callerIdentity(), caller.region(), webIdentity.audience());
        }
    }

    private static SecretLocation secretLocation(final Caller caller, final String secretId) {
        return SecretLocation.of(caller.awsAccountId(), caller.region(), secretId);
    }
}
