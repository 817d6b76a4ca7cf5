package io.cfnazure.access.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The precedence rule: the resource's settings, then (with a secret) the secret's JSON, then the type configuration. */
class AzureSignInResolverTest {

    private static final String T1 = "11111111-1111-1111-1111-111111111111";
    private static final String T2 = "22222222-2222-2222-2222-222222222222";
    private static final String T3 = "33333333-3333-3333-3333-333333333333";
    private static final String C1 = "aaaaaaaa-1111-1111-1111-111111111111";
    private static final String C2 = "bbbbbbbb-2222-2222-2222-222222222222";
    private static final String C3 = "cccccccc-3333-3333-3333-333333333333";

    private final List<String> secretsRead = new ArrayList<>();

    private AzureSignInResolver.SecretReader secretWith(final String tenantId, final String clientId) {
        return secretId -> {
            secretsRead.add(secretId);
            return new ClientSecret("the-secret", tenantId, clientId);
        };
    }

    @Test
    void theResourcesValuesWinThenTheSecretsThenTheTypeConfigurations() {
        final AzureSignInSettings resource = SettingsBuilder.builder().tenantId(T1).clientSecretName("resource/secret").build();
        final AzureSignInSettings defaults = SettingsBuilder.builder().tenantId(T3).clientId(C3)
            .clientSecretName("default/secret").build();

        final AzureSignIn signIn = AzureSignInResolver.resolve(resource, defaults, secretWith(T2, C2), TestTerms.RESOURCE);

        assertThat(signIn).isEqualTo(new AzureSignIn.WithClientSecret(T1, C2, "the-secret", "resource/secret"));
        assertThat(secretsRead).containsExactly("resource/secret");
    }

    @Test
    void theTypeConfigurationFillsWhatNeitherTheResourceNorTheSecretHas() {
        final AzureSignIn signIn = AzureSignInResolver.resolve(null, SettingsBuilder.builder().tenantId(T3)
            .clientId(C3).clientSecretName("default/secret").build(), secretWith(null, null), TestTerms.RESOURCE);

        assertThat(signIn).isEqualTo(new AzureSignIn.WithClientSecret(T3, C3, "the-secret", "default/secret"));
    }

    @Test
    void withoutAnyTenantTheMessageSaysWhereToSetIt() {
        assertThatThrownBy(() -> AzureSignInResolver.resolve(SettingsBuilder.builder().clientId(C1)
                .clientSecretName("s").build(), null, secretWith(null, null), TestTerms.RESOURCE))
            .isInstanceOf(SignInFailure.class)
            .hasMessageContaining("AzureTenantId").hasMessageContaining("tenantId in secret 's'");
    }

    @Test
    void theResourcesMessagesSayWhereTheDefaultGoes() {
        assertThatThrownBy(() -> AzureSignInResolver.resolve(SettingsBuilder.builder().clientId(C1)
                .clientSecretName("s").build(), null, secretWith(null, null), TestTerms.RESOURCE))
            .hasMessageEndingWith("No Azure tenant is set: set AzureTenantId (or its default in the type configuration's "
                + "AzureSignInSettings), or tenantId in secret 's'.");
        assertThatThrownBy(() -> AzureSignInResolver.resolve(null, null, secretWith(T1, C1), TestTerms.RESOURCE))
            .hasMessageEndingWith("No Azure client secret is named: set AzureClientSecretName (or its default in the type "
                + "configuration's AzureSignInSettings), or sign in without a secret (AzureAuthentication AwsWebIdentity).");
    }

    @Test
    void anotherProgramsMessagesNameItsOwnSettingsOnly() {
        final SignInTerms function = EntraIdFailuresTest.FUNCTION_TERMS;

        assertThatThrownBy(() -> AzureSignInResolver.resolve(SettingsBuilder.builder().clientId(C1)
                .clientSecretName("s").build(), null, secretWith(null, null), function))
            .hasMessageEndingWith("No Azure tenant is set: set AZURE_TENANT_ID, or tenantId in secret 's'.");
        assertThatThrownBy(() -> AzureSignInResolver.resolve(SettingsBuilder.builder().tenantId(T1)
                .authentication("AwsWebIdentity").build(), null, secretWith(null, null), function))
            .hasMessageEndingWith("No Azure client is set: set AZURE_CLIENT_ID.");
        assertThatThrownBy(() -> AzureSignInResolver.resolve(null, null, secretWith(T1, C1), function))
            .hasMessageEndingWith("No Azure client secret is named: set AZURE_CLIENT_SECRET_NAME, or sign in without a secret "
                + "(AZURE_AUTHENTICATION AwsWebIdentity).");
        assertThatThrownBy(() -> AzureSignInResolver.resolve(SettingsBuilder.builder().authentication("Certificate")
                .build(), null, secretWith(T1, C1), function))
            .hasMessageEndingWith("AZURE_AUTHENTICATION 'Certificate' is not supported: use ClientSecret or AwsWebIdentity.");
    }

    @Test
    void aWebIdentitySignInReadsNoSecretAndDefaultsTheAudience() {
        final AzureSignIn signIn = AzureSignInResolver.resolve(SettingsBuilder.builder().tenantId(T1)
                .authentication("AwsWebIdentity").build(),
            SettingsBuilder.builder().clientId(C3).clientSecretName("default/secret").build(), secretWith(T2, C2), TestTerms.RESOURCE);

        assertThat(signIn).isEqualTo(new AzureSignIn.WithAwsWebIdentity(T1, C3, "api://AzureADTokenExchange"));
        assertThat(secretsRead).isEmpty();
    }

    @Test
    void theTypeConfigurationCanMakeWebIdentityTheDefaultAndTheResourceCanSayOtherwise() {
        final AzureSignInSettings defaults = SettingsBuilder.builder().tenantId(T3).clientId(C3)
            .authentication("AwsWebIdentity").webIdentityAudience("api://custom").build();

        assertThat(AzureSignInResolver.resolve(null, defaults, secretWith(null, null), TestTerms.RESOURCE))
            .isEqualTo(new AzureSignIn.WithAwsWebIdentity(T3, C3, "api://custom"));
        assertThat(AzureSignInResolver.resolve(SettingsBuilder.builder().authentication("ClientSecret")
            .clientSecretName("s").build(), defaults, secretWith(null, null), TestTerms.RESOURCE))
            .isInstanceOf(AzureSignIn.WithClientSecret.class);
    }

    @Test
    void aWebIdentitySignInWithoutAClientIdSaysWhereToSetIt() {
        assertThatThrownBy(() -> AzureSignInResolver.resolve(SettingsBuilder.builder().tenantId(T1)
                .authentication("AwsWebIdentity").build(), null, secretWith(null, null), TestTerms.RESOURCE))
            .isInstanceOf(SignInFailure.class)
            .hasMessageContaining("No Azure client is set").hasMessageContaining("AzureClientId");
    }

    @Test
    void printingASignInNeverShowsTheSecret() {
        assertThat(new AzureSignIn.WithClientSecret(T1, C1, "the-secret", "s").toString()).doesNotContain("the-secret");
    }
}
