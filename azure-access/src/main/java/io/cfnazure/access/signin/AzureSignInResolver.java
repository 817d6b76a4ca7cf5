package io.cfnazure.access.signin;

import io.cfnazure.access.calls.SafeText;
import java.util.stream.Stream;
import io.cfnazure.access.signin.SignInFailure.Category;

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

    /** @param terms the names of the settings in messages: the resource's properties, or another caller's */
    public static AzureSignIn resolve(final AzureSignInSettings fromResource, final AzureSignInSettings defaults,
                                      final SecretReader secrets, final SignInTerms terms) {
        final AzureSignInSettings resource = orNone(fromResource);
        final AzureSignInSettings fallback = orNone(defaults);
        final String method = first(resource.method(), fallback.method(), CLIENT_SECRET);
        if (AWS_WEB_IDENTITY.equals(method)) {
            final String tenantId = first(resource.tenantId(), fallback.tenantId());
            final String clientId = first(resource.clientId(), fallback.clientId());
            requireIds(tenantId, clientId, "", terms);
            return new AzureSignIn.WithAwsWebIdentity(tenantId, clientId,
                first(resource.webIdentityAudience(), fallback.webIdentityAudience(), DEFAULT_AUDIENCE));
        }
        if (!CLIENT_SECRET.equals(method)) {
            throw SignInFailure.of(Category.INVALID_SETTING, String.format("%s '%s' is not supported: use %s or %s.",
                terms.authenticationSetting(), SafeText.of(method), CLIENT_SECRET, AWS_WEB_IDENTITY));
        }
        final String secretId = first(resource.clientSecretName(), fallback.clientSecretName());
        if (secretId == null) {
            throw SignInFailure.of(Category.INVALID_SETTING, String.format("No Azure client secret is named: set %s, "
                + "or sign in without a secret (%s).", terms.orItsDefault(terms.secretNameSetting()),
                terms.webIdentitySetting()));
        }
        final ClientSecret secret = secrets.read(secretId);
        final String tenantId = first(resource.tenantId(), secret.tenantId(), fallback.tenantId());
        final String clientId = first(resource.clientId(), secret.clientId(), fallback.clientId());
        requireIds(tenantId, clientId, String.format(", or %s in secret '%s'",
            tenantId == null ? "tenantId" : "clientId", SafeText.of(secretId)), terms);
        return new AzureSignIn.WithClientSecret(tenantId, clientId, secret.clientSecret(), secretId);
    }

    private static void requireIds(final String tenantId, final String clientId, final String inSecret,
                                   final SignInTerms terms) {
        if (tenantId == null || clientId == null) {
            throw SignInFailure.of(Category.INVALID_SETTING, String.format("No Azure %s is set: set %s%s.",
                tenantId == null ? "tenant" : "client",
                terms.orItsDefault(tenantId == null ? terms.tenantIdSetting() : terms.clientIdSetting()), inSecret));
        }
    }

    private static AzureSignInSettings orNone(final AzureSignInSettings settings) {
        return settings == null ? AzureSignInSettings.NONE : settings;
    }

    private static String first(final String... values) {
        return Stream.of(values).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }
}
