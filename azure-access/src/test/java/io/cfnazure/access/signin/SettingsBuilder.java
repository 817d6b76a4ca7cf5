package io.cfnazure.access.signin;

/** Settings written the way a template names them, one at a time. */
final class SettingsBuilder {

    private String tenantId;
    private String clientId;
    private String clientSecretName;
    private String authentication;
    private String webIdentityAudience;

    static SettingsBuilder builder() {
        return new SettingsBuilder();
    }

    SettingsBuilder tenantId(final String value) {
        tenantId = value;
        return this;
    }

    SettingsBuilder clientId(final String value) {
        clientId = value;
        return this;
    }

    SettingsBuilder clientSecretName(final String value) {
        clientSecretName = value;
        return this;
    }

    SettingsBuilder authentication(final String value) {
        authentication = value;
        return this;
    }

    SettingsBuilder webIdentityAudience(final String value) {
        webIdentityAudience = value;
        return this;
    }

    AzureSignInSettings build() {
        return new AzureSignInSettings(tenantId, clientId, clientSecretName, authentication, webIdentityAudience);
    }
}
