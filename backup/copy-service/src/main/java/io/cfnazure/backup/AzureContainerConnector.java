package io.cfnazure.backup;

import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobAudience;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.AzureSignIn;
import io.cfnazure.access.signin.AzureSignInResolver;
import io.cfnazure.access.signin.AzureTokens;
import io.cfnazure.access.signin.ClientSecret;
import io.cfnazure.access.signin.ClientSecretCache;
import io.cfnazure.access.signin.EntraIdSignIn;
import io.cfnazure.access.signin.SignInFailure;
import io.cfnazure.access.signin.SignInTerms;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place the copy service signs in to Azure, with the azure-access module the resource types use too: the
 * container URL checked by the same rule ({@link ContainerAddress#fromUrl}), the secret's format
 * ({@link ClientSecret#parse}), which app signs in and how ({@link AzureSignInResolver}: the function's
 * AZURE_TENANT_ID/AZURE_CLIENT_ID win over the secret's JSON), the AWS web identity token of a sign-in without a
 * secret ({@link AwsWebIdentityTokens}) and the Entra ID sign-in ({@link AzureTokens}, whose credential the container
 * client keeps, so a long copy gets fresh tokens). The token is asked for the container's own account only and the
 * client sends it only to that account's blob endpoint.
 *
 * <p>AWS is called with the function's own role: Secrets Manager for the secret, kept for five minutes
 * ({@link ClientSecretCache}), or the Region's STS endpoint for a web identity token, reused until a minute before it
 * expires. Their failures are the module's translations, in the function's terms ({@link #TERMS}), and become item
 * failures in {@link AzureFailures#signingIn}. A refused sign-in forgets both and Entra ID's credential, so a rotated
 * secret or a fixed trust is picked up by the next invocation.
 */
public final class AzureContainerConnector {

    /**
     * Blocks of several MiB: a slow link needs longer than the provider's 20 s for one request. The JDK's client keeps
     * every idle connection (no pool limit), so each copy running at once reuses one.
     */
    static final HttpClient HTTP = HttpClient.createDefault(new HttpClientOptions()
        .setConnectTimeout(Duration.ofSeconds(10))
        .setResponseTimeout(Duration.ofSeconds(60)));
    /**
     * Azure's own retry of one request (throttling, 5xx, a dropped connection): four tries within about 15 s of
     * back-off. Past that the item fails as transient and SQS or Batch Operations tries again later.
     */
    private static final RequestRetryOptions RETRIES = new RequestRetryOptions(
        RetryPolicyType.EXPONENTIAL, 4, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(8), null);

    /** What the sign-in module's messages name: the function's settings and role, its retries. */
    static final SignInTerms TERMS = new SignInTerms("AZURE_AUTHENTICATION", "AZURE_CLIENT_SECRET_NAME",
        "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_WEB_IDENTITY_AUDIENCE", null, "the function's role",
        "the S3ToAzureBackupService construct", "the function's log", "it will be retried");

    /** The container's client of one sign-in (a new secret makes a new one). */
    private record SignedIn(AzureSignIn signIn, BlobContainerClient container) {
    }

    private final CopyServiceConfig config;
    private final ContainerAddress address;
    private final SecretsManagerClient secretsManager;
    private final StsClient sts;
    private final AzureTokens tokens;
    private volatile SignedIn signedIn;

    /**
     * @param secretsManager the function role's client, when the function signs in with a client secret (else null)
     * @param sts            the function role's client of its Region, when it signs in with an AWS web identity token
     *                       (else null)
     */
    public AzureContainerConnector(final CopyServiceConfig config, final SecretsManagerClient secretsManager,
                                   final StsClient sts, final Clock clock) {
        this.config = config;
        this.address = ContainerAddress.fromUrl(config.containerUrl()).orElseThrow(() ->
            new CopyServiceConfig.InvalidSettingException(String.format("CONTAINER_URL '%s' is not an Azure container "
                + "URL: expected https://{account}.blob.{core.windows.net|core.chinacloudapi.cn|core.usgovcloudapi.net}"
                + "/{container}.", Texts.bounded(config.containerUrl()))));
        this.secretsManager = secretsManager;
        this.sts = sts;
        this.tokens = new AzureTokens(new EntraIdSignIn(HTTP, TERMS), new ClientSecretCache(clock, TERMS),
            new AwsWebIdentityTokens(clock, TERMS), TERMS);
    }

    /**
     * Signs in now, within the deadline (so a refusal fails fast, with the module's reason), and returns the
     * container's client.
     *
     * @throws CopyFailure when the secret cannot be read or Entra ID refuses the app
     */
    public BlobContainerClient connect(final Deadline deadline) {
        final AzureTokens.Caller caller = new AzureTokens.Caller(null,
            region(secretsManager != null ? secretsManager : sts), null, region -> secretsManager::getSecretValue,
            () -> sts::getWebIdentityToken, deadline);
        final AzureTokens.SignedIn now;
        try {
            now = tokens.signIn(config.azureCredentials(), null, address.cloud(),
                address.cloud().storageScope(address.accountName()), caller);
        } catch (final SignInFailure e) {
            throw AzureFailures.signingIn(e);
        }
        final SignedIn current = signedIn;
        if (current != null && current.signIn().equals(now.signIn())) {
            return current.container();
        }
        final BlobContainerClient container = new BlobContainerClientBuilder()
            .endpoint(address.cloud().blobEndpoint(address.accountName()) + "/" + address.containerName())
            .credential(tokens.tokenCredential(now, address.cloud(), caller))
            .audience(BlobAudience.fromString(address.cloud().storageAudience(address.accountName())))
            .httpClient(HTTP)
            .retryOptions(RETRIES)
            .buildClient();
        signedIn = new SignedIn(now.signIn(), container);
        return container;
    }

    private static String region(final AwsClient client) {
        return client.serviceClientConfiguration().region().id();
    }
}
