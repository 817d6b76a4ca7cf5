package io.cfnazure.blobstorage.container.credentials;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.cloudformation.LambdaWrapper;

/**
 * One Secrets Manager client per Region. Its own credentials provider refuses to work: every call must carry the
 * caller's credentials, injected by CloudFormation's client proxy, never the handler's ambient AWS identity.
 * The endpoint follows the AWS SDK's standard configuration ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}), which tests use.
 */
public final class SecretsManagerClients {

    private static final AwsCredentialsProvider CALLER_CREDENTIALS_ONLY = () -> {
        throw new IllegalStateException("Secrets Manager must be called with the caller's credentials");
    };
    private static final Map<String, SecretsManagerClient> CLIENTS = new ConcurrentHashMap<>();

    private SecretsManagerClients() {
    }

    public static SecretsManagerClient forRegion(final String region) {
        return CLIENTS.computeIfAbsent(region, r -> SecretsManagerClient.builder()
            .region(Region.of(r))
            .credentialsProvider(CALLER_CREDENTIALS_ONLY)
            .httpClient(LambdaWrapper.HTTP_CLIENT)
            .build());
    }
}
