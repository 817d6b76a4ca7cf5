package io.cfnazure.blobstorage.container.credentials;

import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.AzureSignInResolver;
import io.cfnazure.access.signin.ClientSecretCache;
import io.cfnazure.access.signin.SecretLocation;
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
import software.amazon.cloudformation.proxy.ProxyClient;

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
     * For a cold start: builds the Secrets Manager and STS clients of {@code region}, and loads and initialises what a
     * first GetSecretValue and a first GetWebIdentityToken need (the first invocation signs in one of the two ways,
     * unknown until its request arrives) by making them the way handlers do (CloudFormation's client proxy, the
     * caches' time limits) with clients of the same configuration whose HTTP client answers in memory. No request
     * leaves the process; only the clients of {@code region} are kept.
     */
    public static void prime(final String region) {
        final AmazonWebServicesClientProxy proxy = new AmazonWebServicesClientProxy(new LoggerProxy(),
            new Credentials("ASIACOLDSTARTPRIMING", "cold-start-priming", "cold-start-priming"),
            () -> PRIMING_TIME_LIMIT.toMillis());
        final Deadline deadline = Deadline.in(Clock.systemUTC(), PRIMING_TIME_LIMIT);
        secretsManager(region);
        final SecretsManagerClient secretsManagerInMemory = secretsManager(region,
            new InMemoryAnswer("application/x-amz-json-1.1", SECRET_VALUE));
        new ClientSecretCache(Clock.systemUTC(), CallerSignIn.TERMS).get(
            secretsManagerWithCallerCredentials(proxy.newProxy(() -> secretsManagerInMemory)),
            SecretLocation.of("000000000000", region, PRIMING), PRIMING, deadline);
        sts(region);
        final StsClient stsInMemory = sts(region, new InMemoryAnswer("text/xml", WEB_IDENTITY_TOKEN));
        new AwsWebIdentityTokens(Clock.systemUTC(), CallerSignIn.TERMS).get(
            stsWithCallerCredentials(proxy.newProxy(() -> stsInMemory)), "000000000000", region,
            AzureSignInResolver.DEFAULT_AUDIENCE, PRIMING, deadline);
    }

    /** Secrets Manager called with the caller's credentials, which CloudFormation's client proxy injects. */
    public static ClientSecretCache.SecretsManager secretsManagerWithCallerCredentials(
        final ProxyClient<SecretsManagerClient> secretsManager) {
        return request -> secretsManager.injectCredentialsAndInvokeV2(request, injected -> secretsManager.client()
            .getSecretValue(injected.toBuilder().overrideConfiguration(withTimeLimitsOf(request, injected)).build()));
    }

    /** STS called with the caller's credentials, which CloudFormation's client proxy injects. */
    public static AwsWebIdentityTokens.Sts stsWithCallerCredentials(final ProxyClient<StsClient> sts) {
        return request -> sts.injectCredentialsAndInvokeV2(request, injected -> sts.client().getWebIdentityToken(
            injected.toBuilder().overrideConfiguration(withTimeLimitsOf(request, injected)).build()));
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
    private static AwsRequestOverrideConfiguration withTimeLimitsOf(final AwsRequest original, final AwsRequest injected) {
        final AwsRequestOverrideConfiguration limits = original.overrideConfiguration().orElseThrow();
        return injected.overrideConfiguration().orElseThrow().toBuilder()
            .apiCallTimeout(limits.apiCallTimeout().orElse(null))
            .apiCallAttemptTimeout(limits.apiCallAttemptTimeout().orElse(null))
            .build();
    }

    public static StsClient sts(final String region) {
        return STS.computeIfAbsent(region, r -> sts(r, LambdaWrapper.HTTP_CLIENT));
    }

    private static StsClient sts(final String region, final SdkHttpClient httpClient) {
        return StsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(CALLER_CREDENTIALS_ONLY)
            .httpClient(httpClient)
            .build();
    }

    private static final String PRIMING = "cold-start-priming";
    /** Secrets Manager's answer to GetSecretValue, for {@link #prime}. */
    private static final String SECRET_VALUE = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:"
        + PRIMING + "-AbCdEf\",\"Name\":\"" + PRIMING + "\",\"SecretString\":\"" + PRIMING + "\",\"VersionId\":\""
        + "00000000-0000-0000-0000-000000000000\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}";
    /** STS's answer to GetWebIdentityToken, for {@link #prime}: a JWT of empty header and claims. */
    private static final String WEB_IDENTITY_TOKEN = "<GetWebIdentityTokenResponse "
        + "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetWebIdentityTokenResult>"
        + "<WebIdentityToken>e30.e30.c2lnbmF0dXJl</WebIdentityToken><Expiration>2030-01-01T00:00:00Z</Expiration>"
        + "</GetWebIdentityTokenResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId>"
        + "</ResponseMetadata></GetWebIdentityTokenResponse>";

    /** An HTTP client whose every answer is 200 with {@code body}, for {@link #prime}. */
    private static final class InMemoryAnswer implements SdkHttpClient {

        private final String contentType;
        private final byte[] body;

        InMemoryAnswer(final String contentType, final String body) {
            this.contentType = contentType;
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public ExecutableHttpRequest prepareRequest(final HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                            .putHeader("Content-Type", contentType)
                            .putHeader("Content-Length", String.valueOf(body.length))
                            .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
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
