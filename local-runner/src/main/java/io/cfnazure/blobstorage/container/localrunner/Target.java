package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Where the handler runs against: the AWS account and Region CloudFormation would be in, the caller's credentials it
 * would pass the handler, and the type configuration that applies when the user gives none.
 *
 * @param defaultTypeConfiguration null when the account has none set
 */
record Target(String name, String accountId, String region, Supplier<CallerCredentials> callerCredentials,
              ObjectNode defaultTypeConfiguration) {

    /**
     * The embedded emulators. The handler finds them through the JVM's system properties, which the cloud must have
     * applied. Its Entra ID app is also the default type configuration, so Read and List work from a URL alone.
     */
    static Target local(final LocalCloud cloud) {
        return local(cloud, SignIn.CLIENT_SECRET);
    }

    /**
     * @param signIn the default type configuration's sign-in: with {@link SignIn#AWS_WEB_IDENTITY}, the app that
     *               trusts the caller's web identity tokens, and no secret, for every resource that does not choose
     *               its own AzureAuthentication
     */
    static Target local(final LocalCloud cloud, final SignIn signIn) {
        final ObjectNode typeConfiguration = Json.object();
        final ObjectNode credentials = typeConfiguration.putObject("AzureCredentials")
            .put("TenantId", LocalCloud.TENANT_ID);
        if (signIn == SignIn.AWS_WEB_IDENTITY) {
            credentials.put("ClientId", LocalCloud.FEDERATED_CLIENT_ID).put("Authentication", signIn.authentication());
        } else {
            credentials.put("ClientId", LocalCloud.CLIENT_ID).put("ClientSecretName", LocalCloud.SECRET_NAME);
        }
        return new Target("local", LocalCloud.AWS_ACCOUNT_ID, LocalCloud.REGION,
            cloud::callerCredentials,
            typeConfiguration);
    }

    /**
     * Real AWS: the default credential chain and Region (environment, profile, SSO, instance role), the account those
     * credentials belong to, and the real Secrets Manager and Azure.
     */
    static Target aws() {
        final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            final String region = new DefaultAwsRegionProviderChain().getRegion().id();
            final String account;
            try (StsClient sts = StsClient.builder().credentialsProvider(credentials).region(Region.of(region)).build()) {
                account = sts.getCallerIdentity().account();
            }
            // Resolved on every invocation, as CloudFormation passes fresh credentials each time.
            return new Target("aws", account, region, () -> toCallerCredentials(credentials.resolveCredentials()), null);
        } catch (final SdkException e) {
            throw new InputException("cfn-local: --target aws needs AWS credentials and a Region from the default "
                + "chain (environment, profile, SSO, instance role) and access to STS: " + e.getMessage());
        }
    }

    private static CallerCredentials toCallerCredentials(final AwsCredentials credentials) {
        return new CallerCredentials(credentials.accessKeyId(), credentials.secretAccessKey(),
            credentials instanceof AwsSessionCredentials session ? session.sessionToken() : null);
    }

    /** The same target for a stack in another AWS Region. */
    Target inRegion(final String otherRegion) {
        return new Target(name, accountId, otherRegion, callerCredentials, defaultTypeConfiguration);
    }

    String describe() {
        return String.format("target %s (account %s, %s)", name, accountId, region);
    }
}
