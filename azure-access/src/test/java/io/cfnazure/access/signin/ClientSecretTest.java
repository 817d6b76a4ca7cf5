package io.cfnazure.access.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientSecretTest {

    @Test
    void aPlainSecretStringIsTheClientSecret() {
        assertThat(ClientSecret.parse("s", "  abc~123.XYZ \n")).isEqualTo(new ClientSecret("abc~123.XYZ", null, null));
    }

    @Test
    void jsonCarriesTheSecretAndOptionallyTheTenantAndClient() {
        assertThat(ClientSecret.parse("s", "{\"clientSecret\":\"abc\",\"tenantId\":\"t\",\"clientId\":\"c\"}"))
            .isEqualTo(new ClientSecret("abc", "t", "c"));
        assertThat(ClientSecret.parse("s", "{\"clientSecret\":\"abc\"}")).isEqualTo(new ClientSecret("abc", null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"clientSecret\":\"\"}", "{\"secret\":\"hunter2-value\"}", "{not json hunter2-value",
        "{\"clientSecret\": 42}"})
    void emptyOrMalformedSecretsAreRefusedNamingTheSecretNeverItsValue(final String content) {
        assertThatThrownBy(() -> ClientSecret.parse("azure/app", content))
            .isInstanceOf(SignInFailure.class)
            .hasMessageContaining("'azure/app'")
            .hasMessageNotContaining("hunter2");
    }

    @Test
    void aBinaryOnlySecretIsRefused() {
        assertThatThrownBy(() -> ClientSecret.parse("azure/app", null))
            .isInstanceOf(SignInFailure.class)
            .hasMessageContaining("no SecretString");
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertThat(new ClientSecret("hunter2-value", "t", "c").toString()).doesNotContain("hunter2");
    }
}
