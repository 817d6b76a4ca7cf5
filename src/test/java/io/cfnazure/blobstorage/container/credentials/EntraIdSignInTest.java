package io.cfnazure.blobstorage.container.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import io.cfnazure.blobstorage.container.azure.AzureCloud;
import io.cfnazure.blobstorage.container.invocation.Deadline;
import io.cfnazure.blobstorage.container.invocation.HandlerFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

class EntraIdSignInTest {

    private static final String SCOPE = "https://storage.azure.com/.default";
    private static final AzureSignIn.WithAwsWebIdentity WEB_IDENTITY = new AzureSignIn.WithAwsWebIdentity(
        "9bf4ae8d-1122-4d64-be04-899b9c674c81", "3e8f1c55-0b7d-4a2e-9c61-5d2f7a9b4e13", "api://AzureADTokenExchange");
    private static final Supplier<AwsWebIdentityTokens.Token> AWS_TOKEN = () -> new AwsWebIdentityTokens.Token(
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyb2xlIn0.c2lnbmF0dXJl", Instant.now().plusSeconds(300),
        "https://issuer.example.test", "arn:aws:iam::123456789012:role/caller");

    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final HttpClient entraId = request -> {
        if (request.getUrl().getPath().endsWith("/oauth2/v2.0/token")) {
            tokenRequests.incrementAndGet();
        }
        return EntraIdHttpEdge.answering(200, """
            {"token_type":"Bearer","expires_in":3599,"access_token":"entra-access-token-%d"}"""
            .formatted(tokenRequests.get())).send(request);
    };
    private final EntraIdSignIn signIn = new EntraIdSignIn(entraId, SignInTerms.RESOURCE);

    private static Deadline deadline() {
        return Deadline.in(Clock.systemUTC(), Duration.ofSeconds(30));
    }

    @Test
    void aSignInThatFailedForWantOfAnAwsTokenWorksAsSoonAsTheTokenCanBeHad() {
        final HandlerFailure federationDisabled = HandlerFailure.of(HandlerErrorCode.InvalidRequest,
            "IAM outbound identity federation is not enabled");

        assertThatThrownBy(() -> signIn.signIn(WEB_IDENTITY, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, deadline(),
            "caller", () -> {
                throw federationDisabled;
            })).isSameAs(federationDisabled);
        final AccessToken token = signIn.signIn(WEB_IDENTITY, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, deadline(),
            "caller", AWS_TOKEN);

        assertThat(token.getToken()).startsWith("entra-access-token-");
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
