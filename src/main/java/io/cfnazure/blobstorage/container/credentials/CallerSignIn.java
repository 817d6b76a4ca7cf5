package io.cfnazure.blobstorage.container.credentials;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.AzureSignInSettings;
import io.cfnazure.access.signin.AzureTokens;
import io.cfnazure.access.signin.ClientSecretCache;
import io.cfnazure.access.signin.EntraIdSignIn;
import io.cfnazure.access.signin.SignInFailure;
import io.cfnazure.access.signin.SignInTerms;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import io.cfnazure.cloudformation.HandlerFailure;
import java.time.Clock;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.cloudformation.exceptions.CfnInvalidCredentialsException;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;

/**
 * Signs in for a handler, of this type or of the account type: as the app the resource, its secret or the type
 * configuration names ({@link AzureTokens}), with Secrets Manager and STS called with the caller's credentials through
 * CloudFormation's proxy, and every failure as a {@link HandlerFailure}.
 */
public class CallerSignIn {

    /** A resource's properties, the type configuration, the execution role, CloudFormation's retries. */
    public static final SignInTerms TERMS = new SignInTerms("AzureAuthentication", "AzureClientSecretName",
        "AzureTenantId", "AzureClientId", "AzureWebIdentityAudience", "the type configuration's AzureCredentials",
        "the role CloudFormation uses", "the project's execution-role.yaml", "the handler's log",
        "CloudFormation will retry");

    /** Who asks: CloudFormation's proxy with the caller's credentials, the stack's account and Region, the deadline. */
    public record Caller(AmazonWebServicesClientProxy proxy, String awsAccountId, String region, String callerIdentity,
                         Deadline deadline) {
    }

    private final AzureTokens tokens;
    private final Function<String, SecretsManagerClient> secretsManagerForRegion;
    private final Function<String, StsClient> stsForRegion;

    public CallerSignIn(final EntraIdSignIn entraId, final ClientSecretCache secrets,
                        final AwsWebIdentityTokens awsTokens,
                        final Function<String, SecretsManagerClient> secretsManagerForRegion,
                        final Function<String, StsClient> stsForRegion) {
        this.tokens = new AzureTokens(entraId, secrets, awsTokens, TERMS);
        this.secretsManagerForRegion = secretsManagerForRegion;
        this.stsForRegion = stsForRegion;
    }

    /** With the AWS clients of the function's Region; Entra ID through {@code entraIdHttp}. */
    public static CallerSignIn shared(final com.azure.core.http.HttpClient entraIdHttp) {
        return new CallerSignIn(new EntraIdSignIn(entraIdHttp, TERMS), new ClientSecretCache(Clock.systemUTC(), TERMS),
            new AwsWebIdentityTokens(Clock.systemUTC(), TERMS), CallerCredentialClients::secretsManager,
            CallerCredentialClients::sts);
    }

    /**
     * A token for {@code scope} in {@code cloud}.
     *
     * @throws HandlerFailure what the sign-in failed with, as CloudFormation's error
     */
    public AzureTokens.SignedIn signIn(final AzureCredentials fromResource, final AzureCredentials defaults,
                                       final AzureCloud cloud, final String scope, final Caller caller) {
        try {
            return tokens.signIn(settingsOf(fromResource), settingsOf(defaults), cloud, scope, new AzureTokens.Caller(
                caller.awsAccountId(), caller.region(), caller.callerIdentity(),
                region -> CallerCredentialClients.secretsManagerWithCallerCredentials(
                    proxy(caller, "read a secret").newProxy(() -> secretsManagerForRegion.apply(region))),
                () -> CallerCredentialClients.stsWithCallerCredentials(proxy(caller, "ask AWS STS for a web identity "
                    + "token").newProxy(() -> stsForRegion.apply(caller.region()))),
                caller.deadline()));
        } catch (final SignInFailure failure) {
            throw HandlerFailure.of(failure);
        }
    }

    private static AzureSignInSettings settingsOf(final AzureCredentials credentials) {
        return credentials == null ? null : new AzureSignInSettings(credentials.getTenantId(),
            credentials.getClientId(), credentials.getClientSecretName(), credentials.getAuthentication(),
            credentials.getWebIdentityAudience());
    }

    private static AmazonWebServicesClientProxy proxy(final Caller caller, final String purpose) {
        if (caller.proxy() == null) {
            throw new CfnInvalidCredentialsException(new IllegalStateException(
                "the request carries no caller credentials to " + purpose + " with"));
        }
        return caller.proxy();
    }
}
