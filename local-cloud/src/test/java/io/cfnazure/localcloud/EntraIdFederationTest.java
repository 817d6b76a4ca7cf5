package io.cfnazure.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientAssertionCredential;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.cfnazure.localcloud.EntraIdStandIn.FederatedCredential;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.assertj.core.util.Throwables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The Entra ID stand-in's client assertion grant (workload identity federation), driven by azure-identity's real
 * ClientAssertionCredential with web identity tokens the STS stand-in signed for the AWS SDK's real STS client.
 */
class EntraIdFederationTest {

    private static final String TENANT = "7a1d0c3e-5b2f-4e8a-9c14-6f0e2d3b1a07";
    private static final String ACCOUNT = "123456789012";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/FederationTestRole";
    private static final String AUDIENCE = "api://AzureADTokenExchange";
    private static final TokenRequestContext STORAGE = new TokenRequestContext()
        .addScopes("https://storage.azure.com/.default");

    private static final AwsCallers CALLERS = new AwsCallers();
    private static final CallerCredentials CALLER =
        new CallerCredentials("ASIAQENTRAFEDTEST001", "entraFederationTestSecretKey/0123456789", "entraFedToken1");
    private static final CallerCredentials FORGER =
        new CallerCredentials("ASIAQENTRAFEDTEST002", "entraFederationForgerSecretKey/01234567", "entraFedToken2");
    private static final CallerCredentials LATE =
        new CallerCredentials("ASIAQENTRAFEDTEST003", "entraFederationLateSecretKey/0123456789", "entraFedToken3");

    private static StsStandIn sts;
    private static EntraIdStandIn entraId;
    private static String issuer;

    @BeforeAll
    static void start() {
        CALLERS.accept(CALLER, ROLE_ARN);
        CALLERS.accept(FORGER, ROLE_ARN);
        CALLERS.accept(LATE, ROLE_ARN);
        sts = StsStandIn.start("us-east-1", CALLERS);
        issuer = sts.enableFederation(ACCOUNT);
        sts.signWithUnpublishedKey(FORGER.accessKeyId());
        sts.shiftClock(LATE.accessKeyId(), Duration.ofMinutes(-30));
        entraId = EntraIdStandIn.start();
    }

    @AfterAll
    static void stop() {
        sts.close();
        entraId.close();
    }

    @Test
    void signsInAnAppWhoseFederatedCredentialTrustsTheToken() {
        final String app = appTrusting(issuer, ROLE_ARN, AUDIENCE);

        final AccessToken token = credential(app, () -> awsToken(CALLER, AUDIENCE)).getTokenSync(STORAGE);

        assertThat(token.getToken()).isIn(entraId.issuedAccessTokens());
        assertThat(entraId.tokenRequests(app)).isEqualTo(1);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefusedWithAadsts700211() {
        final String app = appTrusting("https://oidc.example.com/other-account", ROLE_ARN, AUDIENCE);

        assertRefused(app, awsToken(CALLER, AUDIENCE), 401, "AADSTS700211: No matching federated identity record "
            + "found for presented assertion issuer '" + issuer + "'.");
    }

    @Test
    void aTokenForAnotherSubjectIsRefusedWithAadsts700213() {
        final String app = appTrusting(issuer, "arn:aws:iam::" + ACCOUNT + ":role/SomeOtherRole", AUDIENCE);

        assertRefused(app, awsToken(CALLER, AUDIENCE), 401, "AADSTS700213: No matching federated identity record "
            + "found for presented assertion subject '" + ROLE_ARN + "'.");
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedWithAadsts700212() {
        final String app = appTrusting(issuer, ROLE_ARN, AUDIENCE);

        assertRefused(app, awsToken(CALLER, "api://another-audience"), 401, "AADSTS700212: No matching federated "
            + "identity record found for presented assertion audience 'api://another-audience'.");
    }

    @Test
    void anAppWithoutFederatedCredentialsAnswersAadsts70021() {
        final String app = UUID.randomUUID().toString();
        entraId.registerApp(TENANT, app, "a-secret-only-app");

        assertRefused(app, awsToken(CALLER, AUDIENCE), 400, "AADSTS70021: No matching federated identity record "
            + "found for presented assertion. Assertion Issuer: '" + issuer + "'. Assertion Subject: '" + ROLE_ARN
            + "'. Assertion Audience: '" + AUDIENCE + "'.");
    }

    @Test
    void aTokenSignedWithAKeyTheIssuerDoesNotPublishIsRefusedWithAadsts700027() throws Exception {
        final String app = appTrusting(issuer, ROLE_ARN, AUDIENCE);
        // The same claims and key ID as a genuine token, signed with another key: a forgery.
        final SignedJWT genuine = SignedJWT.parse(awsToken(CALLER, AUDIENCE));
        final SignedJWT forged = new SignedJWT(new JWSHeader.Builder(genuine.getHeader()).build(),
            genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));

        assertRefused(app, forged.serialize(), 401, "AADSTS700027: Client assertion failed signature validation. "
            + "[Reason - The provided signature value did not match the expected signature value.");
        assertRefused(app, awsToken(FORGER, AUDIENCE), 401, "AADSTS700027: Client assertion failed signature "
            + "validation.");
        assertThat(entraId.tokenRequests(app)).isZero();
    }

    @Test
    void anExpiredTokenIsRefusedWithAadsts700024() {
        final String app = appTrusting(issuer, ROLE_ARN, AUDIENCE);

        assertRefused(app, awsToken(LATE, AUDIENCE), 401, "AADSTS700024: Client assertion is not within its valid "
            + "time range. Current time: ");
    }

    @Test
    void anUnsignedAssertionIsRefused() throws Exception {
        final String app = appTrusting(issuer, ROLE_ARN, AUDIENCE);
        final String[] parts = awsToken(CALLER, AUDIENCE).split("\\.");

        assertRefused(app, parts[0] + "." + parts[1] + ".", 400, "AADSTS50027: JWT token is invalid or malformed.");
    }

    @Test
    void anIssuerWhoseKeysCannotBeFetchedIsRefusedWithAadsts90061UntilItAnswersAgain() {
        final String app = appTrusting(issuer, ROLE_ARN, AUDIENCE);
        final String issuerPath = URI.create(issuer).getPath();
        sts.issuerFaults().answer(request -> request.path().startsWith(issuerPath), -1,
            new Faults.Answer(503, "text/html", java.util.Map.of(), "<html>Service Unavailable</html>"));
        try {
            assertRefused(app, awsToken(CALLER, AUDIENCE), 400, "AADSTS90061: Request to External OIDC endpoint "
                + "failed.");
        } finally {
            sts.issuerFaults().clear();
        }

        assertThat(credential(app, () -> awsToken(CALLER, AUDIENCE)).getTokenSync(STORAGE).getToken()).isNotBlank();
    }

    private static String appTrusting(final String trustedIssuer, final String subject, final String audience) {
        final String app = UUID.randomUUID().toString();
        entraId.addFederatedCredential(TENANT, app, new FederatedCredential(trustedIssuer, subject, List.of(audience)));
        return app;
    }

    private static void assertRefused(final String app, final String assertion, final int status,
                                      final String messageStart) {
        final Throwable thrown = catchThrowable(() -> credential(app, () -> assertion).getTokenSync(STORAGE));

        assertThat(thrown).hasRootCauseInstanceOf(MsalServiceException.class);
        final MsalServiceException refusal = (MsalServiceException) Throwables.getRootCause(thrown);
        assertThat(refusal.statusCode()).isEqualTo(status);
        assertThat(refusal.errorCode()).isEqualTo(status == 401 ? "invalid_client" : "invalid_request");
        assertThat(refusal.getMessage()).startsWith(messageStart).doesNotContain(assertion);
    }

    private static String awsToken(final CallerCredentials caller, final String audience) {
        try (StsClient client = StsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(sts.endpoint()))
            .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(caller.accessKeyId(),
                caller.secretAccessKey(), caller.sessionToken())))
            .build()) {
            return client.getWebIdentityToken(request -> request.audience(audience).signingAlgorithm("RS256")
                .durationSeconds(300)).webIdentityToken();
        }
    }

    private static ClientAssertionCredential credential(final String app, final Supplier<String> assertion) {
        return new ClientAssertionCredentialBuilder()
            .tenantId(TENANT)
            .clientId(app)
            .clientAssertion(assertion)
            .authorityHost(entraId.authorityHost())
            .disableInstanceDiscovery()
            .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(TestCertificate.get().clientSslContext())).build())
            .build();
    }
}
