package io.cfnazure.blobstorage.container.credentials;

/**
 * The Entra ID app to sign in as, its client secret, and the Secrets Manager secret it came from (for messages).
 * Printing it never shows the client secret.
 */
public record AzureSignIn(String tenantId, String clientId, String clientSecret, String secretId) {

    @Override
    public String toString() {
        return "AzureSignIn[tenant " + tenantId + ", client " + clientId + "]";
    }
}
