package io.cfnazure.blobstorage.container.credentials;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.cloudformation.LambdaWrapper;

/**
 * The AWS clients the handlers call, one per service and Region. Their own credentials provider refuses to work:
 * every call must carry the caller's credentials, injected by CloudFormation's client proxy, never the handler's
 * ambient AWS identity. Endpoints follow the AWS SDK's standard configuration ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER},
 * {@code AWS_ENDPOINT_URL_STS}), which tests use. STS is always the Region's own endpoint: the global one does not
 * issue web identity tokens.
 */
public final class CallerCredentialClients {

    private static final AwsCredentialsProvider CALLER_CREDENTIALS_ONLY = () -> {
        throw new IllegalStateException("AWS must be called with the caller's credentials");
    };
    private static final Map<String, SecretsManagerClient> SECRETS_MANAGER = new ConcurrentHashMap<>();
    private static final Map<String, StsClient> STS = new ConcurrentHashMap<>();

    private CallerCredentialClients() {
    }

    public static SecretsManagerClient secretsManager(final String region) {
        return SECRETS_MANAGER.computeIfAbsent(region, r -> SecretsManagerClient.builder()
            .region(Region.of(r))
            .credentialsProvider(CALLER_CREDENTIALS_ONLY)
            .httpClient(LambdaWrapper.HTTP_CLIENT)
            .build());
    }

    public static StsClient sts(final String region) {
        return STS.computeIfAbsent(region, r -> StsClient.builder()
            .region(Region.of(r))
            .credentialsProvider(CALLER_CREDENTIALS_ONLY)
            .httpClient(LambdaWrapper.HTTP_CLIENT)
            .build());
    }
}
