package io.cfnazure.blobstorage.account.arm;

import com.azure.core.credential.AccessToken;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.AzureTokens;
import io.cfnazure.access.signin.ClientSecretCache;
import io.cfnazure.access.signin.EntraIdSignIn;
import io.cfnazure.blobstorage.container.azure.AzureHttpClient;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Signs in to Entra ID for Azure Resource Manager ({@link AzureCloud#managementScope()}), the same way the container
 * type signs in for Blob Storage ({@link CallerSignIn}, on the azure-access module): the resolution rule, the client
 * secret from Secrets Manager or the caller's AWS web identity token, one Entra ID sign-in per invocation, failures as
 * CloudFormation errors.
 */
public class ManagementSignIn {

    /** A management token and the app it was issued to (named in messages). */
    public record SignedIn(AccessToken token, String tenantId, String clientId) {
    }

    private final CallerSignIn signIn;

    public ManagementSignIn(final EntraIdSignIn entraId, final ClientSecretCache secrets,
                            final AwsWebIdentityTokens awsTokens,
                            final Function<String, SecretsManagerClient> secretsManagerForRegion,
                            final Function<String, StsClient> stsForRegion) {
        this.signIn = new CallerSignIn(entraId, secrets, awsTokens, secretsManagerForRegion, stsForRegion);
    }

    private ManagementSignIn(final CallerSignIn signIn) {
        this.signIn = signIn;
    }

    /** With the AWS clients of the function's Region, as the handlers use them. */
    public static ManagementSignIn shared() {
        return new ManagementSignIn(CallerSignIn.shared(AzureHttpClient.SHARED));
    }

    /**
     * A token for Azure Resource Manager of {@code cloud}, as the app the resource, its secret or the type
     * configuration names.
     */
    public SignedIn signIn(final AzureCredentials fromResource, final AzureCredentials defaults,
                           final AzureCloud cloud, final CallerSignIn.Caller caller) {
        final AzureTokens.SignedIn signedIn = signIn.signIn(fromResource, defaults, cloud, cloud.managementScope(),
            caller);
        return new SignedIn(signedIn.token(), signedIn.signIn().tenantId(), signedIn.signIn().clientId());
    }
}
