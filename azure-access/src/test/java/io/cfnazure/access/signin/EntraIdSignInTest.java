package io.cfnazure.access.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.core.util.HttpClientOptions;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.SignInFailure.Category;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

class EntraIdSignInTest {

    private static final String SCOPE = "https://storage.azure.com/.default";
    private static final AzureSignIn.WithAwsWebIdentity WEB_IDENTITY = new AzureSignIn.WithAwsWebIdentity(
        "9bf4ae8d-1122-4d64-be04-899b9c674c81", "3e8f1c55-0b7d-4a2e-9c61-5d2f7a9b4e13", "api://AzureADTokenExchange");
    private static final Supplier<AwsWebIdentityTokens.Token> AWS_TOKEN = () -> new AwsWebIdentityTokens.Token(
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyb2xlIn0.c2lnbmF0dXJl", Instant.now().plusSeconds(300),
        "https://issuer.example.test", "arn:aws:iam::123456789012:role/caller");

    private static final AzureSignIn.WithClientSecret SIGN_IN_WITH_SECRET = new AzureSignIn.WithClientSecret(
        "9bf4ae8d-1122-4d64-be04-899b9c674c81", "3e8f1c55-0b7d-4a2e-9c61-5d2f7a9b4e13", "s3cr3t~never.shown",
        "azure/blobstorage/client-secret");

    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final HttpClient entraId = request -> {
        if (request.getUrl().getPath().endsWith("/oauth2/v2.0/token")) {
            tokenRequests.incrementAndGet();
        }
        return EntraIdHttpEdge.answering(200, """
            {"token_type":"Bearer","expires_in":3599,"access_token":"entra-access-token-%d"}"""
            .formatted(tokenRequests.get())).send(request);
    };
    private final EntraIdSignIn signIn = new EntraIdSignIn(entraId, TestTerms.RESOURCE);

    private static Deadline deadline() {
        return Deadline.in(Clock.systemUTC(), Duration.ofSeconds(30));
    }

    @Test
    void aSignInThatFailedForWantOfAnAwsTokenWorksAsSoonAsTheTokenCanBeHad() {
        final SignInFailure federationDisabled = SignInFailure.of(Category.INVALID_SETTING,
            "IAM outbound identity federation is not enabled");

        assertThatThrownBy(() -> signIn.signIn(WEB_IDENTITY, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, deadline(),
            "caller", () -> {
                throw federationDisabled;
            })).isSameAs(federationDisabled);
        final AccessToken token = signIn.signIn(WEB_IDENTITY, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, deadline(),
            "caller", AWS_TOKEN);

        assertThat(token.getToken()).startsWith("entra-access-token-");
    }

    /** What a gateway or proxy in front of Entra ID answers: pages that are not Entra ID's JSON. */
    static Stream<Arguments> pages() {
        return Stream.of(
            Arguments.of(429, "text/html", "<html><body>Too Many Requests</body></html>", "60",
                Category.THROTTLED, Duration.ofSeconds(60)),
            Arguments.of(429, "text/html", "", "45", Category.THROTTLED, Duration.ofSeconds(45)),
            Arguments.of(429, "application/json", "{\"message\":\"Rate limit exceeded\"}", null,
                Category.THROTTLED, null),
            Arguments.of(403, "text/html", "<html><body>Forbidden</body></html>", null,
                Category.SERVICE_ERROR, null),
            Arguments.of(502, "text/html", "<html><body>502 Bad Gateway</body></html>", null,
                Category.SERVICE_ERROR, null),
            Arguments.of(503, "text/plain", "", "30", Category.SERVICE_ERROR, null));
    }

    @ParameterizedTest(name = "{0} {1} \"{2}\"")
    @MethodSource("pages")
    void theStatusOfAPageThatIsNotEntraIdsDecidesWhateverItsBody(final int status, final String contentType,
                                                                 final String body, final String retryAfter,
                                                                 final Category code, final Duration wait) {
        final HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, contentType);
        if (retryAfter != null) {
            headers.set(HttpHeaderName.RETRY_AFTER, retryAfter);
        }
        final EntraIdSignIn behindAGateway = new EntraIdSignIn(EntraIdHttpEdge.answering(status, headers, body),
            TestTerms.RESOURCE);

        final SignInFailure failure = catchThrowableOfType(() -> behindAGateway.signIn(WEB_IDENTITY,
            AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, deadline(), "caller", AWS_TOKEN), SignInFailure.class);

        assertThat(failure.category()).as(failure.getMessage()).isEqualTo(code);
        assertThat(failure.retryAfter()).isEqualTo(Optional.ofNullable(wait));
        assertThat(failure.getMessage()).doesNotContain("federated", "invalid_json", body.isEmpty() ? "\u0000" : body);
    }

    @Test
    void anEntraIdThatDoesNotAnswerTimesOutAndTheMessageSaysSo() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            final SignInFailure failure = catchThrowableOfType(() -> signInThroughTheJdkClientTo(silent.getLocalPort()),
                SignInFailure.class);

            assertThat(failure.category()).isEqualTo(Category.TIMED_OUT);
            assertThat(failure.getMessage()).contains("Entra ID did not answer in time to sign in", "(the request timed "
                + "out)").doesNotContain("Could not");
        }
    }

    @Test
    void anEntraIdThatRefusesTheConnectionIsOneThatCouldNotBeConnectedTo() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        final SignInFailure failure = catchThrowableOfType(() -> signInThroughTheJdkClientTo(closedPort),
            SignInFailure.class);

        assertThat(failure.category()).isEqualTo(Category.UNREACHABLE);
        assertThat(failure.getMessage()).contains("Could not connect to Entra ID to sign in").doesNotContain("timed out");
    }

    /**
     * A sign-in through java.net.http, as the handlers' client makes it but with time limits of half a second, to a port
     * of this machine instead of Entra ID's.
     */
    private static void signInThroughTheJdkClientTo(final int port) {
        final HttpClient jdk = HttpClient.createDefault(new HttpClientOptions()
            .setConnectTimeout(Duration.ofMillis(500)).setResponseTimeout(Duration.ofMillis(500)));
        final HttpClient towardsThePort = new HttpClient() {
            @Override
            public Mono<HttpResponse> send(final HttpRequest request) {
                return jdk.send(toPort(request));
            }

            @Override
            public HttpResponse sendSync(final HttpRequest request, final Context context) {
                return jdk.sendSync(toPort(request), context);
            }

            private HttpRequest toPort(final HttpRequest request) {
                // Plain HTTP: the connection is made (TLS would not change that), and then no answer comes.
                return request.setUrl("http://127.0.0.1:" + port + request.getUrl().getPath());
            }
        };
        new EntraIdSignIn(EntraIdHttpEdge.tokenRequestsTo(towardsThePort), TestTerms.RESOURCE).signIn(SIGN_IN_WITH_SECRET,
            AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, deadline(), null, null);
    }

    @Test
    void theLongRunningCredentialHandsOutTheSignInsTokenWithoutAskingEntraIdAgain() {
        final AccessToken signedIn = signIn.signIn(WEB_IDENTITY, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, deadline(),
            null, AWS_TOKEN);

        final AccessToken handedOut = signIn.tokenCredential(WEB_IDENTITY, AzureCloud.AZURE_PUBLIC_CLOUD, AWS_TOKEN)
            .getToken(new TokenRequestContext().addScopes(SCOPE)).block();

        assertThat(handedOut.getToken()).isEqualTo(signedIn.getToken());
        assertThat(tokenRequests).hasValue(1);
    }
}
