package io.cfnazure.blobstorage.container.credentials;

import io.cfnazure.blobstorage.container.invocation.SafeText;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import java.util.stream.Stream;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * Which Entra ID app signs in, with which secret. The rule, in one place: for the tenant and client IDs, the values
 * set on the resource win, then those stored with the secret, then the defaults (the type configuration's); the
 * secret is the one the resource names, else the default one.
 */
public final class AzureSignInResolver {

    /** Reads and parses a client secret by name or ARN. */
    @FunctionalInterface
    public interface SecretReader {
        ClientSecret read(String secretId);
    }

    private AzureSignInResolver() {
    }

    public static AzureSignIn resolve(final AzureCredentials fromResource, final AzureCredentials defaults,
                                      final SecretReader secrets) {
        final AzureCredentials resource = orEmpty(fromResource);
        final AzureCredentials fallback = orEmpty(defaults);
        final String secretId = first(resource.getClientSecretName(), fallback.getClientSecretName());
        if (secretId == null) {
            throw new CfnInvalidRequestException("No Azure client secret is named: set AzureClientSecretName on "
                + "the resource, or AzureCredentials.ClientSecretName in the type configuration.");
        }
        final ClientSecret secret = secrets.read(secretId);
        final String tenantId = first(resource.getTenantId(), secret.tenantId(), fallback.getTenantId());
        final String clientId = first(resource.getClientId(), secret.clientId(), fallback.getClientId());
        if (tenantId == null || clientId == null) {
            throw new CfnInvalidRequestException(String.format("No Azure %s is set: set %s on the resource, as %s "
                    + "in secret '%s', or in the type configuration's AzureCredentials.",
                tenantId == null ? "tenant" : "client", tenantId == null ? "AzureTenantId" : "AzureClientId",
                tenantId == null ? "tenantId" : "clientId", SafeText.of(secretId)));
        }
        return new AzureSignIn(tenantId, clientId, secret.clientSecret(), secretId);
    }

    private static AzureCredentials orEmpty(final AzureCredentials credentials) {
        return credentials == null ? new AzureCredentials() : credentials;
    }

    private static String first(final String... values) {
        return Stream.of(values).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }
}
