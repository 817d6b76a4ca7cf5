package io.cfnazure.blobstorage.account.arm;

import com.azure.core.credential.AccessToken;
import io.cfnazure.blobstorage.container.arm.ManagementEndpoints;
import io.cfnazure.blobstorage.container.azure.AzureCloud;
import io.cfnazure.blobstorage.container.azure.AzureHttpClient;
import io.cfnazure.blobstorage.container.credentials.AwsWebIdentityTokens;
import io.cfnazure.blobstorage.container.credentials.AzureSignIn;
import io.cfnazure.blobstorage.container.credentials.AzureSignInResolver;
import io.cfnazure.blobstorage.container.credentials.CallerCredentialClients;
import io.cfnazure.blobstorage.container.credentials.ClientSecretCache;
import io.cfnazure.blobstorage.container.credentials.EntraIdSignIn;
import io.cfnazure.blobstorage.container.credentials.SecretLocation;
import io.cfnazure.blobstorage.container.credentials.SignInTerms;
import io.cfnazure.blobstorage.container.invocation.Deadline;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import java.time.Clock;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.cloudformation.exceptions.CfnInvalidCredentialsException;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * Signs in to Entra ID for Azure Resource Manager, the same way the container type signs in for Blob Storage (its
 * credentials package: the resolution rule, the client secret from Secrets Manager or the caller's AWS web identity
 * token, one Entra ID sign-in per invocation). This is the one class of this type that uses that code, so that moving
 * sign-in into a module of its own changes only here.
 */
public class ManagementSignIn {

    /** Who asks: CloudFormation's proxy with the caller's credentials, the stack's account and Region, the deadline. */
    public record Caller(AmazonWebServicesClientProxy proxy, String awsAccountId, String region, String callerIdentity,
                         Deadline deadline) {
    }

    /** A management token and the app it was issued to (named in messages). */
    public record SignedIn(AccessToken token, String tenantId, String clientId) {
    }

    private final EntraIdSignIn entraId;
    private final ClientSecretCache secrets;
    private final AwsWebIdentityTokens awsTokens;
    private final Function<String, SecretsManagerClient> secretsManagerForRegion;
    private final Function<String, StsClient> stsForRegion;

    public ManagementSignIn(final EntraIdSignIn entraId, final ClientSecretCache secrets,
                            final AwsWebIdentityTokens awsTokens,
                            final Function<String, SecretsManagerClient> secretsManagerForRegion,
                            final Function<String, StsClient> stsForRegion) {
        this.entraId = entraId;
        this.secrets = secrets;
        this.awsTokens = awsTokens;
        this.secretsManagerForRegion = secretsManagerForRegion;
        this.stsForRegion = stsForRegion;
    }

    /** With the AWS clients of the function's Region, as the handlers use them. */
    public static ManagementSignIn shared() {
        return new ManagementSignIn(new EntraIdSignIn(AzureHttpClient.SHARED, SignInTerms.RESOURCE),
            new ClientSecretCache(Clock.systemUTC(), SignInTerms.RESOURCE),
            new AwsWebIdentityTokens(Clock.systemUTC(), SignInTerms.RESOURCE),
            CallerCredentialClients::secretsManager, CallerCredentialClients::sts);
    }

    /**
     * A token for Azure Resource Manager of {@code cloud}, as the app the resource, its secret or the type
     * configuration names. After Entra ID refuses the credential, the next sign-in reads the secret or asks for an
     * AWS token afresh: the user may be fixing it right now.
     */
    public SignedIn signIn(final AzureCredentials fromResource, final AzureCredentials defaults,
                           final AzureCloud cloud, final Caller caller) {
        final AzureSignIn signIn = AzureSignInResolver.resolve(fromResource, defaults, secretId ->
            secrets.get(ClientSecretCache.withCallerCredentials(proxy(caller, "read secret '" + secretId + "'")
                    .newProxy(() -> secretsManagerForRegion.apply(secretLocation(caller, secretId).region()))),
                secretLocation(caller, secretId), caller.callerIdentity(), caller.deadline()), SignInTerms.RESOURCE);
        try {
            return new SignedIn(entraId.signIn(signIn, cloud, ManagementEndpoints.scope(cloud), caller.deadline(),
                caller.callerIdentity(), () -> awsTokens.get(AwsWebIdentityTokens.withCallerCredentials(
                        proxy(caller, "ask AWS STS for a web identity token")
                            .newProxy(() -> stsForRegion.apply(caller.region()))),
                    caller.awsAccountId(), caller.region(), ((AzureSignIn.WithAwsWebIdentity) signIn).audience(),
                    caller.callerIdentity(), caller.deadline())), signIn.tenantId(), signIn.clientId());
        } catch (final HandlerFailure failure) {
            if (failure.getErrorCode() == HandlerErrorCode.InvalidCredentials) {
                if (signIn instanceof AzureSignIn.WithClientSecret withSecret) {
                    secrets.forget(secretLocation(caller, withSecret.secretId()));
                } else if (signIn instanceof AzureSignIn.WithAwsWebIdentity webIdentity) {
                    awsTokens.forget(caller.callerIdentity(), caller.region(), webIdentity.audience());
                }
            }
            throw failure;
        }
    }

    private static SecretLocation secretLocation(final Caller caller, final String secretId) {
        return SecretLocation.of(caller.awsAccountId(), caller.region(), secretId);
    }

    private static AmazonWebServicesClientProxy proxy(final Caller caller, final String purpose) {
        if (caller.proxy() == null) {
            throw new CfnInvalidCredentialsException(new IllegalStateException(
                "the request carries no caller credentials to " + purpose + " with"));
        }
        return caller.proxy();
    }
}
