package io.cfnazure.backup;

import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobAudience;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.cfnazure.blobstorage.container.azure.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.TestEndpoints;
import io.cfnazure.blobstorage.container.credentials.AwsWebIdentityTokens;
import io.cfnazure.blobstorage.container.credentials.AzureSignIn;
import io.cfnazure.blobstorage.container.credentials.AzureSignInResolver;
import io.cfnazure.blobstorage.container.credentials.ClientSecret;
import io.cfnazure.blobstorage.container.credentials.ClientSecretCache;
import io.cfnazure.blobstorage.container.credentials.EntraIdSignIn;
import io.cfnazure.blobstorage.container.credentials.SecretLocation;
import io.cfnazure.blobstorage.container.credentials.SignInTerms;
import io.cfnazure.blobstorage.container.invocation.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * The one place the copy service signs in to Azure, with the provider's code: the container URL checked by the
 * provider's rule ({@link ContainerAddress#fromUrl}), the secret's format ({@link ClientSecret#parse}), which app signs
 * in and how ({@link AzureSignInResolver}: the function's AZURE_TENANT_ID/AZURE_CLIENT_ID win over the secret's JSON),
 * the AWS web identity token of a sign-in without a secret ({@link AwsWebIdentityTokens}) and the Entra ID sign-in
 * ({@link EntraIdSignIn}, whose credential the container client keeps, so a long copy gets fresh tokens). The token is
 * asked for the container's own account only and the client sends it only to that account's blob endpoint.
 *
 * <p>AWS is called with the function's own role: Secrets Manager for the secret, kept for five minutes
 * ({@link ClientSecretCache}), or the Region's STS endpoint for a web identity token, reused until a minute before it
 * expires. Their failures are the provider's translations, in the function's terms ({@link #TERMS}). A refused sign-in forgets
 * both and Entra ID's credential, so a rotated secret or a fixed trust is picked up by the next invocation.
 */
public final class AzureContainerConnector {

    /** Blocks of several MiB: a slow link needs longer than the provider's 20 s for one request. */
    private static final HttpClient HTTP = HttpClient.createDefault(new HttpClientOptions()
        .setConnectTimeout(Duration.ofSeconds(10))
        .setResponseTimeout(Duration.ofSeconds(60)));
    /**
     * Azure's own retry of one request (throttling, 5xx, a dropped connection): four tries within about 15 s of
     * back-off. Past that the item fails as transient and SQS or Batch Operations tries again later.
     */
    private static final RequestRetryOptions RETRIES = new RequestRetryOptions(
        RetryPolicyType.EXPONENTIAL, 4, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(8), null);

    /** What the shared sign-in code's messages name: the function's settings and role, its retries. */
    static final SignInTerms TERMS = new SignInTerms("AZURE_AUTHENTICATION", "AZURE_CLIENT_SECRET_NAME",
        "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_WEB_IDENTITY_AUDIENCE", null, "the function's role",
        "the S3ToAzureBackupService construct", "the function's log", "it will be retried");

    /** The container's client of one sign-in (a new secret makes a new one). */
    private record SignedIn(AzureSignIn signIn, BlobContainerClient container) {
    }

    private final CopyServiceConfig config;
    private final ContainerAddress address;
    private final String scope;
    private final SecretsManagerClient secretsManager;
    private final StsClient sts;
    private final EntraIdSignIn entraId = new EntraIdSignIn(HTTP, TERMS);
    private final ClientSecretCache secrets;
    private final AwsWebIdentityTokens awsTokens;
    private volatile SignedIn signedIn;

    /**
     * @param secretsManager the function role's client, when the function signs in with a client secret (else null)
     * @param sts            the function role's client of its Region, when it signs in with an AWS web identity token
     *                       (else null)
     */
    public AzureContainerConnector(final CopyServiceConfig config, final SecretsManagerClient secretsManager,
                                   final StsClient sts, final Clock clock) {
        this.config = config;
        this.address = containerAddress(config.containerUrl());
        this.scope = address.cloud().storageAudience(address.accountName()) + ".default";
        this.secretsManager = secretsManager;
        this.sts = sts;
        this.secrets = new ClientSecretCache(clock, TERMS);
        this.awsTokens = new AwsWebIdentityTokens(clock, TERMS);
    }

    /**
     * Signs in now, within the deadline (so a refusal fails fast, with the provider's reason), and returns the
     * container's client.
     *
     * @throws CopyFailure when the secret cannot be read or Entra ID refuses the app
     */
    public BlobContainerClient connect(final Deadline deadline) {
        AzureSignIn signIn = null;
        final Supplier<AwsWebIdentityTokens.Token> awsToken;
        try {
            signIn = AzureSignInResolver.resolve(config.azureCredentials(), null,
                secretId -> secret(secretId, deadline), TERMS);
            awsToken = awsToken(signIn, deadline);
            entraId.signIn(signIn, address.cloud(), scope, deadline, null, awsToken);
        } catch (final BaseHandlerException e) {
            if (signIn != null && e.getErrorCode() == HandlerErrorCode.InvalidCredentials) {
                forget(signIn);
            }
            throw AzureFailures.signingIn(e);
        }
        final SignedIn current = signedIn;
        if (current != null && current.signIn().equals(signIn)) {
            return current.container();
        }
        final BlobContainerClient container = new BlobContainerClientBuilder()
            .endpoint(blobEndpoint(address) + "/" + address.containerName())
            .credential(entraId.tokenCredential(signIn, address.cloud(), awsToken))
            .audience(BlobAudience.fromString(address.cloud().storageAudience(address.accountName())))
            .httpClient(HTTP)
            .retryOptions(RETRIES)
            .buildClient();
        signedIn = new SignedIn(signIn, container);
        return container;
    }

    /** Without a secret: the function role's AWS token, asked for whenever Entra ID needs a new assertion. */
    private Supplier<AwsWebIdentityTokens.Token> awsToken(final AzureSignIn signIn, final Deadline deadline) {
        if (!(signIn instanceof AzureSignIn.WithAwsWebIdentity webIdentity)) {
            return null;
        }
        return () -> awsTokens.get(sts::getWebIdentityToken, null, region(sts), webIdentity.audience(), null,
            deadline);
    }

    /** After a refusal, the secret is read or the AWS token asked for afresh (Entra ID's credential forgets itself). */
    private void forget(final AzureSignIn signIn) {
        if (signIn instanceof AzureSignIn.WithAwsWebIdentity webIdentity) {
            awsTokens.forget(null, region(sts), webIdentity.audience());
        } else if (signIn instanceof AzureSignIn.WithClientSecret withSecret) {
            secrets.forget(secretLocation(withSecret.secretId()));
        }
    }

    private static String region(final AwsClient client) {
        return client.serviceClientConfiguration().region().id();
    }

    /** The secret as the function names it: in the function's Region, unless its ARN names another. */
    private SecretLocation secretLocation(final String secretId) {
        return SecretLocation.of(null, region(secretsManager), secretId);
    }

    private ClientSecret secret(final String secretId, final Deadline deadline) {
        return secrets.get(secretsManager::getSecretValue, secretLocation(secretId), null, deadline);
    }

    private static ContainerAddress containerAddress(final String url) {
        try {
            return ContainerAddress.fromUrl(url);
        } catch (final BaseHandlerException e) {
            throw new CopyServiceConfig.InvalidSettingException("CONTAINER_URL: " + e.getMessage());
        }
    }

    /** The account's blob endpoint, or where the provider's test-only setting sends it (Azurite in tests and the demo). */
    private static String blobEndpoint(final ContainerAddress address) {
        return TestEndpoints.blobEndpoint(address.accountName())
            .orElse("https://" + address.cloud().blobHost(address.accountName()));
    }
}
