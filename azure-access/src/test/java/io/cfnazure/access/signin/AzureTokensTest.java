package io.cfnazure.access.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.core.credential.AccessToken;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.SignInFailure.Category;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenResponse;

/** The whole sign-in: after a refusal the secret is read, or the AWS token asked for, afresh; after an outage not. */
class AzureTokensTest {

    private static final AccessToken TOKEN = new AccessToken("azure-token", OffsetDateTime.now().plusHours(1));
    private static final AzureSignInSettings WITH_SECRET = new AzureSignInSettings("tenant", "client",
        "azure/client-secret", AzureSignInResolver.CLIENT_SECRET, null);
    private static final AzureSignInSettings WITHOUT_SECRET = new AzureSignInSettings("tenant", "client", null,
        AzureSignInResolver.AWS_WEB_IDENTITY, null);
    private static final String SCOPE = AzureCloud.AZURE_PUBLIC_CLOUD.storageScope("drcopies01");

    private final AtomicInteger secretReads = new AtomicInteger();
    private final AtomicInteger stsCalls = new AtomicInteger();
    private final EntraIdSignIn entraId = mock(EntraIdSignIn.class);
    private final AzureTokens tokens = new AzureTokens(entraId, new ClientSecretCache(Clock.systemUTC(),
        TestTerms.RESOURCE), new AwsWebIdentityTokens(Clock.systemUTC(), TestTerms.RESOURCE), TestTerms.RESOURCE);
    private final AzureTokens.Caller caller = new AzureTokens.Caller("123456789012", "eu-west-1", "caller",
        region -> request -> {
            secretReads.incrementAndGet();
            return GetSecretValueResponse.builder().secretString("s3cr3t").build();
        },
        () -> request -> {
            stsCalls.incrementAndGet();
            return GetWebIdentityTokenResponse.builder().webIdentityToken("e30.e30.c2ln")
                .expiration(Instant.now().plusSeconds(300)).build();
        },
        Deadline.in(Clock.systemUTC(), Duration.ofSeconds(20)));

    @Test
    void aRefusedSecretIsReadAgainByTheNextSignIn() {
        whenEntraIdAnswers(SignInFailure.of(Category.REFUSED_CREDENTIALS, "Entra ID refused the secret"));

        assertThatThrownBy(() -> tokens.signIn(WITH_SECRET, null, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, caller))
            .isInstanceOfSatisfying(SignInFailure.class, f ->
                assertThat(f.category()).isEqualTo(Category.REFUSED_CREDENTIALS));
        assertThat(tokens.signIn(WITH_SECRET, null, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, caller).token())
            .isSameAs(TOKEN);
        assertThat(secretReads).hasValue(2);
    }

    @Test
    void anOutageKeepsTheSecretItRead() {
        whenEntraIdAnswers(SignInFailure.of(Category.SERVICE_ERROR, "Entra ID is failing"));

        assertThatThrownBy(() -> tokens.signIn(WITH_SECRET, null, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, caller))
            .isInstanceOf(SignInFailure.class);
        tokens.signIn(WITH_SECRET, null, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, caller);
        assertThat(secretReads).hasValue(1);
    }

    @Test
    void aRefusedAwsTokenIsAskedForAgainByTheNextSignIn() {
        when(entraId.signIn(any(), any(), any(), any(), any(), any())).thenAnswer(call -> {
            final Supplier<AwsWebIdentityTokens.Token> assertion = call.getArgument(5);
            assertion.get();
            if (stsCalls.get() == 1) {
                throw SignInFailure.of(Category.REFUSED_CREDENTIALS, "no federated credential matches");
            }
            return TOKEN;
        });

        assertThatThrownBy(() -> tokens.signIn(WITHOUT_SECRET, null, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, caller))
            .isInstanceOf(SignInFailure.class);
        assertThat(tokens.signIn(WITHOUT_SECRET, null, AzureCloud.AZURE_PUBLIC_CLOUD, SCOPE, caller).token())
            .isSameAs(TOKEN);
        assertThat(stsCalls).hasValue(2);
        assertThat(secretReads).hasValue(0);
    }

    private void whenEntraIdAnswers(final SignInFailure first) {
        when(entraId.signIn(any(), any(), any(), any(), any(), any())).thenThrow(first).thenReturn(TOKEN);
    }
}
