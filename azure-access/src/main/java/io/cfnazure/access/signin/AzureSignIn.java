package io.cfnazure.access.signin;

/** The Entra ID app to sign in as, and how. Printing one never shows a secret. */
public sealed interface AzureSignIn {

    String tenantId();

    String clientId();

    /** With the app's client secret, read from the Secrets Manager secret {@code secretId} (named in messages). */
    record WithClientSecret(String tenantId, String clientId, String clientSecret, String secretId)
        implements AzureSignIn {

        @Override
        public String toString() {
            return "AzureSignIn.WithClientSecret[tenant " + tenantId + ", client " + clientId + ", secret " + secretId
                + "]";
        }
    }

    /** With no secret: a token AWS STS signs for the caller, for {@code audience}, trusted by the app. */
    record WithAwsWebIdentity(String tenantId, String clientId, String audience) implements AzureSignIn {
    }
}
