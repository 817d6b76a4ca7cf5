package io.cfnazure.blobstorage.container.credentials;

import io.cfnazure.blobstorage.container.invocation.SafeText;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import java.util.stream.Stream;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * Which Entra ID app signs in, and how. The rule, in one place: each setting the resource gives wins over the
 * defaults (the type configuration's); with a client secret, the tenant and client IDs stored in the secret's JSON
 * come between the two.
 */
public final class AzureSignInResolver {

    public static final String CLIENT_SECRET = "ClientSecret";
    public static final String AWS_WEB_IDENTITY = "AwsWebIdentity";
    /** The audience Entra ID's federated identity credentials use unless told otherwise. */
    public static final String DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

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
        final String method = first(resource.getAuthentication(), fallback.getAuthentication(), CLIENT_SECRET);
        if (AWS_WEB_IDENTITY.equals(method)) {
            final String tenantId = first(resource.getTenantId(), fallback.getTenantId());
            final String clientId = first(resource.getClientId(), fallback.getClientId());
            requireIds(tenantId, clientId, "");
            return new AzureSignIn.WithAwsWebIdentity(tenantId, clientId,
                first(resource.getWebIdentityAudience(), fallback.getWebIdentityAudience(), DEFAULT_AUDIENCE));
        }
        if (!CLIENT_SECRET.equals(method)) {
            throw new CfnInvalidRequestException(String.format("AzureAuthentication '%s' is not supported: use %s or "
                + "%s.", SafeText.of(method), CLIENT_SECRET, AWS_WEB_IDENTITY));
        }
        final String secretId = first(resource.getClientSecretName(), fallback.getClientSecretName());
        if (secretId == null) {
            throw new CfnInvalidRequestException("No Azure client secret is named: set AzureClientSecretName on "
                + "the resource, or AzureCredentials.ClientSecretName in the type configuration (or sign in without "
                + "a secret: AzureAuthentication AwsWebIdentity).");
        }
        final ClientSecret secret = secrets.read(secretId);
        final String tenantId = first(resource.getTenantId(), secret.tenantId(), fallback.getTenantId());
        final String clientId = first(resource.getClientId(), secret.clientId(), fallback.getClientId());
        requireIds(tenantId, clientId, String.format(", as %s in secret '%s'",
            tenantId == null ? "tenantId" : "clientId", SafeText.of(secretId)));
        return new AzureSignIn.WithClientSecret(tenantId, clientId, secret.clientSecret(), secretId);
    }

    private static void requireIds(final String tenantId, final String clientId, final String inSecret) {
        if (tenantId == null || clientId == null) {
            throw new CfnInvalidRequestException(String.format("No Azure %s is set: set %s on the resource%s, or in "
                    + "the type configuration's AzureCredentials.", tenantId == null ? "tenant" : "client",
                tenantId == null ? "AzureTenantId" : "AzureClientId", inSecret));
        }
    }

    private static AzureCredentials orEmpty(final AzureCredentials credentials) {
        return credentials == null ? new AzureCredentials() : credentials;
    }

    private static String first(final String... values) {
        return Stream.of(values).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }
}
