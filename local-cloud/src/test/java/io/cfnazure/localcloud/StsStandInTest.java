package io.cfnazure.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenRequest;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenResponse;
import software.amazon.awssdk.services.sts.model.OutboundWebIdentityFederationDisabledException;
import software.amazon.awssdk.services.sts.model.StsException;

/** The STS stand-in, driven by the AWS SDK's real STS client (query protocol, SigV4), and its OIDC issuer. */
class StsStandInTest {

    private static final String ACCOUNT = "123456789012";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/StandInTestRole";
    private static final CallerCredentials CALLER =
        new CallerCredentials("ASIAQSTSSTANDIN00001", "stsStandInTestSecretAccessKey/0123456789", "stsStandInToken1");
    private static final CallerCredentials OTHER_CALLER =
        new CallerCredentials("ASIAQSTSSTANDIN00002", "otherStsStandInTestSecretAccessKey/01234", "stsStandInToken2");
    private static final CallerCredentials DISABLED_ACCOUNT_CALLER =
        new CallerCredentials("ASIAQSTSSTANDIN00003", "disabledAccountSecretAccessKey/0123456789", "stsStandInToken3");
    /** A session of the execution role, whose policy is execution-role.yaml's with its defaults. */
    private static final CallerCredentials EXECUTION_ROLE_CALLER =
        new CallerCredentials("ASIAQSTSSTANDIN00004", "executionRoleSecretAccessKey/0123456789", "stsStandInToken4");
    private static final String AUDIENCE = "api://AzureADTokenExchange";
    private static final HttpClient HTTPS = HttpClient.newBuilder()
        .sslContext(TestCertificate.get().clientSslContext())
        .build();

    private static StsStandIn sts;
    private static String issuer;

    @BeforeAll
    static void start() {
        final AwsCallers callers = new AwsCallers();
        callers.accept(CALLER, ROLE_ARN);
        callers.accept(OTHER_CALLER, ROLE_ARN);
        callers.accept(DISABLED_ACCOUNT_CALLER, "arn:aws:iam::444455556666:role/path/to/OtherRole");
        callers.accept(EXECUTION_ROLE_CALLER, LocalCloud.CALLER_ROLE_ARN);
        sts = StsStandIn.start("us-east-1", callers);
        sts.attachRolePolicy(LocalCloud.CALLER_ROLE_ARN, WebIdentityTokenPolicy.ofExecutionRole(Map.of()));
        issuer = sts.enableFederation(ACCOUNT);
    }

    @AfterAll
    static void stop() {
        sts.close();
    }

    @Test
    void issuesAnRs256TokenForTheCallersRoleThatTheIssuersPublishedKeysVerify() throws Exception {
        final Instant before = Instant.now().minusSeconds(1);

        final GetWebIdentityTokenResponse answer = getToken(client(CALLER, Region.US_EAST_1), 300);

        final SignedJWT jwt = SignedJWT.parse(answer.webIdentityToken());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.verify(new RSASSAVerifier(publishedKey(jwt)))).isTrue();
        final JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer).startsWith("https://127.0.0.1:");
        assertThat(claims.getSubject()).isEqualTo(ROLE_ARN);
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant()).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.SECONDS));
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
            .isEqualTo(Duration.ofSeconds(300));
        assertThat(answer.expiration()).isEqualTo(claims.getExpirationTime().toInstant());
        assertThat(claims.getJSONObjectClaim("https://sts.amazonaws.com/")).containsAllEntriesOf(Map.of(
            "aws_account", ACCOUNT, "source_region", "us-east-1", "principal_id", ROLE_ARN));
        assertThat(sts.issuedTokens()).contains(answer.webIdentityToken());
    }

    @Test
    void servesTheIssuersDiscoveryDocumentAndOnlyIts() throws Exception {
        final JsonNode configuration = StandInServer.JSON.readTree(get(issuer + "/.well-known/openid-configuration")
            .body());

        assertThat(configuration.path("issuer").asText()).isEqualTo(issuer);
        assertThat(configuration.path("jwks_uri").asText()).isEqualTo(issuer + "/.well-known/jwks.json");
        assertThat(get(issuer.replaceAll("/[^/]+$", "/unknown") + "/.well-known/jwks.json").statusCode())
            .isEqualTo(404);
        assertThat(sts.enableFederation(ACCOUNT)).as("the account keeps its issuer").isEqualTo(issuer);
    }

    @Test
    void countsTokensPerCaller() {
        final int mine = sts.tokensIssued(CALLER.accessKeyId());
        final int others = sts.tokensIssued(OTHER_CALLER.accessKeyId());

        getToken(client(OTHER_CALLER, Region.US_EAST_1), 60);

        assertThat(sts.tokensIssued(CALLER.accessKeyId())).isEqualTo(mine);
        assertThat(sts.tokensIssued(OTHER_CALLER.accessKeyId())).isEqualTo(others + 1);
    }

    @Test
    void refusesRequestsSignedForTheGlobalEndpointOrAnotherRegion() {
        for (final Region region : new Region[] {Region.AWS_GLOBAL, Region.US_WEST_2}) {
            final int issued = sts.tokensIssued(CALLER.accessKeyId());

            final StsException refusal = catchThrowableOfType(StsException.class,
                () -> getToken(client(CALLER, region), 300));

            assertThat(refusal.statusCode()).as(region.id()).isEqualTo(403);
            assertThat(refusal.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(refusal.awsErrorDetails().errorMessage()).contains("scoped to a valid region");
            assertThat(sts.tokensIssued(CALLER.accessKeyId())).isEqualTo(issued);
        }
    }

    @Test
    void refusesCredentialsAwsDoesNotKnowOrThatDoNotMatch() {
        assertThat(errorCode(client(new CallerCredentials("ASIAQUNKNOWNKEY00000", CALLER.secretAccessKey(),
            CALLER.sessionToken()), Region.US_EAST_1))).isEqualTo("InvalidClientTokenId");
        assertThat(errorCode(client(new CallerCredentials(CALLER.accessKeyId(), OTHER_CALLER.secretAccessKey(),
            CALLER.sessionToken()), Region.US_EAST_1))).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void answersAnAccountWithoutFederationWithItsModeledException() {
        assertThat(catchThrowableOfType(OutboundWebIdentityFederationDisabledException.class,
            () -> getToken(client(DISABLED_ACCOUNT_CALLER, Region.US_EAST_1), 300)).statusCode()).isEqualTo(403);

        sts.enableFederation("444455556666");
        assertThat(getToken(client(DISABLED_ACCOUNT_CALLER, Region.US_EAST_1), 300).webIdentityToken()).isNotBlank();
        sts.disableFederation("444455556666");
        assertThat(catchThrowableOfType(OutboundWebIdentityFederationDisabledException.class,
            () -> getToken(client(DISABLED_ACCOUNT_CALLER, Region.US_EAST_1), 300))
            .awsErrorDetails().errorMessage()).contains("not enabled for this account");
    }

    @Test
    void answersACallerWithoutThePermissionWithAccessDeniedNamingTheSession() {
        final AwsCallers callers = new AwsCallers();
        final CallerCredentials denied = new CallerCredentials("ASIAQSTSDENIED000001", "deniedSecretKey", "token");
        callers.accept(denied, ROLE_ARN);
        try (StsStandIn alone = StsStandIn.start("us-east-1", callers)) {
            alone.enableFederation(ACCOUNT);
            alone.denyWebIdentityTokens(denied.accessKeyId());

            final StsException refusal = catchThrowableOfType(StsException.class, () -> client(denied,
                Region.US_EAST_1, alone).getWebIdentityToken(request -> request.audience(AUDIENCE)
                .signingAlgorithm("RS256")));

            assertThat(refusal.statusCode()).isEqualTo(403);
            assertThat(refusal.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(refusal.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + ACCOUNT
                + ":assumed-role/StandInTestRole/ASIAQSTSDENIED000001 is not authorized to perform: "
                + "sts:GetWebIdentityToken because no identity-based policy allows the sts:GetWebIdentityToken action");
        }
    }

    /** What the handlers and the copy service ask for, with DurationSeconds and with STS's default of 300. */
    @Test
    void givesTheExecutionRoleTheTokenTheHandlersAskFor() throws Exception {
        final StsClient client = client(EXECUTION_ROLE_CALLER, Region.US_EAST_1);

        final SignedJWT explicit = SignedJWT.parse(getToken(client, 300).webIdentityToken());
        final SignedJWT byDefault = SignedJWT.parse(client.getWebIdentityToken(request -> request.audience(AUDIENCE)
            .signingAlgorithm("RS256")).webIdentityToken());

        for (final SignedJWT jwt : new SignedJWT[] {explicit, byDefault}) {
            assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(LocalCloud.CALLER_ROLE_ARN);
            assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(AUDIENCE);
        }
    }

    /** execution-role.yaml allows only the parameter's audience, RS256 and at most 300 seconds. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsTheExecutionRoleMayNotMake")
    void refusesTheExecutionRoleWhatItsPolicyDoesNotAllow(final String what,
                                                          final Consumer<GetWebIdentityTokenRequest.Builder> request) {
        final int issued = sts.tokensIssued(EXECUTION_ROLE_CALLER.accessKeyId());

        final StsException refusal = catchThrowableOfType(StsException.class,
            () -> client(EXECUTION_ROLE_CALLER, Region.US_EAST_1).getWebIdentityToken(request));

        assertThat(refusal.statusCode()).isEqualTo(403);
        assertThat(refusal.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(refusal.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + ACCOUNT
            + ":assumed-role/AzureBlobStorageContainerExecution/" + EXECUTION_ROLE_CALLER.accessKeyId()
            + " is not authorized to perform: sts:GetWebIdentityToken because no identity-based policy allows the "
            + "sts:GetWebIdentityToken action");
        assertThat(sts.tokensIssued(EXECUTION_ROLE_CALLER.accessKeyId())).isEqualTo(issued);
    }

    static Stream<Arguments> requestsTheExecutionRoleMayNotMake() {
        return Stream.of(
            Arguments.of("600 seconds", (Consumer<GetWebIdentityTokenRequest.Builder>) request -> request
                .audience(AUDIENCE).signingAlgorithm("RS256").durationSeconds(600)),
            Arguments.of("ES384", (Consumer<GetWebIdentityTokenRequest.Builder>) request -> request
                .audience(AUDIENCE).signingAlgorithm("ES384").durationSeconds(300)),
            Arguments.of("another audience", (Consumer<GetWebIdentityTokenRequest.Builder>) request -> request
                .audience("api://another-audience").signingAlgorithm("RS256").durationSeconds(300)),
            Arguments.of("another audience too", (Consumer<GetWebIdentityTokenRequest.Builder>) request -> request
                .audience(AUDIENCE, "api://another-audience").signingAlgorithm("RS256").durationSeconds(300)));
    }

    @Test
    void aRoleWithoutAPolicyAttachedGetsWhatStsWouldSign() {
        assertThat(getToken(client(CALLER, Region.US_EAST_1), 600).webIdentityToken()).isNotBlank();
    }

    @Test
    void validatesTheRequestAsTheApiReferenceDoes() {
        final StsException tooShort = catchThrowableOfType(StsException.class,
            () -> getToken(client(CALLER, Region.US_EAST_1), 30));
        assertThat(tooShort.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(tooShort.awsErrorDetails().errorMessage()).contains("durationSeconds");

        final StsException noAudience = catchThrowableOfType(StsException.class, () -> client(CALLER,
            Region.US_EAST_1).getWebIdentityToken(request -> request.signingAlgorithm("RS256")));
        assertThat(noAudience.awsErrorDetails().errorMessage()).contains("'audience'");
    }

    @Test
    void forgedAndBackdatedTokensAreWhatTheirKnobsSay() throws Exception {
        final AwsCallers callers = new AwsCallers();
        final CallerCredentials forger = new CallerCredentials("ASIAQSTSFORGER000001", "forgerSecretKey", "t1");
        final CallerCredentials late = new CallerCredentials("ASIAQSTSLATE00000001", "lateSecretKey", "t2");
        callers.accept(forger, ROLE_ARN);
        callers.accept(late, ROLE_ARN);
        try (StsStandIn alone = StsStandIn.start("us-east-1", callers)) {
            alone.enableFederation(ACCOUNT);
            alone.signWithUnpublishedKey(forger.accessKeyId());
            alone.shiftClock(late.accessKeyId(), Duration.ofHours(-1));

            final SignedJWT forged = SignedJWT.parse(client(forger, Region.US_EAST_1, alone)
                .getWebIdentityToken(request -> request.audience(AUDIENCE).signingAlgorithm("RS256"))
                .webIdentityToken());
            final GetWebIdentityTokenResponse expired = client(late, Region.US_EAST_1, alone)
                .getWebIdentityToken(request -> request.audience(AUDIENCE).signingAlgorithm("RS256"));

            assertThat(forged.verify(new RSASSAVerifier(publishedKey(forged)))).isFalse();
            assertThat(SignedJWT.parse(expired.webIdentityToken()).getJWTClaimsSet().getExpirationTime().toInstant())
                .isEqualTo(expired.expiration()).isBefore(Instant.now().minusSeconds(3000));
        }
    }

    /** The key the token's issuer publishes under the token's key ID, found as a verifier would find it. */
    private static RSAKey publishedKey(final SignedJWT jwt) throws Exception {
        final String tokenIssuer = jwt.getJWTClaimsSet().getIssuer();
        final String jwksUri = StandInServer.JSON.readTree(get(tokenIssuer + "/.well-known/openid-configuration")
            .body()).path("jwks_uri").asText();
        return JWKSet.parse(get(jwksUri).body()).getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
    }

    private static HttpResponse<String> get(final String url) throws Exception {
        return HTTPS.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static GetWebIdentityTokenResponse getToken(final StsClient client, final int durationSeconds) {
        return client.getWebIdentityToken(request -> request.audience(AUDIENCE).signingAlgorithm("RS256")
            .durationSeconds(durationSeconds));
    }

    private static String errorCode(final StsClient client) {
        final StsException refusal = catchThrowableOfType(StsException.class, () -> getToken(client, 300));
        assertThat(refusal.statusCode()).isEqualTo(403);
        return refusal.awsErrorDetails().errorCode();
    }

    private static StsClient client(final CallerCredentials caller, final Region region) {
        return client(caller, region, sts);
    }

    private static StsClient client(final CallerCredentials caller, final Region region, final StsStandIn standIn) {
        return StsClient.builder()
            .region(region)
            .endpointOverride(URI.create(standIn.endpoint()))
            .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(caller.accessKeyId(),
                caller.secretAccessKey(), caller.sessionToken())))
            .build();
    }
}
