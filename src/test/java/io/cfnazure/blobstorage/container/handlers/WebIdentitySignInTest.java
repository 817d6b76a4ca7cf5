package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.azure.core.credential.AccessToken;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.AzureSignIn;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenRequest;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenResponse;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/** AzureAuthentication AwsWebIdentity: no secret anywhere; the caller's AWS token is the client assertion. */
class WebIdentitySignInTest extends HandlerTestSupport {

    private static String jwt(final String claims) {
        final Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
            + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".signature";
    }

    @Test
    @SuppressWarnings("unchecked")
    void createSignsInWithTheCallersAwsTokenAndReadsNoSecret() {
        when(sts.getWebIdentityToken(any(GetWebIdentityTokenRequest.class))).thenReturn(GetWebIdentityTokenResponse
            .builder().webIdentityToken(jwt("{\"iss\":\"https://abc.tokens.sts.global.api.aws\","
                + "\"sub\":\"arn:aws:iam::123456789012:role/Cfn\"}"))
            .expiration(now.plusSeconds(300)).build());
        // Entra ID asks for the assertion (twice, as azure-identity does) and answers with its token.
        when(entraId.signIn(any(), any(), any(), any(), any(), any())).thenAnswer(call -> {
            final Supplier<AwsWebIdentityTokens.Token> assertion = call.getArgument(5);
            assertThat(assertion.get().issuer()).isEqualTo("https://abc.tokens.sts.global.api.aws");
            assertThat(assertion.get().subject()).isEqualTo("arn:aws:iam::123456789012:role/Cfn");
            return new AccessToken("entra-access-token", OffsetDateTime.now().plusHours(1));
        });
        givenProperties(properties(Map.of(), null));

        final ProgressEvent<ResourceModel, CallbackContext> event = new CreateHandler(dependencies).handleRequest(
            invocation(request(ResourceModel.builder().storageAccountName(ACCOUNT).containerName(CONTAINER)
                .azureTenantId(TENANT).azureClientId(CLIENT).azureAuthentication("AwsWebIdentity").build()), null, null));

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        verifyNoInteractions(secretsManager);
        final ArgumentCaptor<AzureSignIn> signIn = ArgumentCaptor.forClass(AzureSignIn.class);
        verify(entraId).signIn(signIn.capture(), any(), any(), any(), any(), any());
        assertThat(signIn.getValue()).isEqualTo(
            new AzureSignIn.WithAwsWebIdentity(TENANT, CLIENT, "api://AzureADTokenExchange"));
        final ArgumentCaptor<GetWebIdentityTokenRequest> request = ArgumentCaptor.forClass(GetWebIdentityTokenRequest.class);
        verify(sts, times(1)).getWebIdentityToken(request.capture());
        assertThat(request.getValue().audience()).containsExactly("api://AzureADTokenExchange");
        assertThat(request.getValue().signingAlgorithm()).isEqualTo("RS256");
        assertThat(request.getValue().durationSeconds()).isBetween(60, 900);
        assertThat(request.getValue().overrideConfiguration()).hasValueSatisfying(o -> {
            assertThat(o.credentialsIdentityProvider()).isPresent();
            assertThat(o.apiCallTimeout()).isPresent();
        });
    }
}
