package io.cfnazure.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.assertj.core.util.Throwables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Entra ID stand-in, driven by azure-identity's real ClientSecretCredential. */
class EntraIdStandInTest {

    private static final String TENANT = "0c0f8f5e-7d0e-4f43-9a3b-2d51e3a1c001";
    private static final String CLIENT = "5f0b6c1a-3c0e-4c55-8d55-7b3a0b8d2002";
    private static final String SECRET = "Ab1Q~standInTestSecret";
    private static final TokenRequestContext STORAGE = new TokenRequestContext()
        .addScopes("https://storage.azure.com/.default");

    private static EntraIdStandIn entraId;

    @BeforeAll
    static void start() {
        entraId = EntraIdStandIn.start();
        entraId.registerApp(TENANT, CLIENT, SECRET);
    }

    @AfterAll
    static void stop() {
        entraId.close();
    }

    @Test
    void issuesAStorageTokenThatAzuriteAccepts() throws Exception {
        final int before = entraId.tokenRequests(CLIENT);

        final AccessToken token = credential(TENANT, CLIENT, SECRET).getTokenSync(STORAGE);

        final JsonNode claims = new ObjectMapper().readTree(
            Base64.getUrlDecoder().decode(token.getToken().split("\\.")[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("https://sts.windows.net/" + TENANT + "/");
        assertThat(claims.path("aud").asText()).isEqualTo("https://storage.azure.com");
        assertThat(claims.path("tid").asText()).isEqualTo(TENANT);
        assertThat(claims.path("appid").asText()).isEqualTo(CLIENT);
        assertThat(claims.path("oid").asText()).isNotBlank();
        final long now = Instant.now().getEpochSecond();
        assertThat(claims.path("nbf").asLong()).isLessThanOrEqualTo(now);
        assertThat(claims.path("exp").asLong()).isBetween(now + 3000, now + 3600);
        assertThat(token.getExpiresAt()).isAfter(OffsetDateTime.now().plus(Duration.ofMinutes(50)));
        assertThat(entraId.tokenRequests(CLIENT)).isEqualTo(before + 1);
    }

    @Test
    void audienceIsTheScopeWithoutDefault() throws Exception {
        final AccessToken token = credential(TENANT, CLIENT, SECRET).getTokenSync(new TokenRequestContext()
            .addScopes("https://cfnlocalstore01.blob.core.windows.net/.default"));

        final JsonNode claims = new ObjectMapper().readTree(
            Base64.getUrlDecoder().decode(token.getToken().split("\\.")[1]));
        assertThat(claims.path("aud").asText()).isEqualTo("https://cfnlocalstore01.blob.core.windows.net");
    }

    /**
     * Azure Resource Manager's scope, in the two spellings clients use: the management SDK asks for its management
     * endpoint with the trailing slash ({@code https://management.azure.com//.default}, as azd does) and gets that
     * audience; {@code https://management.azure.com/.default} gets it without. ARM accepts both.
     */
    @Test
    void issuesManagementTokensForEitherSpellingOfArmsScope() throws Exception {
        final ClientSecretCredential credential = credential(TENANT, CLIENT, SECRET);

        final String withSlash = audience(credential.getTokenSync(new TokenRequestContext()
            .addScopes("https://management.azure.com//.default")));
        final String withoutSlash = audience(credential.getTokenSync(new TokenRequestContext()
            .addScopes("https://management.azure.com/.default")));

        assertThat(withSlash).isEqualTo("https://management.azure.com/");
        assertThat(withoutSlash).isEqualTo("https://management.azure.com");
        assertThat(AzureResourceManagerStandIn.AUDIENCES).contains(withSlash, withoutSlash);
    }

    private static String audience(final AccessToken token) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.getToken().split("\\.")[1]))
            .path("aud").asText();
    }

    /**
     * Pins what a handler sees for a wrong client secret in azure-identity 1.19.0: not ClientAuthenticationException
     * but RuntimeException ← ExecutionException ← MsalServiceException, with Entra's code in the message.
     */
    @Test
    void wrongSecretIsRefusedWithAadsts7000215() {
        final int before = entraId.tokenRequests();

        final Throwable thrown = catchThrowable(() -> credential(TENANT, CLIENT, "not-the-secret").getTokenSync(STORAGE));

        assertThat(causeChain(thrown)).containsExactly(
            RuntimeException.class, ExecutionException.class, MsalServiceException.class);
        final MsalServiceException refusal = msalRefusal(thrown);
        assertThat(refusal.statusCode()).isEqualTo(401);
        assertThat(refusal.errorCode()).isEqualTo("invalid_client");
        assertThat(refusal.getMessage()).startsWith("AADSTS7000215: Invalid client secret provided.");
        assertThat(entraId.tokenRequests()).isEqualTo(before);
    }

    @Test
    void unknownClientIsRefusedWithAadsts700016() {
        final MsalServiceException refusal = msalRefusal(catchThrowable(
            () -> credential(TENANT, "00000000-0000-0000-0000-000000000000", SECRET).getTokenSync(STORAGE)));

        assertThat(refusal.statusCode()).isEqualTo(400);
        assertThat(refusal.errorCode()).isEqualTo("unauthorized_client");
        assertThat(refusal.getMessage()).startsWith("AADSTS700016: Application with identifier");
    }

    @Test
    void unknownTenantIsRefusedWithAadsts90002() {
        final MsalServiceException refusal = msalRefusal(catchThrowable(
            () -> credential("11111111-1111-1111-1111-111111111111", CLIENT, SECRET).getTokenSync(STORAGE)));

        assertThat(refusal.statusCode()).isEqualTo(400);
        assertThat(refusal.errorCode()).isEqualTo("invalid_request");
        assertThat(refusal.getMessage()).startsWith("AADSTS90002: Tenant '11111111-1111-1111-1111-111111111111'");
    }

    private static ClientSecretCredential credential(final String tenant, final String client, final String secret) {
        return new ClientSecretCredentialBuilder()
            .tenantId(tenant)
            .clientId(client)
            .clientSecret(secret)
            .authorityHost(entraId.authorityHost())
            .disableInstanceDiscovery()
            .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(TestCertificate.get().clientSslContext())).build())
            .build();
    }

    private static MsalServiceException msalRefusal(final Throwable thrown) {
        assertThat(thrown).hasRootCauseInstanceOf(MsalServiceException.class);
        return (MsalServiceException) Throwables.getRootCause(thrown);
    }

    private static List<Class<?>> causeChain(final Throwable thrown) {
        final List<Class<?>> chain = new ArrayList<>();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            chain.add(cause.getClass());
        }
        return chain;
    }
}
