package io.cfnazure.blobstorage.container.credentials;

import io.cfnazure.blobstorage.container.invocation.Deadline;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.cloudformation.LambdaWrapper;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.LoggerProxy;

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
    private static final Duration PRIMING_TIME_LIMIT = Duration.ofSeconds(5);

    private CallerCredentialClients() {
    }

    public static SecretsManagerClient secretsManager(final String region) {
        return SECRETS_MANAGER.computeIfAbsent(region, r -> secretsManager(r, LambdaWrapper.HTTP_CLIENT));
    }

    /**
     * For a cold start: builds the Secrets Manager client of {@code region}, and loads and initialises what a first
     * GetSecretValue needs by reading a made-up secret the way handlers read one (CloudFormation's client proxy, the
     * secret cache's time limits) from a client of the same configuration whose HTTP client answers in memory. No
     * request leaves the process; only the client of {@code region} is kept.
     */
    public static void prime(final String region) {
        secretsManager(region);
        final SecretsManagerClient inMemory = secretsManager(region, new InMemorySecretsManager());
        final AmazonWebServicesClientProxy proxy = new AmazonWebServicesClientProxy(new LoggerProxy(),
            new Credentials("ASIACOLDSTARTPRIMING", "cold-start-priming", "cold-start-priming"),
            () -> PRIMING_TIME_LIMIT.toMillis());
        new ClientSecretCache(Clock.systemUTC(), SignInTerms.RESOURCE).get(
            ClientSecretCache.withCallerCredentials(proxy.newProxy(() -> inMemory)),
            SecretLocation.of("000000000000", region, InMemorySecretsManager.SECRET), "cold-start-priming",
            Deadline.in(Clock.systemUTC(), PRIMING_TIME_LIMIT));
    }

    private static SecretsManagerClient secretsManager(final String region, final SdkHttpClient httpClient) {
        return SecretsManagerClient.builder()
            .region(Region.of(region))
            .credentialsProvider(CALLER_CREDENTIALS_ONLY)
            .httpClient(httpClient)
            .build();
    }

    /**
     * {@code injected}'s override configuration (the caller's credentials, which CloudFormation's proxy puts in place
     * of the request's own) with {@code original}'s time limits on top, so the SDK's own retries stay inside the
     * invocation's deadline.
     */
    static AwsRequestOverrideConfiguration withTimeLimitsOf(final AwsRequest original, final AwsRequest injected) {
        final AwsRequestOverrideConfiguration limits = original.overrideConfiguration().orElseThrow();
        return injected.overrideConfiguration().orElseThrow().toBuilder()
            .apiCallTimeout(limits.apiCallTimeout().orElse(null))
            .apiCallAttemptTimeout(limits.apiCallAttemptTimeout().orElse(null))
            .build();
    }

    public static StsClient sts(final String region) {
        return STS.computeIfAbsent(region, r -> StsClient.builder()
            .region(Region.of(r))
            .credentialsProvider(CALLER_CREDENTIALS_ONLY)
            .httpClient(LambdaWrapper.HTTP_CLIENT)
            .build());
    }

    /** Secrets Manager's answer to GetSecretValue, for {@link #prime}. */
    private static final class InMemorySecretsManager implements SdkHttpClient {

        static final String SECRET = "cold-start-priming";
        private static final byte[] ANSWER = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:" + SECRET
            + "-AbCdEf\",\"Name\":\"" + SECRET + "\",\"SecretString\":\"" + SECRET + "\",\"VersionId\":\""
            + "00000000-0000-0000-0000-000000000000\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}")
            .getBytes(StandardCharsets.UTF_8);

        @Override
        public ExecutableHttpRequest prepareRequest(final HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                            .putHeader("Content-Type", "application/x-amz-json-1.1")
                            .putHeader("Content-Length", String.valueOf(ANSWER.length))
                            .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(ANSWER)))
                        .build();
                }

                @Override
                public void abort() {
                    // Nothing is in flight.
                }
            };
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
