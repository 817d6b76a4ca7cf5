package io.cfnazure.access.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.cfnazure.access.signin.SignInFailure.Category;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Entra ID's answers, for the cases the stand-in does not play; the fault tests play the rest end to end. */
class EntraIdFailuresTest {

    /** Another program's terms, as the backup copy service has them: its environment, its role, its retries. */
    static final SignInTerms FUNCTION_TERMS = new SignInTerms("AZURE_AUTHENTICATION", "AZURE_CLIENT_SECRET_NAME",
        "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_WEB_IDENTITY_AUDIENCE", null, "the function's role",
        "the construct", "the function's log", "it will be retried");

    private static final AzureSignIn SIGN_IN = new AzureSignIn.WithClientSecret("11111111-2222-3333-4444-555555555555",
        "66666666-7777-8888-9999-000000000000", "s3cr3t~never.shown", "azure/blobstorage/client-secret");
    private static final AzureSignIn WEB_IDENTITY = new AzureSignIn.WithAwsWebIdentity(
        "11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000", "api://AzureADTokenExchange");
    private static final AwsWebIdentityTokens.Token AWS_TOKEN = new AwsWebIdentityTokens.Token("eyJ.header.sig",
        java.time.Instant.parse("2026-12-01T10:00:00Z"), "https://abc123.tokens.sts.global.api.aws",
        "arn:aws:iam::123456789012:role/CloudFormationAzureExecution");

    static MsalServiceException entraAnswer(final Integer status, final String error, final String description,
                                            final Map<String, List<String>> headers) {
        final MsalServiceException e = mock(MsalServiceException.class);
        lenient().when(e.statusCode()).thenReturn(status);
        lenient().when(e.errorCode()).thenReturn(error);
        lenient().when(e.getMessage()).thenReturn(description);
        lenient().when(e.headers()).thenReturn(headers);
        return e;
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            // azure-identity wraps MSAL's exception in a RuntimeException (seen with the real client).
            Arguments.of(new RuntimeException(new ExecutionException(entraAnswer(401, "invalid_client",
                    "AADSTS7000215: Invalid client secret provided.", Map.of()))),
                Category.REFUSED_CREDENTIALS, "secret 'azure/blobstorage/client-secret'"),
            Arguments.of(entraAnswer(400, "unauthorized_client", "AADSTS700016: Application with identifier not "
                + "found", Map.of()), Category.REFUSED_CREDENTIALS, "AzureClientId"),
            Arguments.of(entraAnswer(401, "invalid_client", "AADSTS7000222: The provided client secret keys are "
                + "expired.", Map.of()), Category.REFUSED_CREDENTIALS, "has expired"),
            Arguments.of(entraAnswer(400, "invalid_request", "AADSTS90002: Tenant not found.", Map.of()),
                Category.REFUSED_CREDENTIALS, "check AzureTenantId"),
            Arguments.of(entraAnswer(503, "temporarily_unavailable", "AADSTS50196: The server is temporarily "
                + "unavailable.", Map.of()), Category.SERVICE_ERROR, "Entra ID outage"),
            Arguments.of(entraAnswer(400, "temporarily_unavailable", "AADSTS90033: A transient error has occurred.",
                Map.of()), Category.SERVICE_ERROR, "will retry"),
            Arguments.of(entraAnswer(500, "server_error", "AADSTS90100", Map.of()),
                Category.SERVICE_ERROR, "500"),
            Arguments.of(entraAnswer(429, "throttled", "Too many requests", Map.of("Retry-After", List.of("7"))),
                Category.THROTTLED, "throttling"),
            // MSAL could not read a gateway's HTML page: no status, its own error code (seen with the real client).
            Arguments.of(new RuntimeException(entraAnswer(null, "invalid_json", "Unexpected character '<'", Map.of())),
                Category.SERVICE_ERROR, "not a token response"),
            Arguments.of(new RuntimeException(new MsalClientException("Unexpected character '<'", "invalid_json")),
                Category.SERVICE_ERROR, "not a token response"),
            Arguments.of(new UncheckedIOException(new IOException("Connection reset")),
                Category.UNREACHABLE, "Could not reach Entra ID to sign in app 66666666-7777-8888-9999-000000000000 in tenant "
                    + "11111111-2222-3333-4444-555555555555 (the connection failed: IOException)"),
            // The deadline, and java.net.http's response timeout as azure-core and MSAL wrap it (seen with the real
            // client): the request timed out, whichever ran out first.
            Arguments.of(new TimeoutException(), Category.TIMED_OUT,
                "Entra ID did not answer in time to sign in app 66666666-7777-8888-9999-000000000000 in tenant "
                    + "11111111-2222-3333-4444-555555555555 (the request timed out)"),
            Arguments.of(new RuntimeException(new MsalClientException(new UncheckedIOException(
                    new HttpTimeoutException("request timed out")))), Category.TIMED_OUT,
                "Entra ID did not answer in time to sign in app 66666666-7777-8888-9999-000000000000 in tenant "
                    + "11111111-2222-3333-4444-555555555555 (the request timed out)"),
            Arguments.of(new RuntimeException(new MsalClientException(new UncheckedIOException(
                    new ConnectException()))), Category.UNREACHABLE, "Could not connect to Entra ID"),
            Arguments.of(new RuntimeException(new MsalClientException(new UncheckedIOException(
                    new HttpConnectTimeoutException("HTTP connect timed out")))), Category.UNREACHABLE,
                "Could not connect to Entra ID"),
            // A gateway's page, as EntraIdErrorPages reports a 4xx one.
            Arguments.of(new RuntimeException(new MsalClientException(new EntraIdErrorPages.ErrorPage(429,
                "text/html", null))), Category.THROTTLED, "Entra ID is throttling"),
            Arguments.of(new RuntimeException(new MsalClientException(new EntraIdErrorPages.ErrorPage(403,
                "text/html", null))), Category.SERVICE_ERROR, "answered the sign-in of app "
                + "66666666-7777-8888-9999-000000000000 in tenant 11111111-2222-3333-4444-555555555555 with 403 and a "
                + "page that is not Entra ID's"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void mapsOutagesToRetriableCodesAndRefusalsToInvalidCredentials(final Throwable error, final Category code,
                                                                    final String messagePart) {
        final SignInFailure failure = EntraIdFailures.translate(error, SIGN_IN, null, TestTerms.RESOURCE);

        assertThat(failure.category()).isEqualTo(code);
        assertThat(failure.getMessage()).contains(messagePart).doesNotContain("s3cr3t", "\tat ", "Exception:");
        if (failure.isTransient()) {
            assertThat(failure.getMessage()).doesNotContain("check the client secret", "AzureClientId");
        }
    }

    @Test
    void throttlingCarriesTheWaitEntraAskedFor() {
        final SignInFailure failure = EntraIdFailures.translate(
            entraAnswer(429, "throttled", "Too many requests", Map.of("retry-after", List.of("42"))), SIGN_IN, null,
            TestTerms.RESOURCE);

        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(42));
    }

    static Stream<Arguments> federationRows() {
        return Stream.of(
            Arguments.of("AADSTS700211: No matching federated identity record found for presented assertion issuer",
                "trusts the AWS token's issuer", "issuer 'https://abc123.tokens.sts.global.api.aws'"),
            Arguments.of("AADSTS700213: No matching federated identity record found for presented assertion subject",
                "subject 'arn:aws:iam::123456789012:role/CloudFormationAzureExecution'", "az ad app federated-credential"),
            Arguments.of("AADSTS700212: No matching federated identity record found for presented assertion audience",
                "audience 'api://AzureADTokenExchange'", "AzureWebIdentityAudience"),
            Arguments.of("AADSTS700024: Client assertion is not within its valid time range.", "valid time range",
                "retry the operation"),
            Arguments.of("AADSTS700027: Client assertion failed signature validation.", "signature",
                "issuer URL 'https://abc123.tokens.sts.global.api.aws'"));
    }

    @ParameterizedTest
    @MethodSource("federationRows")
    void aRefusedAwsTokenSaysWhichPartOfTheFederatedCredentialToFix(final String description, final String what,
                                                                    final String fix) {
        final SignInFailure failure = EntraIdFailures.translate(
            new RuntimeException(entraAnswer(400, "invalid_client", description, Map.of())), WEB_IDENTITY, AWS_TOKEN,
            TestTerms.RESOURCE);

        assertThat(failure.category()).isEqualTo(Category.REFUSED_CREDENTIALS);
        assertThat(failure.getMessage()).contains(what, fix).doesNotContain("eyJ", "client secret");
    }

    static Stream<Arguments> issuerOutages() {
        return Stream.of(Arguments.of("AADSTS90061: Request to External OIDC endpoint failed."),
            Arguments.of("AADSTS50166: Request to External OIDC endpoint failed."));
    }

    @ParameterizedTest
    @MethodSource("issuerOutages")
    void anIssuerEntraIdCannotReachIsAnOutageNotAMissingFederatedCredential(final String description) {
        final SignInFailure failure = EntraIdFailures.translate(
            new RuntimeException(entraAnswer(400, "invalid_request", description, Map.of())), WEB_IDENTITY, AWS_TOKEN,
            TestTerms.RESOURCE);

        assertThat(failure.category()).isEqualTo(Category.SERVICE_ERROR);
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.getMessage()).contains("could not fetch the discovery document or signing keys of "
                + "'https://abc123.tokens.sts.global.api.aws'", "not a problem with the federated credential",
                "CloudFormation will retry")
            .doesNotContain("add a federated identity credential", "az ad app");
    }

    @Test
    void aThrottlingPageCarriesTheWaitItAskedFor() {
        final SignInFailure failure = EntraIdFailures.translate(new RuntimeException(new MsalClientException(
            new EntraIdErrorPages.ErrorPage(429, "text/html", Duration.ofSeconds(60)))), SIGN_IN, null,
            TestTerms.RESOURCE);

        assertThat(failure.category()).isEqualTo(Category.THROTTLED);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(60));
    }

    @Test
    void anStsRefusalInsideTheAssertionIsPassedOnAsTranslatedThere() {
        final SignInFailure sts = SignInFailure.of(Category.ACCESS_DENIED, "may not call sts:GetWebIdentityToken");

        assertThat(EntraIdFailures.translate(new RuntimeException(new RuntimeException(sts)), WEB_IDENTITY, null,
            TestTerms.RESOURCE)).isSameAs(sts);
    }

    @Test
    void theAdviceNamesTheSettingsAndRoleOfWhoeverSignsIn() {
        final SignInTerms function = FUNCTION_TERMS;

        final SignInFailure audience = EntraIdFailures.translate(new RuntimeException(entraAnswer(400,
            "invalid_client", "AADSTS700212: No matching federated identity record found for presented assertion "
                + "audience", Map.of())), WEB_IDENTITY, null, function);
        final SignInFailure outage = EntraIdFailures.translate(entraAnswer(503, "temporarily_unavailable", "down",
            Map.of()), WEB_IDENTITY, null, function);

        assertThat(audience.getMessage()).contains("set AZURE_WEB_IDENTITY_AUDIENCE", "subject the ARN of the "
            + "function's role").doesNotContain("AzureWebIdentityAudience", "CloudFormation");
        assertThat(outage.getMessage()).endsWith("it will be retried.").doesNotContain("CloudFormation");
    }
}
